/// The terminal text and CSV of `tune`.
public enum TuneReport {
    static func percent(_ p: Double, _ se: Double, _ interval: [Double]) -> String {
        Honest.percent(p, error: max(se, (interval[1] - interval[0]) / 3.92))
    }

    static func header(_ scenario: String, paths: Int, steps: Int, days: Double, seed: UInt64) -> [String] {
        ["MarginStress tune - \(scenario)",
         "\(Honest.count(paths)) paths x \(steps) steps over \(Honest.format(days, decimals: days == days.rounded() ? 0 : 2)) days, seed \(seed)", ""]
    }

    public static func text(_ s: FrontierSummary) -> String {
        var lines = header(s.scenario, paths: s.paths, steps: s.steps, days: s.horizonDays, seed: s.seed)
        let what = s.position.map { "the \($0) position(s), the rest held fixed" } ?? "every position, collateral fixed"
        lines.append("Scaling \(what); target: liquidation probability at most \(Honest.format(s.target * 100, decimals: 4).trimmedZeros)%")
        let c = s.current
        lines.append("")
        lines.append("Now (scale 1): leverage \(lev(c.leverage)), liquidation probability \(percent(c.probability, c.standardError, c.interval95)) "
                     + "(95% CI \(percent(c.interval95[0], c.standardError, c.interval95)) to \(percent(c.interval95[1], c.standardError, c.interval95)))")
        let note = s.limitAtRangeEnd ? "  (end of the range: the limit is at least this; widen --range)" : ""
        if let k = s.maxScale {
            lines.append("Largest scale, conservative (95% upper bound within target): \(scale(k)) = leverage \(lev(s.maxLeverage))\(note)")
        } else {
            lines.append("Largest scale, conservative: none in the range")
        }
        if let k = s.pointEstimateMaxScale {
            lines.append("Largest scale, point estimate:                             \(scale(k)) = leverage \(lev(s.pointEstimateMaxLeverage))")
        }
        lines.append("(resolution \(Honest.format(s.gridRelativeSpacing * 100, decimals: 2))%: the next scale examined fails the target)")
        lines.append("")
        lines.append("   scale   leverage   probability   95% CI")
        for p in s.frontier {
            let marker = p.interval95[1] <= s.target ? " " : "*"
            lines.append(pad(scale(p.scale), 8) + "  " + pad(lev(p.leverage), 9) + "  " + pad(percent(p.probability, p.standardError, p.interval95), 12)
                         + "  \(percent(p.interval95[0], p.standardError, p.interval95)) to \(percent(p.interval95[1], p.standardError, p.interval95)) \(marker)")
        }
        lines.append("(* upper 95% bound above the target)")
        lines += s.warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }

    public static func text(_ s: RateSummary) -> String {
        var lines = header(s.scenario, paths: s.paths, steps: s.steps, days: s.horizonDays, seed: s.seed)
        let what = s.position.map { "the \($0) position(s)" } ?? "every position"
        lines.append("One flat maintenance rate for \(what); target: probability of bad debt at most \(Honest.format(s.target * 100, decimals: 4).trimmedZeros)%")
        lines.append("")
        if let m = s.minimumRate, let at = s.atMinimumRate {
            lines.append("Smallest rate, conservative (95% upper bound within target): \(Honest.format(m * 100, decimals: 2))% "
                         + "(bad debt \(percent(at.probability, at.standardError, at.interval95)), 95% CI to \(percent(at.interval95[1], at.standardError, at.interval95)))")
        } else {
            lines.append("Smallest rate, conservative: none up to 50%")
        }
        if let m = s.pointEstimateMinimumRate {
            lines.append("Smallest rate, point estimate:                              \(Honest.format(m * 100, decimals: 2))%")
        }
        lines.append("")
        lines.append("    rate   bad debt      95% CI")
        for p in s.frontier {
            lines.append(pad(Honest.format(p.rate * 100, decimals: 2) + "%", 8) + "   " + pad(percent(p.probability, p.standardError, p.interval95), 12)
                         + "  \(percent(p.interval95[0], p.standardError, p.interval95)) to \(percent(p.interval95[1], p.standardError, p.interval95))"
                         + (p.varianceReduction.map { "  se \(Honest.percent(p.standardError, error: max(p.standardError, 1e-15) / 10)), VR \(Honest.format($0, decimals: 1))x" } ?? ""))
        }
        if let w = s.importanceSampling {
            lines.append("Importance sampling: weighted estimates (se: standard error; VR: plain sampling's variance over the weighted one's); "
                         + "shift \(Honest.format(w.shiftPerStep, decimals: 4)) per step, effective sample size \(Honest.format(w.effectiveSampleSize, decimals: 0)) of \(Honest.count(s.paths)), mean likelihood ratio \(Honest.format(w.meanLikelihoodRatio, decimals: 4))")
        }
        lines += s.warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }

    static func scale(_ k: Double) -> String { Honest.format(k, decimals: k < 10 ? 3 : 2) + "x" }
    static func lev(_ l: Double?) -> String { l.map { Honest.format($0, decimals: 2) + "x" } ?? "n/a" }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `frontier.csv` of the leverage question: one row per table scale.
    public static func csv(_ summary: FrontierSummary) -> String {
        (["scale,leverage,probability,lower95,upper95,count"] + summary.frontier.map {
            "\($0.scale),\($0.leverage.map { "\($0)" } ?? ""),\($0.probability),\($0.interval95[0]),\($0.interval95[1]),\($0.count)"
        }).joined(separator: "\n") + "\n"
    }

    /// `frontier.csv` of the rate question: one row per table rate.
    public static func csv(_ summary: RateSummary) -> String {
        guard summary.importanceSampling != nil else {
            return (["rate,probability,lower95,upper95,count"] + summary.frontier.map {
                "\($0.rate),\($0.probability),\($0.interval95[0]),\($0.interval95[1]),\($0.count)"
            }).joined(separator: "\n") + "\n"
        }
        // Importance sampling: the standard error and the variance reduction of each weighted estimate.
        return (["rate,probability,lower95,upper95,count,standardError,varianceReduction"] + summary.frontier.map {
            "\($0.rate),\($0.probability),\($0.interval95[0]),\($0.interval95[1]),\($0.count),\($0.standardError),\($0.varianceReduction.map { "\($0)" } ?? "")"
        }).joined(separator: "\n") + "\n"
    }
}
