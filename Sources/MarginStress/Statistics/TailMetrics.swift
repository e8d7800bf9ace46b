/// Value at risk and expected shortfall of a loss distribution at one level, read from a `LogSketch`.
///
/// VaR_a is the empirical a-quantile of the loss (the value of rank r = ceil(a n)); ES_a is the mean of the
/// losses of rank r and above, the n - r + 1 largest: every sketch bucket above VaR's, and the share of VaR's
/// bucket that completes them (the exact tail, whatever the bucket width). Both carry the sketch's relative accuracy (0.05%) on top of sampling error.
/// The VaR interval is distribution-free: the order statistics of ranks n a ± 1.96 sqrt(n a (1 - a)).
/// The ES standard error is sd(tail) / sqrt(tail count).
public struct TailMetric: Sendable, Equatable {
    public var level: Double
    public var valueAtRisk: Double
    public var valueAtRiskInterval95: [Double]
    public var expectedShortfall: Double
    public var expectedShortfallStandardError: Double
    /// Paths with a loss at or beyond VaR (the paths ES rests on).
    public var pathsBeyond: Int

    public init?(loss: LogSketch, level a: Double) {
        let n = loss.total
        guard n > 0 else { return nil }
        let rank = max(1, Int((a * Double(n)).rounded(.up)))
        guard let ordinal = loss.ordinal(ofRank: rank) else { return nil }
        let spread = 1.959963984540054 * (Double(n) * a * (1 - a)).squareRoot()
        let low = max(1, Int((Double(n) * a - spread).rounded(.down)))
        let high = min(n, Int((Double(n) * a + spread).rounded(.up)))
        let tail = loss.largest(n - rank + 1)
        level = a
        valueAtRisk = loss.value(atOrdinal: ordinal)
        valueAtRiskInterval95 = [loss.value(ofRank: low) ?? .nan, loss.value(ofRank: high) ?? .nan]
        expectedShortfall = tail.mean
        expectedShortfallStandardError = tail.count > 1 ? (tail.variance / Double(tail.count)).squareRoot() : .nan
        pathsBeyond = tail.count
    }

    /// The level as a JSON key: "0.95", "0.99", "0.999".
    public var key: String { levelKey(level) }
}

/// A level written the way the JSON summary keys it: "0.95", "0.99", "0.999".
func levelKey(_ level: Double) -> String {
    var text = String(level)
    while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
