import Foundation

/// The terminal text and per-date CSV of `backtest`.
public enum BacktestReport {
    static func p(_ x: Double) -> String { x < 0.001 ? "<0.001" : String(format: "%.3f", x) }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    static func level(_ l: Double) -> String { Honest.format(l * 100, decimals: l * 1000 == (l * 1000).rounded() && (l * 100) != (l * 100).rounded() ? 1 : 0) + "%" }

    public static func text(_ s: BacktestSummary) -> String {
        // Book and model columns as wide as their longest entry (at least 16 and 21 characters).
        let bw = max(16, (s.results.map(\.book.count).max() ?? 0) + 2), mw = max(21, (s.results.map(\.model.count).max() ?? 0) + 2)
        func name(_ book: String, _ model: String) -> String {
            book.padding(toLength: bw, withPad: " ", startingAt: 0) + model.padding(toLength: mw, withPad: " ", startingAt: 0)
        }
        var lines = ["MarginStress backtest - \(s.prices), \(s.from) to \(s.to), \(Honest.count(s.forecasts)) forecasts out of sample",
                     "horizon \(s.horizonDays) day\(s.horizonDays == 1 ? "" : "s") (\(s.windows)); book held with \(s.holdDescription); refit every \(s.refitEvery) day\(s.refitEvery == 1 ? "" : "s"); \(Honest.count(s.paths)) paths a date, seed \(s.seed)",
                     "models: " + s.results.map(\.model).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { "\($0) = \(s.models[$0] ?? $0)" }.joined(separator: "; "),
                     "",
                     "VaR coverage (hits: days the loss exceeded VaR; p-values: Kupiec POF, Christoffersen independence and conditional coverage;",
                     "traffic light: 250-day windows green/yellow/red; ES: Acerbi-Szekely Z2, its simulated 5% critical value and p-value)",
                     name("book", "model") + " level   hits  expected  Kupiec  indep.  cond.cov.  windows G/Y/R        Z2   crit.   ES p"]
        for e in s.results {
            for (c, es) in zip(e.coverage, e.expectedShortfall) {
                let tl = c.trafficLight
                let light = "\(tl.windows(in: .green))/\(tl.windows(in: .yellow))/\(tl.windows(in: .red))"
                lines.append(name(e.book, e.model)
                             + pad(level(c.level), 6) + pad("\(c.hits)", 7) + pad(String(format: "%.1f", c.expectedHits), 10)
                             + pad(p(c.kupiec.pValue), 8) + pad(p(c.independence.pValue), 8) + pad(p(c.conditionalCoverage.pValue), 11)
                             + pad(light, 15) + pad(String(format: "%.2f", es.statistic), 10) + pad(String(format: "%.2f", es.criticalValue), 8)
                             + pad(p(es.pValue), 7))
            }
        }
        lines += ["",
                  "Liquidation probability (\(s.liquidationMonitoring)): Brier score, skill against the base rate,",
                  "predicted (sum of probabilities) against observed liquidations, z = (observed - predicted) / se and its p-value",
                  name("book", "model") + "    Brier     skill   predicted  observed      se       z      p   bins in 95%"]
        for e in s.results {
            let c = e.liquidation
            let consistent = "\(c.bins.filter(\.consistent).count)/\(c.bins.count)"
            lines.append(name(e.book, e.model)
                         + pad(String(format: "%.5f", c.brierScore), 9) + pad(c.brierSkill.map { String(format: "%.3f", $0) } ?? "n/a", 10)
                         + pad(String(format: "%.1f", c.predictedCount), 12) + pad("\(c.observedCount)", 10)
                         + pad(String(format: "%.1f", c.countStandardError), 8) + pad(String(format: "%.2f", c.countZ), 8)
                         + pad(p(c.countPValue), 7) + pad(consistent, 14))
        }
        lines.append("")
        lines.append(String(format: "%.1f s", s.seconds))
        return lines.joined(separator: "\n")
    }

    /// `backtest.csv`: one row per model, book and forecast date.
    public static func csv(_ series: [BacktestSeries], dates: [String], levels: [Double]) -> String {
        var header = ["date", "model", "book"]
        for l in levels { header += ["VaR\(level(l).dropLast())", "ES\(level(l).dropLast())", "hit\(level(l).dropLast())"] }
        header += ["realisedPnL", "predictedLiquidation", "realisedLiquidation"]
        var rows = [header.joined(separator: ",")]
        for s in series {
            for (k, t) in s.dateIndices.enumerated() {
                var row = [dates[t], s.model, s.book]
                for l in levels.indices {
                    row += ["\(s.valueAtRisk[l][k])", "\(s.expectedShortfall[l][k])", s.realisedPnL[k] < -s.valueAtRisk[l][k] ? "1" : "0"]
                }
                row += ["\(s.realisedPnL[k])", "\(s.predictedLiquidation[k])", s.realisedLiquidation[k] ? "1" : "0"]
                rows.append(row.joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
