/// The exact sum of any number of finite `Double`s, independent of the order of addition.
///
/// Every finite double is an integer multiple of 2^-1074 below 2^1024, so a sum of doubles is an integer
/// multiple of 2^-1074: it is kept exactly as a fixed-point integer in 32-bit digits ("limbs") held in 64-bit
/// words, the long accumulator of Kulisch and Miranker (1986; see also Neal, "Fast exact summation using
/// small and large superaccumulators", 2015). Adding a double touches three limbs; the spare 31 bits of each
/// word absorb carries, which are propagated every 2^30 additions and before the value is read.
///
/// Because the sum is exact, `merge` is associative and commutative: partial sums of shards, workers or
/// blocks added in any grouping give the same bits, which makes a sharded run bit-identical to one process.
/// `value` is the exact sum rounded to a double (to within one unit in the last place).
/// Non-finite terms are summed apart in floating point (an infinity or NaN makes the value non-finite).
/// - Complexity: O(1) per addition, O(limbs) to merge or read; 68 words of memory.
public struct ExactSum: Sendable, Equatable {
    /// Limb i holds the digit of weight 2^(32 i - 1074) (canonical after `normalize`).
    private var limbs: [Int64]
    /// Additions since the carries were last propagated.
    private var pending = 0
    /// The sum of the non-finite terms (0 when there were none).
    private var special = 0.0

    static let limbCount = 68
    static let carryInterval = 1 << 30

    public init() { limbs = Array(repeating: 0, count: Self.limbCount) }

    /// The sum of `values`.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        self.init()
        for v in values { add(v) }
    }

    public mutating func add(_ x: Double) {
        guard x.isFinite else {
            special += x
            return
        }
        if x == 0 { return }
        let bits = x.exponentBitPattern
        let mantissa: UInt64 = bits == 0 ? x.significandBitPattern : x.significandBitPattern | (1 << 52)
        // x = mantissa x 2^(position - 1074).
        let position = bits == 0 ? 0 : Int(bits) - 1
        let limb = position >> 5
        let shifted = UInt128(mantissa) << UInt128(position & 31)
        let sign: Int64 = x < 0 ? -1 : 1
        limbs[limb] += sign * Int64(truncatingIfNeeded: shifted & 0xFFFF_FFFF)
        limbs[limb + 1] += sign * Int64(truncatingIfNeeded: (shifted >> 32) & 0xFFFF_FFFF)
        limbs[limb + 2] += sign * Int64(truncatingIfNeeded: shifted >> 64)
        pending += 1
        if pending >= Self.carryInterval { normalize() }
    }

    /// Adds another exact sum: the result is the exact sum of all terms of both.
    public mutating func merge(_ other: ExactSum) {
        var o = other
        o.normalize()
        normalize()
        for i in limbs.indices { limbs[i] += o.limbs[i] }
        special += o.special
        pending = 1
        normalize()
    }

    /// Propagates carries: every limb but the last in [0, 2^32), the last signed. The representation is then
    /// unique for each value.
    private mutating func normalize() {
        guard pending > 0 else { return }
        for i in 0..<(limbs.count - 1) {
            let carry = limbs[i] >> 32
            limbs[i] -= carry << 32
            limbs[i + 1] += carry
        }
        pending = 0
    }

    /// The exact sum rounded to a double: the three leading limbs of the magnitude, added smallest first.
    public var value: Double {
        if special != 0 || special.isNaN { return special }
        var digits = self
        digits.normalize()
        var negative = false
        if digits.limbs[limbs.count - 1] < 0 {
            negative = true
            for i in digits.limbs.indices { digits.limbs[i] = -digits.limbs[i] }
            digits.pending = 1
            digits.normalize()
        }
        guard let top = digits.limbs.lastIndex(where: { $0 != 0 }) else { return 0 }
        var result = 0.0
        for i in stride(from: max(0, top - 2), through: top, by: 1) {
            result += Double(sign: .plus, exponent: 32 * i - 1074, significand: Double(digits.limbs[i]))
        }
        return negative ? -result : result
    }

    public static func == (a: ExactSum, b: ExactSum) -> Bool {
        var x = a, y = b
        x.normalize()
        y.normalize()
        return x.limbs == y.limbs && (x.special == y.special || (x.special.isNaN && y.special.isNaN))
    }
}

extension ExactSum: Codable {
    /// Encoded as the canonical limbs from the lowest non-zero one: `{"from": i, "limbs": [...]}`, plus
    /// `special` when some term was not finite.
    private enum CodingKeys: String, CodingKey { case from, limbs, special }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        let from = try c.decode(Int.self, forKey: .from)
        let stored = try c.decode([Int64].self, forKey: .limbs)
        guard from >= 0, from + stored.count <= Self.limbCount else {
            throw DecodingError.dataCorruptedError(forKey: .limbs, in: c, debugDescription: "limbs out of range")
        }
        for (i, v) in stored.enumerated() { limbs[from + i] = v }
        special = try c.decodeIfPresent(Double.self, forKey: .special) ?? 0
        pending = 1
        normalize()
    }

    public func encode(to encoder: any Encoder) throws {
        var digits = self
        digits.normalize()
        var c = encoder.container(keyedBy: CodingKeys.self)
        let first = digits.limbs.firstIndex(where: { $0 != 0 }) ?? 0
        let last = digits.limbs.lastIndex(where: { $0 != 0 }) ?? -1
        try c.encode(first, forKey: .from)
        try c.encode(last >= first ? Array(digits.limbs[first...last]) : [], forKey: .limbs)
        if special != 0 || special.isNaN { try c.encode(special, forKey: .special) }
    }
}
