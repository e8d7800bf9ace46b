/// The summary as a person reads it in a terminal: headline first, then the distributions' key numbers.
public struct TerminalReport {
    public let summary: RunSummary

    public init(summary: RunSummary) { self.summary = summary }

    public var text: String {
        let s = summary, a = s.account, liq = s.liquidation
        var lines: [String] = []
        lines.append("MarginStress - \(s.scenario)")
        if let c = s.coverage {
            if let signal = c.interruptedBy {
                lines.append("INTERRUPTED by \(signal): partial result over blocks \(c.blocks[0])..<\(c.blocks[1]) of \(c.plannedBlocks[0])..<\(c.plannedBlocks[1])")
            }
            if let shard = c.shard { lines.append("SHARD \(shard): blocks \(c.plannedBlocks[0])..<\(c.plannedBlocks[1]) of \(c.totalBlocks) (merge every shard for the whole run)") }
        }
        lines.append("\(Honest.count(s.paths)) path\(s.paths == 1 ? "" : "s") x \(s.steps) step\(s.steps == 1 ? "" : "s") "
                     + "over \(days(s.horizonDays)), \(s.distribution), seed \(s.seed)")
        lines.append("")
        lines.append("Account at start")
        let e = Honest.format(a.equity, decimals: 0)
        var accountLine = "  equity \(e)   maintenance margin \(Honest.format(a.maintenanceMargin, decimals: 0))"
        if let im = a.initialMargin { accountLine += "   initial margin \(Honest.format(im, decimals: 0))" }
        lines.append(accountLine)
        var ratios = "  gross notional \(Honest.format(a.grossNotional, decimals: 0))"
        if let lev = a.leverage { ratios += "   leverage \(Honest.format(lev, decimals: 2))x" }
        if let mr = a.marginRatio { ratios += "   margin ratio \(Honest.format(mr * 100, decimals: 2))%" }
        lines.append(ratios)
        if let model = s.model { lines += model.lines }
        lines.append("")
        lines.append("Liquidation within \(days(s.horizonDays))")
        // With no (or every) path liquidated the standard error is 0; the interval's width still bounds the digits.
        let digitsError = max(liq.standardError, (liq.interval95[1] - liq.interval95[0]) / 3.92)
        lines.append("  probability   \(Honest.percent(liq.probability, error: digitsError))"
                     + "  (se \(Honest.percent(liq.standardError, error: digitsError / 10)), 95% CI "
                     + "\(Honest.percent(liq.interval95[0], error: digitsError)) to "
                     + "\(Honest.percent(liq.interval95[1], error: digitsError)))")
        lines.append("  paths         \(Honest.count(liq.count)) of \(Honest.count(s.paths))")
        if s.sampling.method == "antithetic", let vr = s.sampling.liquidationVarianceReduction {
            lines.append("  antithetic pairs: variance reduction \(Honest.format(vr, decimals: 2))x against independent paths")
        }
        if let target = s.sampling.relativePrecisionTarget {
            let how = s.sampling.stoppedAtPrecision
                ? "reached after \(Honest.count(s.paths)) of \(Honest.count(s.sampling.pathsRequested)) paths"
                : "not reached within \(Honest.count(s.sampling.pathsRequested)) paths"
            lines.append("  relative precision target +/-\(Honest.format(target * 100, decimals: 1))%: \(how)")
        }
        if let mean = s.timeToLiquidation.meanDays {
            lines.append("  mean time to liquidation, if liquidated: \(Honest.format(mean, decimals: 2)) days")
            let half = s.timeToLiquidation.survival.first { $0.days >= s.horizonDays / 2 }
            if let half {
                lines.append("  survival at day \(levelKey(half.days)): "
                             + Honest.percent(half.probability, error: liq.standardError))
            }
        }
        let o = s.liquidationOutcome
        if let lgl = o.lossGivenLiquidation {
            var line = "  loss given liquidation: mean \(money(lgl.mean)), median \(money(lgl.quantiles["0.5"])), 99% \(money(lgl.quantiles["0.99"]))"
            if let cost = o.meanCostWhenLiquidated, cost > 0 { line += "; costs paid \(money(cost)) on average" }
            lines.append(line)
        }
        if let k = o.meanCollateralValueAtLiquidation {
            lines.append("  collateral value at liquidation: \(money(k)) on average (\(money(s.account.collateralValue)) at the start)")
        }
        if let partial = o.partiallyLiquidated, let mean = o.meanPartialLiquidations {
            lines.append("  partial liquidation: at least once on \(Honest.percent(partial.probability, error: max(partial.standardError, 1e-9))) of paths, "
                         + "\(Honest.format(mean, decimals: 4)) per path on average (the probability above counts full liquidations)")
        }
        if o.badDebt.count > 0 {
            lines.append("  bad debt (equity below zero after liquidation): \(Honest.percent(o.badDebt.probability, error: o.badDebt.standardError)), "
                         + "mean \(money(o.meanBadDebtWhenBadDebt)) when it happens, 99% ES \(money(o.badDebtExpectedShortfall99)) over all paths")
        }
        if let r = s.rareEvent {
            lines.append("")
            lines.append(contentsOf: r.lines)
        }
        lines.append("")
        lines.append(contentsOf: pnlLines(s.terminalPnL))
        lines.append("")
        let m = s.minimumEquity
        lines.append("Minimum equity over the path")
        let q = m.quantiles
        lines.append("  median \(money(q["0.5"]))   5% \(money(q["0.05"]))   1% \(money(q["0.01"]))   0.1% \(money(q["0.001"]))")
        lines.append("  below zero at some step: \(Honest.percent(m.belowZero.probability, error: m.belowZero.standardError))")
        if let a = s.attribution {
            lines.append("")
            lines.append("Attribution")
            if a.liquidated.paths > 0 {
                lines.append("  liquidated paths (\(Honest.count(a.liquidated.paths))): asset, mean loss to liquidation, share, lost most")
                for p in a.liquidated.positions {
                    lines.append("    " + pad(p.asset, 8) + pad(Honest.format(p.meanLoss, decimals: 0), 14)
                                 + pad(Honest.format(p.share * 100, decimals: 1) + "%", 9) + Honest.format(p.driverFrequency * 100, decimals: 1) + "%")
                }
            }
            let c = a.componentExpectedShortfall
            lines.append("  99% ES \(Honest.format(c.total, decimals: 0)) over \(Honest.count(c.tailPaths)) paths, by position (Euler):")
            for p in c.positions { lines.append("    " + pad(p.asset, 8) + Honest.format(p.contribution, decimals: 0)) }
            lines.append("    " + pad("other", 8) + Honest.format(c.other, decimals: 0) + "  (collateral moves, funding, costs)")
        }
        if !s.warnings.isEmpty {
            lines.append("")
            lines.append(contentsOf: s.warnings.map { "warning: \($0)" })
        }
        lines.append("")
        lines.append("Simulated in \(Honest.format(s.timing.simulationSeconds, decimals: 2)) s on \(s.timing.workers) "
                     + "worker\(s.timing.workers == 1 ? "" : "s") (\(Honest.format(s.timing.pathsPerSecond, decimals: 0)) paths/s)")
        return lines.joined(separator: "\n")
    }

    func pnlLines(_ p: RunSummary.TerminalPnL) -> [String] {
        var lines = ["Terminal PnL (losses positive in VaR and ES)"]
        lines.append("  mean \(Honest.format(p.mean, error: p.standardError)) (se \(Honest.format(p.standardError, error: p.standardError / 10)))"
                     + "   standard deviation \(Honest.format(p.standardDeviation, error: p.standardError))")
        lines.append("  level      VaR                 95% CI of VaR              ES                  paths beyond")
        for level in RunSummary.tailLevels {
            let key = levelKey(level)
            guard let v = p.valueAtRisk[key], let es = p.expectedShortfall[key] else { continue }
            let ci = p.valueAtRiskInterval95[key] ?? [.nan, .nan]
            // Digits: the larger of the sampling error and the sketch's relative accuracy.
            let accuracy = summary.sketchRelativeAccuracy
            let err = max((ci[1] - ci[0]) / 3.92, accuracy * abs(v), 1e-9)
            let esErr = p.expectedShortfallStandardError[key] ?? .nan
            let esText = esErr.isFinite ? Honest.format(es, error: max(esErr, accuracy * abs(es), 1e-9))
                : Honest.format(es, error: max(accuracy * abs(es), 1e-9))
            lines.append("  " + pad(Honest.format(level * 100, decimals: 1) + "%", 9)
                         + pad(Honest.format(v, error: err), 20)
                         + pad(Honest.format(ci[0], error: err) + " to " + Honest.format(ci[1], error: err), 27)
                         + pad(esText, 20) + Honest.count(p.pathsBeyond[key] ?? 0))
        }
        for (key, reason) in (p.absent ?? [:]).sorted(by: { $0.key < $1.key }) { lines.append("  n/a: \(key): \(reason)") }
        return lines
    }

    func days(_ d: Double) -> String { "\(levelKey(d)) day\(d == 1 ? "" : "s")" }

    func money(_ x: Double?) -> String { x.map { Honest.format($0, decimals: 0) } ?? "n/a" }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
