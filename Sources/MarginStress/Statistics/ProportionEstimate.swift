/// A probability estimated from `count` successes in `trials` independent paths,
/// with its standard error and the Wilson score interval (Wilson 1927).
public struct ProportionEstimate: Sendable, Equatable, Codable {
    public var probability: Double
    /// sqrt(p (1 - p) / n).
    public var standardError: Double
    /// 95% Wilson score interval; unlike p ± 1.96 se it stays inside [0, 1] and is not empty at p = 0.
    public var interval95: [Double]
    public var count: Int

    public init(count: Int, trials: Int) {
        let n = Double(max(trials, 1))
        let p = Double(count) / n
        let z = 1.959963984540054
        let center = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        probability = p
        standardError = (p * (1 - p) / n).squareRoot()
        // At p = 0 or 1 the bound on that side is exactly 0 or 1; rounding must not move it.
        interval95 = [count == 0 ? 0 : max(0, center - half), count >= trials ? 1 : min(1, center + half)]
        self.count = count
    }
}
