import Foundation

/// A mergeable, fixed-memory quantile sketch of signed values with relative accuracy `alpha`
/// (the logarithmic bucketing of DDSketch: Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
/// quantile sketch with relative-error guarantees", VLDB 2019).
///
/// A value v with `minimum <= |v| <= maximum` falls in bucket k = ceil(log_gamma(|v| / minimum)),
/// gamma = (1 + alpha) / (1 - alpha), and is represented by `2 minimum gamma^k / (gamma + 1)`, within
/// `alpha |v|` of v. Values with |v| < minimum count as 0; beyond `maximum` they clamp to the last bucket
/// (counted in `clamped`). Counts are integers, so merging is exact and order-free.
///
/// Buckets are kept as one array in ascending order of value: negative buckets (largest magnitude first),
/// the zero bucket, then positive buckets.
/// - Complexity: O(1) to add, O(buckets) to merge or query; memory `(2 x buckets + 1) x 8` bytes.
public struct LogSketch: Sendable, Equatable {
    public let alpha: Double
    public let minimum: Double
    /// Buckets per sign.
    public let bucketsPerSign: Int
    public private(set) var counts: [Int]
    public private(set) var total: Int = 0
    public private(set) var clamped: Int = 0
    @usableFromInline let logGamma: Double
    /// The largest magnitude represented without clamping.
    public let maximum: Double

    /// A sketch for values whose magnitudes matter between `scale x 1e-9` and `scale x 1e6`.
    public init(scale: Double, alpha: Double = 5e-4) {
        self.init(minimum: (scale.isFinite ? max(scale, 1e-300) : 1) * 1e-9, alpha: alpha)
    }

    /// A sketch whose smallest represented magnitude is `minimum`.
    init(minimum: Double, alpha: Double) {
        let gamma = (1 + alpha) / (1 - alpha)
        self.alpha = alpha
        self.minimum = minimum
        logGamma = Foundation.log(gamma)
        bucketsPerSign = Int((Foundation.log(1e15) / logGamma).rounded(.up))
        counts = Array(repeating: 0, count: 2 * bucketsPerSign + 1)
        maximum = minimum * Foundation.exp(Double(bucketsPerSign) * logGamma)
    }

    /// The ordinal (position in `counts`) of `value`.
    @inlinable
    public func ordinal(of value: Double) -> Int {
        let magnitude = abs(value)
        if !(magnitude >= minimum) { return bucketsPerSign }
        // Compared as a double first: an infinite magnitude clamps to the last bucket instead of trapping in Int().
        let x = (Foundation.log(magnitude / minimum) / logGamma).rounded(.up)
        let k = !(x < Double(bucketsPerSign)) ? bucketsPerSign : max(1, Int(x))  // NaN too
        return value < 0 ? bucketsPerSign - k : bucketsPerSign + k
    }

    /// The representative value of the bucket at `ordinal`.
    public func value(atOrdinal o: Int) -> Double {
        if o == bucketsPerSign { return 0 }
        let k = abs(o - bucketsPerSign)
        let gamma = Foundation.exp(logGamma)
        let magnitude = minimum * 2 * Foundation.exp(Double(k) * logGamma) / (gamma + 1)
        return o < bucketsPerSign ? -magnitude : magnitude
    }

    public mutating func add(_ value: Double) {
        if abs(value) > maximum { clamped += 1 }
        counts[ordinal(of: value)] += 1
        total += 1
    }

    public mutating func merge(_ other: LogSketch) {
        precondition(other.counts.count == counts.count && other.minimum == minimum, "sketches must share their layout")
        for o in counts.indices { counts[o] += other.counts[o] }
        total += other.total
        clamped += other.clamped
    }

    /// The ordinal holding the value of rank `rank` (1-based, ascending), or nil when out of range.
    public func ordinal(ofRank rank: Int) -> Int? {
        guard rank >= 1, rank <= total else { return nil }
        var seen = 0
        for o in counts.indices {
            seen += counts[o]
            if seen >= rank { return o }
        }
        return nil
    }

    /// The value of rank `rank` (1-based, ascending), to relative accuracy `alpha`.
    public func value(ofRank rank: Int) -> Double? {
        ordinal(ofRank: rank).map { value(atOrdinal: $0) }
    }

    /// The empirical q-quantile: the value of rank ceil(q n).
    public func quantile(_ q: Double) -> Double? {
        value(ofRank: max(1, Int((q * Double(total)).rounded(.up))))
    }

    /// The mean of the `k` largest values (a bucket on the boundary counted in part): the expected shortfall
    /// of exactly the worst `k` paths, which stays meaningful when most values are 0.
    public func meanOfLargest(_ k: Int) -> Double? {
        guard k > 0, k <= total else { return nil }
        return largest(k).mean
    }

    /// Mean and variance of the `k` largest values: every bucket above the one that holds the value of rank
    /// `total - k + 1`, and as many values of that bucket as complete the `k`.
    public func largest(_ k: Int) -> (count: Int, mean: Double, variance: Double) {
        guard k > 0, k <= total else { return (0, .nan, .nan) }
        var left = k, sum = 0.0, sumSquares = 0.0
        for o in counts.indices.reversed() where counts[o] > 0 {
            let take = Swift.min(left, counts[o]), v = value(atOrdinal: o), c = Double(take)
            sum += c * v
            sumSquares += c * v * v
            left -= take
            if left == 0 { break }
        }
        let mean = sum / Double(k)
        return (k, mean, Swift.max(0, sumSquares / Double(k) - mean * mean))
    }

    /// Count, mean and variance of the values in buckets at or above `ordinal`.
    public func tail(fromOrdinal start: Int) -> (count: Int, mean: Double, variance: Double) {
        var n = 0, sum = 0.0, sumSquares = 0.0
        for o in start..<counts.count where counts[o] > 0 {
            let v = value(atOrdinal: o), c = Double(counts[o])
            n += counts[o]
            sum += c * v
            sumSquares += c * v * v
        }
        guard n > 0 else { return (0, .nan, .nan) }
        let mean = sum / Double(n)
        return (n, mean, max(0, sumSquares / Double(n) - mean * mean))
    }
}

extension LogSketch: Codable {
    /// Encoded by its layout (`alpha`, `minimum`) and its non-zero buckets as `[ordinal, count]` pairs.
    private enum CodingKeys: String, CodingKey { case alpha, minimum, total, clamped, buckets }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(minimum: try c.decode(Double.self, forKey: .minimum), alpha: try c.decode(Double.self, forKey: .alpha))
        for pair in try c.decode([[Int]].self, forKey: .buckets) {
            guard pair.count == 2, counts.indices.contains(pair[0]), pair[1] >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .buckets, in: c, debugDescription: "bucket \(pair) out of range")
            }
            counts[pair[0]] += pair[1]
        }
        total = try c.decode(Int.self, forKey: .total)
        clamped = try c.decode(Int.self, forKey: .clamped)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(minimum, forKey: .minimum)
        try c.encode(total, forKey: .total)
        try c.encode(clamped, forKey: .clamped)
        try c.encode(counts.indices.filter { counts[$0] != 0 }.map { [$0, counts[$0]] }, forKey: .buckets)
    }
}
