import Foundation

/// What `exchange` reports over a book: per path, how many accounts are liquidated, the notional they close and the
/// bad debt they leave; per account, its liquidation probability and bad debt. Every figure is over the run's paths.
public struct ExchangeSummary: Sendable, Codable {
    public struct Distribution: Sendable, Codable {
        public var mean: Double
        /// Quantiles at 0.5, 0.95, 0.99, 0.999 (sketch values, 0.05% relative accuracy).
        public var quantiles: [String: Double]
        /// VaR and ES at 99% (the mean of the worst 1% of paths).
        public var valueAtRisk99: Double?
        public var expectedShortfall99: Double?
    }

    public struct Account: Sendable, Codable {
        public var account: String
        public var liquidation: ProportionEstimate
        /// Bad debt per path, averaged over all paths (hundredths rounded per event).
        public var meanBadDebt: Double
        /// Paths on which auto-deleveraging reduced the account; its ADL loss against the mark and the notional
        /// closed, per path averaged over all paths.
        public var deleveragedPaths: Int = 0
        public var meanADLLoss: Double = 0
        public var meanADLNotional: Double = 0
    }

    /// Auto-deleveraging over the paths: probability of any, positions closed per path, per path its notional (at
    /// the bankruptcy prices) in total and per asset, the bad debt it covered, and what nobody absorbed.
    public struct Deleveraging: Sendable, Codable {
        public var enabled: Bool
        public var anyADL: ProportionEstimate
        public var meanPositionsClosed: Double
        public var notional: Distribution
        public var notionalByAsset: [String: Distribution]
        public var meanCovered: Double
        public var meanUnabsorbed: Double
    }

    public var scenario: String
    public var accounts: Int
    /// Margin units: a cross account is one, an isolated account one per position.
    public var units: Int
    public var paths: Int
    public var steps: Int
    public var seed: UInt64
    /// Probability that at least one account is liquidated on a path, and that some bad debt is left.
    public var anyLiquidation: ProportionEstimate
    public var anyBadDebt: ProportionEstimate
    public var liquidatedAccounts: Distribution
    public var liquidatedNotional: Distribution
    public var liquidatedNotionalByAsset: [String: Distribution]
    public var badDebt: Distribution
    /// Account liquidations by step (index 0: liquidated at today's prices).
    public var liquidationsByStep: [Int]
    /// The rules (impact, rounds, fund, fee).
    public var rules: ExchangeRules
    /// Per path: what the insurance fund paid, and the bad debt beyond the fund (what auto-deleveraging would close).
    public var fundLoss: Distribution
    public var uncoveredBadDebt: Distribution
    /// Probability the fund runs out within the horizon, and the paths by the step it did (index 0: at once).
    public var fundExhausted: ProportionEstimate
    public var fundExhaustedByStep: [Int]
    /// Steps merged into each entry of `liquidationsByStep` and `fundExhaustedByStep` when the run has more than
    /// `SeriesThinning.maxPoints` steps (entry 0: step 0; entry i: the steps after the previous entry's up to
    /// min(i g, steps)); absent when every step has its entry.
    public var stepsPerPoint: Int?
    /// Paths by cascade depth (the most rounds with liquidations in one step; index 0: none liquidated).
    public var cascadeDepth: [Int]
    /// Paths on which a cascade reached the round cap.
    public var pathsAtRoundCap: Int
    public var autoDeleveraging: Deleveraging
    /// Fees paid into the fund per path (mean over all paths); with `--liquidation-style chunks`, chunks closed and
    /// units taken by the backstop per path (means over all paths).
    public var meanFees: Double
    public var meanChunks: Double
    public var meanBackstops: Double
    /// Histograms over paths (for the HTML report): `liquidatedNotional`, `badDebt`, `fundLoss`, `adlNotional`; a
    /// zero-width bin [0, 0] with the paths at 0, 24 equal bins up to the 99.9% quantile, one bin beyond it up to
    /// the largest value (bucket representatives of the sketch, 0.05% relative).
    public var histograms: [String: [Histogram.Bin]]
    /// The ten accounts with the most bad debt (mean per path), largest first.
    public var topBadDebt: [Account]
    public var warnings: [String]
    public var accountRows: [Account]

    enum CodingKeys: String, CodingKey {
        case scenario, accounts, units, paths, steps, seed, anyLiquidation, anyBadDebt, liquidatedAccounts, liquidatedNotional,
             liquidatedNotionalByAsset, badDebt, liquidationsByStep, topBadDebt, warnings, rules, fundLoss, uncoveredBadDebt,
             fundExhausted, fundExhaustedByStep, cascadeDepth, pathsAtRoundCap, autoDeleveraging, stepsPerPoint,
             meanFees, meanChunks, meanBackstops, histograms
    }

    /// Per-step series keep about `SeriesThinning.maxPoints` entries unless `everyStep`.
    public init(scenario s: Scenario, analysis: ExchangeAnalysis, names: [String], partial r: ExchangePartial,
                everyStep: Bool = false) {
        let g = SeriesThinning.stepsPerPoint(steps: s.steps, everyStep: everyStep)
        stepsPerPoint = g > 1 ? g : nil
        warnings = []
        func distribution(_ sketch: LogSketch, sum: Double) -> Distribution {
            var q: [String: Double] = [:]
            for level in [0.5, 0.95, 0.99, 0.999] { q[String(level)] = sketch.quantile(level) }
            let tail = TailMetric(loss: sketch, level: 0.99)
            return Distribution(mean: r.paths > 0 ? sum / Double(r.paths) : .nan, quantiles: q,
                                valueAtRisk99: tail?.valueAtRisk, expectedShortfall99: tail?.expectedShortfall)
        }
        scenario = s.name
        accounts = analysis.accounts
        units = analysis.valuation.unitCount
        paths = r.paths
        steps = s.steps
        seed = s.seed
        anyLiquidation = ProportionEstimate(count: r.pathsWithLiquidation, trials: r.paths)
        anyBadDebt = ProportionEstimate(count: r.pathsWithBadDebt, trials: r.paths)
        let totalLiquidated = r.accountLiquidations.reduce(0, +)
        liquidatedAccounts = distribution(r.liquidatedAccounts, sum: Double(totalLiquidated))
        liquidatedNotional = distribution(r.liquidatedNotional, sum: r.sumLiquidatedNotional.value)
        var byAsset: [String: Distribution] = [:]
        for (k, a) in analysis.market.simulated.enumerated() {
            // The per-asset mean from its sketch (no exact sum is kept per asset).
            let sketch = r.assetNotional[k]
            var sum = 0.0
            for (o, c) in sketch.counts.enumerated() where c > 0 { sum += Double(c) * sketch.value(atOrdinal: o) }
            byAsset[s.assets[a].symbol] = distribution(sketch, sum: sum)
        }
        liquidatedNotionalByAsset = byAsset
        badDebt = distribution(r.badDebt, sum: r.sumBadDebt.value)
        liquidationsByStep = SeriesThinning.merged(r.liquidationsByStep, stepsPerPoint: g)
        rules = analysis.rules
        fundLoss = distribution(r.fundLoss, sum: r.sumFundLoss.value)
        uncoveredBadDebt = distribution(r.uncoveredBadDebt, sum: r.sumUncovered.value)
        fundExhausted = ProportionEstimate(count: r.fundExhaustedByStep.reduce(0, +), trials: r.paths)
        fundExhaustedByStep = SeriesThinning.merged(r.fundExhaustedByStep, stepsPerPoint: g)
        cascadeDepth = r.cascadeDepth
        pathsAtRoundCap = r.pathsAtRoundCap
        if r.pathsAtRoundCap > 0 {
            warnings.append("on \(r.pathsAtRoundCap) paths a cascade reached the cap of \(analysis.rules.maxRounds) rounds in a step (raise --max-rounds)")
        }
        let n = Double(max(r.paths, 1))
        var adlByAsset: [String: Distribution] = [:]
        for (k, a) in analysis.market.simulated.enumerated() where r.sumADLAssetNotional[k].value > 0 {
            adlByAsset[s.assets[a].symbol] = distribution(r.adlAssetNotional[k], sum: r.sumADLAssetNotional[k].value)
        }
        autoDeleveraging = Deleveraging(enabled: analysis.rules.autoDeleverage, anyADL: ProportionEstimate(count: r.pathsWithADL, trials: r.paths),
                                        meanPositionsClosed: Double(r.adlPositions) / n, notional: distribution(r.adlNotional, sum: r.sumADLNotional.value),
                                        notionalByAsset: adlByAsset, meanCovered: r.sumADLCovered.value / n, meanUnabsorbed: r.sumUnabsorbed.value / n)
        meanFees = r.sumFees.value / n
        histograms = ["liquidatedNotional": Self.bins(r.liquidatedNotional), "badDebt": Self.bins(r.badDebt),
                      "fundLoss": Self.bins(r.fundLoss), "adlNotional": Self.bins(r.adlNotional)]
        meanChunks = Double(r.chunks) / n
        meanBackstops = Double(r.backstops) / n
        accountRows = names.indices.map { a in
            Account(account: names[a], liquidation: ProportionEstimate(count: r.accountLiquidations[a], trials: r.paths),
                    meanBadDebt: Double(r.accountBadDebtCents[a]) / 100 / n, deleveragedPaths: r.accountDeleveraged[a],
                    meanADLLoss: Double(r.accountADLLossCents[a]) / 100 / n, meanADLNotional: Double(r.accountADLNotionalCents[a]) / 100 / n)
        }
        topBadDebt = Array(accountRows.filter { $0.meanBadDebt > 0 }.sorted { $0.meanBadDebt > $1.meanBadDebt }.prefix(10))
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try c.decode(String.self, forKey: .scenario)
        accounts = try c.decode(Int.self, forKey: .accounts)
        units = try c.decode(Int.self, forKey: .units)
        paths = try c.decode(Int.self, forKey: .paths)
        steps = try c.decode(Int.self, forKey: .steps)
        seed = try c.decode(UInt64.self, forKey: .seed)
        anyLiquidation = try c.decode(ProportionEstimate.self, forKey: .anyLiquidation)
        anyBadDebt = try c.decode(ProportionEstimate.self, forKey: .anyBadDebt)
        liquidatedAccounts = try c.decode(Distribution.self, forKey: .liquidatedAccounts)
        liquidatedNotional = try c.decode(Distribution.self, forKey: .liquidatedNotional)
        liquidatedNotionalByAsset = try c.decode([String: Distribution].self, forKey: .liquidatedNotionalByAsset)
        badDebt = try c.decode(Distribution.self, forKey: .badDebt)
        liquidationsByStep = try c.decode([Int].self, forKey: .liquidationsByStep)
        topBadDebt = try c.decode([Account].self, forKey: .topBadDebt)
        warnings = try c.decode([String].self, forKey: .warnings)
        rules = try c.decode(ExchangeRules.self, forKey: .rules)
        fundLoss = try c.decode(Distribution.self, forKey: .fundLoss)
        uncoveredBadDebt = try c.decode(Distribution.self, forKey: .uncoveredBadDebt)
        fundExhausted = try c.decode(ProportionEstimate.self, forKey: .fundExhausted)
        fundExhaustedByStep = try c.decode([Int].self, forKey: .fundExhaustedByStep)
        cascadeDepth = try c.decode([Int].self, forKey: .cascadeDepth)
        pathsAtRoundCap = try c.decode(Int.self, forKey: .pathsAtRoundCap)
        autoDeleveraging = try c.decode(Deleveraging.self, forKey: .autoDeleveraging)
        stepsPerPoint = try c.decodeIfPresent(Int.self, forKey: .stepsPerPoint)
        meanFees = try c.decode(Double.self, forKey: .meanFees)
        meanChunks = try c.decode(Double.self, forKey: .meanChunks)
        meanBackstops = try c.decode(Double.self, forKey: .meanBackstops)
        histograms = try c.decode([String: [Histogram.Bin]].self, forKey: .histograms)
        accountRows = []
    }

    /// The histogram of a sketch of non-negative values (see `histograms`).
    static func bins(_ sketch: LogSketch) -> [Histogram.Bin] {
        var zero = 0, largest = 0.0
        for (o, c) in sketch.counts.enumerated() where c > 0 {
            let v = sketch.value(atOrdinal: o)
            if v <= 0 { zero += c } else { largest = max(largest, v) }
        }
        var out = [Histogram.Bin(lower: 0, upper: 0, count: zero)]
        guard largest > 0 else { return out }
        let top = min(largest, max(sketch.quantile(0.999) ?? largest, largest * 1e-6)), width = top / 24
        var core = Array(repeating: 0, count: 24), beyond = 0
        for (o, c) in sketch.counts.enumerated() where c > 0 {
            let v = sketch.value(atOrdinal: o)
            if v <= 0 { continue }
            if v > top { beyond += c } else { core[min(23, Int(v / width))] += c }
        }
        for i in 0..<24 { out.append(Histogram.Bin(lower: Double(i) * width, upper: Double(i + 1) * width, count: core[i])) }
        if beyond > 0 { out.append(Histogram.Bin(lower: top, upper: largest, count: beyond)) }
        return out
    }

    /// One row per account: `account,liquidationProbability,lower95,upper95,liquidatedPaths,meanBadDebt,
    /// deleveragedPaths,meanADLLoss,meanADLNotional` (Wilson 95% interval), readable by `pandas.read_csv`.
    public var accountsCSV: String {
        var out = "account,liquidationProbability,lower95,upper95,liquidatedPaths,meanBadDebt,deleveragedPaths,meanADLLoss,meanADLNotional\n"
        out.reserveCapacity(64 * accountRows.count)
        for r in accountRows {
            let name = r.account.contains(",") || r.account.contains("\"") ? "\"" + r.account.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : r.account
            out += "\(name),\(r.liquidation.probability),\(r.liquidation.interval95[0]),\(r.liquidation.interval95[1]),\(r.liquidation.count),\(r.meanBadDebt),\(r.deleveragedPaths),\(r.meanADLLoss),\(r.meanADLNotional)\n"
        }
        return out
    }

    /// The terminal table.
    public var text: String {
        func money(_ x: Double?) -> String { x.map { Honest.format($0, decimals: 0) } ?? "n/a" }
        func pct(_ e: ProportionEstimate) -> String {
            "\(Honest.percent(e.probability, error: e.standardError)) [\(Honest.format(e.interval95[0] * 100, decimals: 3).trimmedZeros)%, \(Honest.format(e.interval95[1] * 100, decimals: 3).trimmedZeros)%]"
        }
        func row(_ name: String, _ d: Distribution, decimals: Int = 0) -> String {
            "  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + Honest.format(d.mean, decimals: decimals).leftPadded(16)
                + money(d.quantiles["0.5"]).leftPadded(16) + money(d.quantiles["0.99"]).leftPadded(16) + money(d.expectedShortfall99).leftPadded(16)
        }
        var lines = ["Exchange: \(scenario): \(Honest.count(accounts)) accounts (\(Honest.count(units)) margin units), \(Honest.count(paths)) paths x \(steps) steps, seed \(seed)", ""]
        lines.append("  Some account liquidated on a path: \(pct(anyLiquidation))")
        lines.append("  Some bad debt left on a path:      \(pct(anyBadDebt))")
        lines.append("")
        lines.append("  per path                              mean          median        99% VaR         99% ES")
        lines.append(row("accounts liquidated", liquidatedAccounts, decimals: 2))
        lines.append(row("liquidated notional", liquidatedNotional))
        for symbol in liquidatedNotionalByAsset.keys.sorted() { lines.append(row("  of which \(symbol)", liquidatedNotionalByAsset[symbol]!)) }
        lines.append(row("bad debt", badDebt))
        lines.append(row("insurance fund loss", fundLoss))
        lines.append(row("bad debt beyond the fund", uncoveredBadDebt))
        let adl = autoDeleveraging
        if adl.enabled {
            lines.append(row("ADL notional", adl.notional))
            for symbol in adl.notionalByAsset.keys.sorted() { lines.append(row("  of which \(symbol)", adl.notionalByAsset[symbol]!)) }
        }
        lines.append("")
        lines.append("  Insurance fund \(money(rules.insuranceFund)) exhausted on a path: \(pct(fundExhausted)); fees into it per path \(money(meanFees))")
        if rules.style == .chunks {
            lines.append("  Liquidation in chunks: \(Honest.format(meanChunks, decimals: 2)) chunks and \(Honest.format(meanBackstops, decimals: 2)) backstop takeovers per path")
        } else if rules.style == .fillablePrice {
            lines.append("  Liquidation at dYdX's fillable price: penalty min(SMMR x MMF x (1 - Q), \(rules.maximumPenalty)) of the notional, into the fund")
        }
        if adl.enabled {
            lines.append("  Auto-deleveraging on a path:       \(pct(adl.anyADL)); positions closed per path \(Honest.format(adl.meanPositionsClosed, decimals: 2)), "
                         + "bad debt covered per path \(money(adl.meanCovered)), left unabsorbed \(money(adl.meanUnabsorbed))")
        } else {
            lines.append("  Auto-deleveraging off (--auto-deleverage): bad debt beyond the fund is left uncovered")
        }
        let deep = cascadeDepth.enumerated().filter { $0.offset >= 2 && $0.element > 0 }
        if !deep.isEmpty {
            lines.append("  Cascades (rounds with liquidations in one step): " + deep.map { "\($0.offset) rounds on \(Honest.count($0.element)) paths" }.joined(separator: ", "))
        }
        if !topBadDebt.isEmpty {
            lines.append("")
            lines.append("  Largest contributors to bad debt (mean per path):")
            for a in topBadDebt {
                lines.append("    " + a.account.padding(toLength: 20, withPad: " ", startingAt: 0) + money(a.meanBadDebt).leftPadded(14)
                             + "   liquidated on \(pct(a.liquidation)) of paths")
            }
        }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}
