import Foundation

/// Acerbi and Szekely's (2014, "Backtesting expected shortfall", Risk) second test of expected shortfall:
///
///     Z2 = sum_t X_t I_t / (T alpha ES_t) + 1,    I_t = 1{X_t < -VaR_t},
///
/// with X_t the realised PnL, VaR_t and ES_t the forecast losses (positive) at tail probability alpha = 1 - level.
/// Under the model E[Z2] = 0; too much loss in the tail (more hits, or larger ones) makes Z2 negative. The
/// distribution of Z2 under the model is simulated (the paper's recommendation): each day draws a hit with
/// probability alpha and, on a hit, a loss from that day's forecast tail, given as `tailSize` equally likely PnL
/// values (the forecast's quantiles at tail probabilities alpha (k + 1/2) / tailSize). The p-value is the
/// fraction of simulated Z2 at or below the observed one; the test rejects at `size` when Z2 is below the
/// simulated `size`-quantile (the critical value).
public struct AcerbiSzekelyZ2: Sendable, Equatable, Codable {
    public var statistic: Double
    public var criticalValue: Double
    public var pValue: Double
    public var size: Double
    public var simulations: Int
    public var rejected: Bool { statistic < criticalValue }

    /// Z2 from realised PnL and positive VaR/ES forecasts of the same days.
    public static func statistic(pnl: [Double], valueAtRisk: [Double], expectedShortfall: [Double], alpha: Double) -> Double {
        let t = Double(pnl.count)
        guard t > 0 else { return 0 }
        var sum = 0.0
        for i in pnl.indices where pnl[i] < -valueAtRisk[i] && expectedShortfall[i] > 0 {
            sum += pnl[i] / expectedShortfall[i]
        }
        return sum / (t * alpha) + 1
    }

    /// - Parameters:
    ///   - tails: day t's forecast tail PnL values at `tails[t * tailSize ..< (t + 1) * tailSize]`.
    ///   - seed: the simulation's random stream (same seed, same critical value).
    public init(pnl: [Double], valueAtRisk: [Double], expectedShortfall: [Double], alpha: Double,
                tails: [Double], tailSize: Int, simulations: Int = 2_000, size: Double = 0.05, seed: UInt64 = 1) {
        precondition(tails.count == pnl.count * tailSize && tailSize > 0)
        let observed = Self.statistic(pnl: pnl, valueAtRisk: valueAtRisk, expectedShortfall: expectedShortfall, alpha: alpha)
        statistic = observed
        let days = pnl.count
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: seed, block: 0, buffer: buffer)
        // A hit is drawn as u < alpha with u uniform; the same u picks the tail value: u / alpha is uniform on [0, 1).
        var simulated = [Double](repeating: 0, count: simulations)
        let scale = 1 / (Double(max(days, 1)) * alpha)
        for s in 0..<simulations {
            var sum = 0.0
            for t in 0..<days {
                let u = stream.nextUniform()
                if u < alpha, expectedShortfall[t] > 0 {
                    let k = min(tailSize - 1, Int(u / alpha * Double(tailSize)))
                    sum += tails[t * tailSize + k] / expectedShortfall[t]
                }
            }
            simulated[s] = sum * scale + 1
        }
        simulated.sort()
        let below = simulated.lazy.filter { $0 <= observed }.count
        pValue = Double(below + 1) / Double(simulations + 1)
        criticalValue = simulated[min(simulations - 1, max(0, Int((size * Double(simulations)).rounded(.down))))]
        self.size = size
        self.simulations = simulations
    }
}
