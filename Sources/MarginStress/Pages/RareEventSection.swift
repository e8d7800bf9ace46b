import Foundation

/// The rare-event card of the run report (continuous monitoring and/or importance sampling): the weighted
/// liquidation and bad-debt probabilities with their standard errors, the effective sample size, the variance
/// reduction, the plain pilot, and the projected time to ±10%: the terminal's block as a table.
struct RareEventSection: EscapesHTML {
    var rare: RareEventSummary

    static func percent(_ x: Double, _ se: Double) -> String { Honest.percent(x, error: max(se, 1e-15)) }

    var rows: [(String, String)] {
        let r = rare, l = r.liquidation, b = r.badDebt
        var rows: [(String, String)] = [
            ("Liquidation probability",
             "\(Self.percent(l.probability, l.standardError)) (standard error \(Self.percent(l.standardError, l.standardError / 10)); "
             + "95% interval \(Self.percent(l.interval95[0], l.standardError)) to \(Self.percent(l.interval95[1], l.standardError)))"),
            ("Bad-debt probability",
             "\(Self.percent(b.probability, b.standardError)) (standard error \(Self.percent(b.standardError, b.standardError / 10)))"),
            ("Paths", "\(Honest.count(l.paths)), \(Honest.count(l.hits)) with a non-zero contribution"),
        ]
        if let ess = r.effectiveSampleSize, let w = r.meanLikelihoodRatio {
            rows.append(("Effective sample size", "\(Honest.format(ess, decimals: 0)) of \(Honest.count(l.paths)) (mean likelihood ratio \(Honest.format(w, decimals: 4)))"))
        }
        if let vr = l.varianceReduction {
            var text = "\(Honest.format(vr, decimals: 1))x against plain sampling of the same event"
            if let o = r.observedVarianceReduction { text += "; \(Honest.format(o, decimals: 1))x against this run's plain pilot" }
            rows.append(("Variance reduction", text))
        }
        rows.append(("Plain pilot (discrete, unweighted)",
                     "\(Self.percent(r.plainProbability, r.plainStandardError)) (standard error \(Self.percent(r.plainStandardError, r.plainStandardError / 10))) over \(Honest.count(r.plainPaths)) paths"))
        if let t = r.secondsTo10Percent {
            var text = "\(Honest.format(t, decimals: 2)) s"
            if let p = r.plainSecondsTo10Percent { text += " (plain sampling: \(Honest.format(p, decimals: 2)) s)" }
            rows.append(("Projected time to ±10% at 95%", text))
        }
        if let target = r.relativePrecisionTarget {
            rows.append(("Precision target ±\(Honest.format(target * 100, decimals: 1))%", r.stoppedAtPrecision ? "reached" : "not reached"))
        }
        return rows
    }

    var html: String {
        let how = [rare.monitoring == "continuous" ? "continuous monitoring (Brownian bridge between steps)" : nil,
                   rare.importanceSampling ? "importance sampling (shocks tilted toward the liquidation boundary, each path weighted by its likelihood ratio)" : nil]
            .compactMap { $0 }.joined(separator: " and ")
        var out = """
            <section class="card">
            <h2>Rare-event estimate</h2>
            <p class="quiet">A second pass over the scenario's paths with \(e(how)). The other figures on this page \
            come from the plain pass\(rare.importanceSampling ? " (the pilot)" : "").</p>
            <div class="table-wrap"><table class="narrow">
            <tbody>

            """
        for (label, value) in rows { out += "<tr><td>\(e(label))</td><td>\(e(value))</td></tr>\n" }
        out += """
            </tbody>
            </table></div>
            </section>

            """
        return out
    }
}
