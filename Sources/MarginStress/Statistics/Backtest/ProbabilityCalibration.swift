import Foundation

/// How well predicted probabilities p_t of an event (an account's liquidation within the horizon) match the
/// events y_t in {0, 1} that followed.
///
/// - Brier score (Brier 1950): BS = mean (p_t - y_t)^2; its reference is the climatological forecast, the base rate
///   ybar on every day: BS_ref = ybar (1 - ybar); skill = 1 - BS / BS_ref (1 perfect, 0 no better than the base
///   rate, negative worse; undefined when the event never or always happened).
/// - Reliability table: days grouped by predicted probability into bins; in each, the mean prediction against the
///   observed frequency with its 95% Wilson interval (Wilson 1927).
/// - Count test: under calibration and independence sum y_t has mean sum p_t and variance sum p_t (1 - p_t);
///   z = (sum y - sum p) / sqrt(sum p (1 - p)), two-sided normal p-value.
public struct ProbabilityCalibration: Sendable, Equatable, Codable {
    public struct Bin: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double
        public var days: Int
        public var meanPredicted: Double
        public var observed: ProportionEstimate
        /// The observed frequency's Wilson interval contains the mean prediction.
        public var consistent: Bool { observed.interval95[0] <= meanPredicted && meanPredicted <= observed.interval95[1] }
    }

    public var days: Int
    public var brierScore: Double
    public var baseRate: Double
    public var brierSkill: Double?
    public var predictedCount: Double
    public var observedCount: Int
    public var countStandardError: Double
    public var countZ: Double
    public var countPValue: Double
    public var bins: [Bin]

    /// Bin edges for the reliability table: probabilities span orders of magnitude, so the bins do too.
    public static let defaultEdges: [Double] = [0, 0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1]

    public init(predicted: [Double], observed: [Bool], edges: [Double] = ProbabilityCalibration.defaultEdges) {
        precondition(predicted.count == observed.count)
        let n = predicted.count
        days = n
        var brier = 0.0, sumP = 0.0, variance = 0.0, events = 0
        for t in 0..<n {
            let p = predicted[t], y = observed[t] ? 1.0 : 0.0
            brier += (p - y) * (p - y)
            sumP += p
            variance += p * (1 - p)
            events += observed[t] ? 1 : 0
        }
        brierScore = n > 0 ? brier / Double(n) : 0
        baseRate = n > 0 ? Double(events) / Double(n) : 0
        let reference = baseRate * (1 - baseRate)
        brierSkill = reference > 0 ? 1 - brierScore / reference : nil
        predictedCount = sumP
        observedCount = events
        countStandardError = variance.squareRoot()
        countZ = variance > 0 ? (Double(events) - sumP) / variance.squareRoot() : (Double(events) == sumP ? 0 : .infinity)
        countPValue = countZ.isFinite ? ChiSquare.normalTwoSided(countZ) : 0
        var bins: [Bin] = []
        for b in 0..<(edges.count - 1) {
            let lo = edges[b], hi = edges[b + 1], last = b == edges.count - 2
            var count = 0, hits = 0, sum = 0.0
            for t in 0..<n where predicted[t] >= lo && (predicted[t] < hi || (last && predicted[t] <= hi)) {
                count += 1
                hits += observed[t] ? 1 : 0
                sum += predicted[t]
            }
            guard count > 0 else { continue }
            bins.append(Bin(lower: lo, upper: hi, days: count, meanPredicted: sum / Double(count),
                            observed: ProportionEstimate(count: hits, trials: count)))
        }
        self.bins = bins
    }
}
