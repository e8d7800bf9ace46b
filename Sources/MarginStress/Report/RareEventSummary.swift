import Foundation

/// The second pass of `run` (continuous monitoring and/or importance sampling) beside the plain pass.
public struct RareEventSummary: Sendable, Codable, Equatable {
    /// "discrete" or "continuous".
    public var monitoring: String
    public var importanceSampling: Bool
    /// The per-step shift of the independent normals (its Euclidean norm), with importance sampling.
    public var shiftPerStep: Double?
    /// Liquidation probability: the mean over paths of L w (L: 1 - bridge survival, or the discrete indicator;
    /// w: the likelihood ratio at the stopping time, 1 without a tilt), with its standard error.
    public var liquidation: WeightedEstimate
    /// Bad-debt probability (equity after costs below zero at a discrete liquidation), weighted the same way.
    public var badDebt: WeightedEstimate
    /// Kish's effective sample size (sum w)² / sum w², and the mean likelihood ratio (1 in expectation).
    public var effectiveSampleSize: Double?
    public var meanLikelihoodRatio: Double?
    /// The plain pass: discrete monitoring, no tilt, its own paths.
    public var plainPaths: Int
    public var plainProbability: Double
    public var plainStandardError: Double
    /// Plain variance per path over the second pass's, both measured in this run: (n_plain SE_plain²) /
    /// (n SE²); nil when either is 0 or when they estimate different events (continuous against discrete).
    public var observedVarianceReduction: Double?
    /// Seconds per path of each pass, and the projected seconds to a 95% half-width of 10% of the estimate:
    /// (1.96 / 0.1)² × variance per path / p² × seconds per path (nil without an estimate).
    public var secondsPerPath: Double
    public var plainSecondsPerPath: Double
    public var secondsTo10Percent: Double?
    public var plainSecondsTo10Percent: Double?
    public var relativePrecisionTarget: Double?
    public var stoppedAtPrecision: Bool

    public init(scenario s: Scenario, analysis: RareEventAnalysis, result: RareEventRunner.Result, plain: SimulationResult) {
        monitoring = s.continuousMonitoring == true ? "continuous" : "discrete"
        importanceSampling = s.importanceSampling == true
        shiftPerStep = analysis.shift.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let p = result.partial
        liquidation = p.liquidationEstimate
        badDebt = p.badDebtEstimate
        effectiveSampleSize = importanceSampling ? p.effectiveSampleSize : nil
        meanLikelihoodRatio = importanceSampling ? p.meanWeight : nil
        let n = plain.outcomes.paths
        let plainEstimate = ProportionEstimate(count: plain.moments.liquidations, trials: n)
        plainPaths = n
        plainProbability = plainEstimate.probability
        plainStandardError = plainEstimate.standardError
        let perPath = Double(liquidation.paths) * liquidation.standardError * liquidation.standardError
        let plainPerPath = Double(n) * plainStandardError * plainStandardError
        observedVarianceReduction = monitoring == "discrete" && perPath > 0 && plainPerPath > 0 ? plainPerPath / perPath : nil
        secondsPerPath = result.seconds / Double(max(1, result.pathsSimulated))
        plainSecondsPerPath = plain.simulationSeconds / Double(max(1, plain.pathsSimulated))
        let z = 1.959963984540054 / 0.1
        func seconds(_ variance: Double, _ p: Double, _ each: Double) -> Double? {
            p > 0 && variance > 0 ? z * z * variance / (p * p) * each : nil
        }
        secondsTo10Percent = seconds(perPath, liquidation.probability, secondsPerPath)
        // Plain sampling of the same event: a Bernoulli at the second pass's estimate.
        let q = liquidation.probability
        plainSecondsTo10Percent = seconds(q * (1 - q), q, plainSecondsPerPath)
        relativePrecisionTarget = s.relativePrecision
        stoppedAtPrecision = result.stoppedAtPrecision
    }

    /// `rare_event.csv` of `--export`: one row per estimate (the weighted liquidation and bad-debt
    /// probabilities, then the plain pilot's liquidation probability); empty cells where a figure does not apply.
    public var csv: String {
        func cell(_ x: Double?) -> String { x.map(csvNumber) ?? "" }
        func row(_ name: String, _ e: WeightedEstimate, ess: Double?, w: Double?) -> String {
            [name, cell(e.probability), cell(e.standardError), cell(e.interval95[0]), cell(e.interval95[1]), "\(e.paths)",
             "\(e.hits)", cell(e.varianceReduction), cell(ess), cell(w)].joined(separator: ",")
        }
        let z = 1.959963984540054
        let plain = [ "plainLiquidation", cell(plainProbability), cell(plainStandardError),
                      cell(max(0, plainProbability - z * plainStandardError)), cell(min(1, plainProbability + z * plainStandardError)),
                      "\(plainPaths)", "\(Int((plainProbability * Double(plainPaths)).rounded()))", "", "", ""].joined(separator: ",")
        return ["estimate,probability,standardError,lower95,upper95,paths,hits,varianceReduction,effectiveSampleSize,meanLikelihoodRatio",
                row("liquidation", liquidation, ess: effectiveSampleSize, w: meanLikelihoodRatio),
                row("badDebt", badDebt, ess: effectiveSampleSize, w: meanLikelihoodRatio), plain].joined(separator: "\n") + "\n"
    }

    /// The lines of the terminal report.
    public var lines: [String] {
        var out: [String] = []
        let how = [monitoring == "continuous" ? "continuous monitoring (Brownian bridge)" : nil,
                   importanceSampling ? "importance sampling" : nil].compactMap { $0 }.joined(separator: ", ")
        out.append("Rare-event estimate: \(how), \(Honest.count(liquidation.paths)) paths")
        let e = max(liquidation.standardError, 1e-12)
        out.append("  liquidation probability \(Honest.percent(liquidation.probability, error: e)) (se \(Honest.percent(liquidation.standardError, error: e / 10)), "
                   + "95% CI \(Honest.percent(liquidation.interval95[0], error: e)) to \(Honest.percent(liquidation.interval95[1], error: e)))")
        let b = max(badDebt.standardError, 1e-12)
        out.append("  bad-debt probability    \(Honest.percent(badDebt.probability, error: b)) (se \(Honest.percent(badDebt.standardError, error: b / 10)))")
        if let ess = effectiveSampleSize, let w = meanLikelihoodRatio {
            out.append("  effective sample size \(Honest.format(ess, decimals: 0)) of \(Honest.count(liquidation.paths)), mean likelihood ratio \(Honest.format(w, decimals: 4))")
        }
        if let vr = liquidation.varianceReduction {
            var line = "  variance reduction \(Honest.format(vr, decimals: 1))x against plain sampling of the same event"
            if let o = observedVarianceReduction { line += " (\(Honest.format(o, decimals: 1))x against the plain pass of this run)" }
            out.append(line)
        }
        out.append("  plain pass (discrete): \(Honest.percent(plainProbability, error: max(plainStandardError, 1e-12))) "
                   + "(se \(Honest.percent(plainStandardError, error: max(plainStandardError, 1e-12) / 10))) over \(Honest.count(plainPaths)) paths")
        if let t = secondsTo10Percent {
            var line = "  time to +/-10% at 95%: \(Honest.format(t, decimals: 2)) s"
            if let pt = plainSecondsTo10Percent { line += " (plain: \(Honest.format(pt, decimals: 2)) s)" }
            out.append(line)
        }
        if let target = relativePrecisionTarget {
            out.append("  relative precision target +/-\(Honest.format(target * 100, decimals: 1))%: \(stoppedAtPrecision ? "reached" : "not reached") after \(Honest.count(liquidation.paths)) paths")
        }
        return out
    }
}
