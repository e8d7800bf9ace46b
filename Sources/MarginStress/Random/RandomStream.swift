import CVectorMath

/// The random bits of one block of paths, counter-based: word n of block b is
///
///     mix(key + gamma x (b x 2^40 + n + 1)),   key = mix(seed xor 0x6A09E667F3BCC909)
///
/// where `mix` is the SplitMix64 output function and gamma = 0x9E3779B97F4A7C15 (Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014). For a fixed block this is exactly the
/// SplitMix64 sequence (which passes BigCrush); block b owns the segment starting at draw b x 2^40, so the
/// streams of different blocks never overlap (up to 2^40 words per block and 2^24 blocks), and any block is
/// reachable directly, whichever worker runs it. Words are produced in batches into a caller-owned buffer
/// by a C kernel of the CPU's level (`ms_splitmix_words`, eight lanes at a time).
@frozen
public struct RandomStream {
    @usableFromInline let base: UInt64
    @usableFromInline var counter: UInt64
    @usableFromInline let buffer: UnsafeMutablePointer<UInt64>
    @usableFromInline var position: Int

    /// Words produced per refill.
    public static let batch = 512
    /// Words available to one block's stream.
    public static let wordsPerBlock: UInt64 = 1 << 40
    /// Blocks addressable by one seed.
    public static let maximumBlocks = 1 << 24
    @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The SplitMix64 output function (Stafford's Mix13), a bijection of 64-bit words.
    @inlinable @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// A stream over `buffer`, which must hold `RandomStream.batch` words and outlive the stream.
    @inlinable
    public init(seed: UInt64, block: UInt64, buffer: UnsafeMutablePointer<UInt64>) {
        base = Self.mix(seed ^ 0x6A09_E667_F3BC_C909) &+ Self.gamma &* (block &<< 40)
        counter = 0
        self.buffer = buffer
        position = Self.batch
    }

    /// Fills the buffer with the next `batch` words: `buffer[k] = mix(start + gamma (k + 1))` with
    /// `start = base + gamma x counter`, by the C kernel of the CPU's level (`ms_splitmix_words`).
    @inlinable
    mutating func refill() {
        let start = base &+ Self.gamma &* counter
        ms_splitmix_words(buffer, start, Self.batch)
        counter &+= UInt64(Self.batch)
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

    /// The next `count` words (at most `batch`) as one contiguous run, valid until the next draw.
    /// Words left in the current batch are skipped when fewer than `count` remain.
    @inlinable @inline(__always)
    public mutating func take(_ count: Int) -> UnsafePointer<UInt64> {
        precondition(count <= Self.batch)
        if position + count > Self.batch { refill() }
        let start = buffer + position
        position &+= count
        return UnsafePointer(start)
    }

    /// The words left in the current batch, after a refill when none is left: `words[0 ..< count]` are what the
    /// next `count` calls of `next()` return, in that order. `skip(_:)` consumes the ones used, so a vector loop
    /// can read a run of words in place and leave the stream exactly where as many `next()` calls would.
    @inlinable @inline(__always)
    public mutating func pendingWords() -> (words: UnsafePointer<UInt64>, count: Int) {
        if position == Self.batch { refill() }
        return (UnsafePointer(buffer + position), Self.batch - position)
    }

    /// Consumes `count` of the words `pendingWords()` returned (at most its count).
    @inlinable @inline(__always)
    public mutating func skip(_ count: Int) {
        precondition(count <= Self.batch - position)
        position &+= count
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

extension RandomStream {
    /// Words `n` of this block's segment, lane by lane: mix(key + gamma x (b x 2^40 + n + 1)), the words `next()`
    /// gives after n draws. Reads the block's sequence at any place without moving the stream, so a part of
    /// the segment far beyond what the stream itself reaches serves as a substream (the bridge's normals,
    /// `BridgedShocks`) that leaves the stream's own draws, and so every other number, unchanged.
    @inlinable @inline(__always)
    public func words(at n: FastMath.Words) -> FastMath.Words {
        var z = FastMath.Words(repeating: base) &+ FastMath.Words(repeating: Self.gamma) &* (n &+ 1)
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
