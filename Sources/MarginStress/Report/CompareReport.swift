/// The terminal text and CSV files of `compare`.
public enum CompareReport {
    static func pct(_ e: ProportionEstimate) -> String {
        Honest.percent(e.probability, error: max(e.standardError, (e.interval95[1] - e.interval95[0]) / 3.92))
    }

    /// `compare_positions.csv`: one row per position.
    public static func positionsCSV(_ summary: CompareSummary) -> String {
        let rows = summary.positions.map { p in
            [p.asset, "\(p.quantity)", "\(p.isolatedMargin)", "\(p.crossLiquidated.probability)",
             "\(p.isolatedLiquidated.probability)", "\(p.contagion.probability)", "\(p.savedByPooling.probability)"]
                .joined(separator: ",")
        }
        return (["asset,quantity,isolatedMargin,crossLiquidated,isolatedLiquidated,contagion,savedByPooling"] + rows)
            .joined(separator: "\n") + "\n"
    }

    /// `compare_survival.csv`: both modes' survival curves with their 95% intervals, one row per step.
    public static func survivalCSV(_ summary: CompareSummary) -> String {
        let cross = summary.cross.timeToLiquidation.survival, isolated = summary.isolated.timeToLiquidation.survival
        let survival = zip(cross, isolated).map { c, i in
            "\(c.days),\(c.probability),\(c.interval95[0]),\(c.interval95[1]),\(i.probability),\(i.interval95[0]),\(i.interval95[1])"
        }
        return (["days,cross,crossLower95,crossUpper95,isolated,isolatedLower95,isolatedUpper95"] + survival)
            .joined(separator: "\n") + "\n"
    }

    public static func text(_ s: CompareSummary) -> String {
        var lines = ["MarginStress compare - \(s.scenario)",
                     "\(Honest.count(s.paths)) paths x \(s.steps) steps over \(Honest.format(s.horizonDays, decimals: 0)) days, seed \(s.seed); same paths in both modes",
                     "",
                     "                                  cross        isolated"]
        func row(_ label: String, _ a: String, _ b: String) -> String {
            label.padding(toLength: 32, withPad: " ", startingAt: 0) + a.leftPadded(9) + "     " + b.leftPadded(9)
        }
        lines.append(row("any position liquidated", pct(s.cross.anyLiquidated), pct(s.isolated.anyLiquidated)))
        lines.append(row("expected positions liquidated", Honest.format(s.cross.expectedPositionsLiquidated, decimals: 4),
                         Honest.format(s.isolated.expectedPositionsLiquidated, decimals: 4)))
        lines.append(row("expected liquidation loss", Honest.format(s.cross.expectedLiquidationLoss, decimals: 0),
                         Honest.format(s.isolated.expectedLiquidationLoss, decimals: 0)))
        lines.append("")
        lines.append("position   quantity   isolated margin   liquidated: cross   isolated   contagion   saved by pooling")
        for p in s.positions {
            lines.append(p.asset.padding(toLength: 9, withPad: " ", startingAt: 0)
                         + Honest.format(p.quantity, decimals: 4).trimmedZeros.leftPadded(10)
                         + Honest.format(p.isolatedMargin, decimals: 0).leftPadded(18)
                         + pct(p.crossLiquidated).leftPadded(20) + pct(p.isolatedLiquidated).leftPadded(11)
                         + pct(p.contagion).leftPadded(12) + pct(p.savedByPooling).leftPadded(19))
        }
        lines.append("")
        lines.append("contagion: liquidated under cross although it would have survived on its own margin;")
        lines.append("saved by pooling: liquidated on its own margin although the pooled account survived.")
        lines += s.warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    public func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
