import Foundation

/// One model's forecasts for one book on every forecast date, beside what happened.
public struct BacktestSeries: Sendable, Codable {
    public var model: String
    public var book: String
    /// Indices into the prices' dates of each forecast date t (forecast made with closes up to t - 1).
    public var dateIndices: [Int]
    /// VaR and ES (positive losses, USD) per level, then per date.
    public var valueAtRisk: [[Double]]
    public var expectedShortfall: [[Double]]
    /// Per level, `tailSize` PnL values per date: the forecast's quantiles at tail probabilities
    /// alpha (j + 1/2) / tailSize, for the Acerbi-Szekely simulation.
    public var tails: [[Double]]
    public var tailSize: Int
    /// Predicted probability that the account is liquidated within the horizon (closes only).
    public var predictedLiquidation: [Double]
    /// Book PnL from close t-1 to close t+H-1 and whether the closes in between liquidated the account.
    public var realisedPnL: [Double]
    public var realisedLiquidation: [Bool]

    /// Days the realised loss exceeded the VaR at level index `l`.
    public func hits(level l: Int) -> [Bool] { zip(realisedPnL, valueAtRisk[l]).map { $0 < -$1 } }

    /// k = ceil(n (1 - a)), clamped to 1...n: how many of the smallest PnL values VaR_a and ES_a read.
    static func tailCount(_ n: Int, level: Double) -> Int {
        max(1, min(n, Int((Double(n) * (1 - level)).rounded(.up))))
    }

    /// VaR_a and ES_a of a sample of n PnL values, read from its smallest values `x` (ascending, at least
    /// `tailCount(n, level)` of them): with k = ceil(n (1 - a)), VaR = -x_(k), ES = -mean of the k smallest; and the
    /// tail quantiles x_(floor(n alpha (j + 1/2) / size)) for j < size.
    static func tailMetrics(smallest x: [Double], of n: Int, level: Double, tailSize: Int) -> (vaR: Double, es: Double, tail: [Double]) {
        let alpha = 1 - level, k = tailCount(n, level: level)
        precondition(x.count >= k, "the sample's smallest values reach the level")
        var sum = 0.0
        for i in 0..<k { sum += x[i] }
        let tail = (0..<tailSize).map { j in x[min(k - 1, Int(Double(n) * alpha * (Double(j) + 0.5) / Double(tailSize)))] }
        return (-x[k - 1], -sum / Double(k), tail)
    }
}
