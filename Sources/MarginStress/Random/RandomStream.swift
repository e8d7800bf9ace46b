/// The random bits of one block of paths: Philox4x32-10 keyed by the seed, counter `(n, block)`.
///
/// Counter words 2-3 hold the block index and words 0-1 a running draw number, so streams of different
/// blocks never overlap (2⁶⁴ draws of 128 bits each per block). Bits are produced in batches into a
/// caller-owned buffer so the generator's loop runs without branches and can be vectorised.
@frozen
public struct RandomStream {
    @usableFromInline let philox: Philox4x32
    @usableFromInline let block: UInt64
    @usableFromInline var counter: UInt64
    @usableFromInline let buffer: UnsafeMutablePointer<UInt64>
    @usableFromInline var position: Int

    /// Words produced per refill (two per Philox call).
    public static let batch = 256

    /// A stream over `buffer`, which must hold `RandomStream.batch` words and outlive the stream.
    @inlinable
    public init(seed: UInt64, block: UInt64, buffer: UnsafeMutablePointer<UInt64>) {
        philox = Philox4x32(key: seed)
        self.block = block
        counter = 0
        self.buffer = buffer
        position = Self.batch
    }

    @inlinable
    mutating func refill() {
        let b0 = UInt32(truncatingIfNeeded: block), b1 = UInt32(truncatingIfNeeded: block >> 32)
        let start = counter
        for k in 0..<(Self.batch / 2) {
            let n = start &+ UInt64(k)
            let r = philox.block(UInt32(truncatingIfNeeded: n), UInt32(truncatingIfNeeded: n >> 32), b0, b1)
            buffer[2 * k] = UInt64(r.0) | UInt64(r.1) << 32
            buffer[2 * k + 1] = UInt64(r.2) | UInt64(r.3) << 32
        }
        counter = start &+ UInt64(Self.batch / 2)
        position = 0
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        if position == Self.batch { refill() }
        let value = buffer[position]
        position &+= 1
        return value
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in (0, 1], safe to take the logarithm of.
    @inlinable @inline(__always)
    public mutating func nextUniformPositive() -> Double {
        Double((next() >> 11) &+ 1) * 0x1p-53
    }
}
