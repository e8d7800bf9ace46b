import CVectorMath

/// Eight-lane `exp`, `log` and `cos`/`sin` of a full turn in SIMD arithmetic, so that the normal sampler's loop
/// is vector code on any x86-64 (SSE2 in a portable build, AVX2 or AVX-512 when built for the local CPU).
/// Accurate to a few ulp in the ranges the samplers use; tests compare them with Foundation's.
public enum FastMath {
    public typealias Doubles = SIMD8<Double>
    public typealias Words = SIMD8<UInt64>

    /// Natural logarithm of positive, normal values.
    ///
    /// x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716,
    /// by its odd series to s^21 (truncation below 3e-17 relative). The exponent is turned into a double
    /// through the 2^52 bit trick, so no integer conversion instruction is needed.
    @inlinable @inline(__always)
    public static func log(_ x: Doubles) -> Doubles {
        let bits = unsafeBitCast(x, to: Words.self)
        let mantissa = bits & 0x000F_FFFF_FFFF_FFFF
        // big = 1 when the mantissa is above that of sqrt(2) (0x6A09E667F3BCD), in integer operations only.
        let big = (mantissa &+ (0x0010_0000_0000_0000 - 0x0006_A09E_667F_3BCD)) &>> 52
        let m = unsafeBitCast(mantissa | ((0x3FF &- big) &<< 52), to: Doubles.self)
        let exponentField = ((bits &>> 52) & 0x7FF) &+ big
        let e = unsafeBitCast(exponentField | 0x4330_0000_0000_0000, to: Doubles.self) - (0x1p52 + 1023)
        let s = (m - 1) / (m + 1), s2 = s * s
        var p = Doubles(repeating: 1.0 / 21)
        p = p.fma(s2, 1.0 / 19)
        p = p.fma(s2, 1.0 / 17)
        p = p.fma(s2, 1.0 / 15)
        p = p.fma(s2, 1.0 / 13)
        p = p.fma(s2, 1.0 / 11)
        p = p.fma(s2, 1.0 / 9)
        p = p.fma(s2, 1.0 / 7)
        p = p.fma(s2, 1.0 / 5)
        p = p.fma(s2, 1.0 / 3)
        let logM = 2 * s + 2 * s * s2 * p
        return e * 0.6931471803691238 + (logM + e * 1.9082149292705877e-10)
    }

    /// `e^x`, accurate to about 1 ulp for |x| < 700.
    ///
    /// Cody-Waite reduction `x = k ln 2 + r` with |r| <= ln 2 / 2, the degree-12 Taylor polynomial of e^r
    /// (truncation error below 2e-16 relative), and the scale 2^k built directly in the exponent bits.
    /// `k` comes from the 1.5 x 2^52 shifter, so no float-to-integer conversion is needed.
    /// Log-price increments in this model stay far inside the valid range.
    @inlinable @inline(__always)
    public static func exp(_ x: Doubles) -> Doubles {
        let shifter = 0x1.8p52
        let kShifted = x.fma(Doubles(repeating: 1.4426950408889634), shifter)
        let k = kShifted - shifter
        let r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10
        var p = Doubles(repeating: 2.08767569878681e-09)  // 1/12!
        p = p.fma(r, 2.505210838544172e-08)
        p = p.fma(r, 2.755731922398589e-07)
        p = p.fma(r, 2.7557319223985893e-06)
        p = p.fma(r, 2.48015873015873e-05)
        p = p.fma(r, 0.0001984126984126984)
        p = p.fma(r, 0.001388888888888889)
        p = p.fma(r, 0.008333333333333333)
        p = p.fma(r, 0.041666666666666664)
        p = p.fma(r, 0.16666666666666666)
        p = p.fma(r, 0.5)
        p = p.fma(r, 1)
        p = p.fma(r, 1)
        let scale = unsafeBitCast((unsafeBitCast(kShifted, to: Words.self) &+ 1023) &<< 52, to: Doubles.self)
        return p * scale
    }

    /// `(cos(2 pi v), sin(2 pi v))` for v in [0, 1).
    ///
    /// Reduced to the nearest quarter turn: 4v = q + f, |f| <= 1/2, theta = f pi / 2 in [-pi/4, pi/4], where
    /// Taylor series to theta^16 are below 1e-16; the quadrant q mod 4 rotates (cos, sin) by selects and sign flips.
    @inlinable @inline(__always)
    public static func cosSinTurn(_ v: Doubles) -> (cos: Doubles, sin: Doubles) {
        let shifter = 0x1.8p52
        let w = 4 * v
        let qShifted = w + shifter
        let q = qShifted - shifter
        let quadrant = unsafeBitCast(qShifted, to: Words.self) & 3
        let t = (w - q) * 1.5707963267948966
        let t2 = t * t
        var sp = Doubles(repeating: -7.647163731819816e-13)  // -1/15!
        sp = sp.fma(t2, 1.6059043836821613e-10)
        sp = sp.fma(t2, -2.505210838544172e-08)
        sp = sp.fma(t2, 2.7557319223985893e-06)
        sp = sp.fma(t2, -0.0001984126984126984)
        sp = sp.fma(t2, 0.008333333333333333)
        sp = sp.fma(t2, -0.16666666666666666)
        let sinT = t + t * t2 * sp
        var cp = Doubles(repeating: 4.779477332387385e-14)  // 1/16!
        cp = cp.fma(t2, -1.1470745597729725e-11)
        cp = cp.fma(t2, 2.08767569878681e-09)
        cp = cp.fma(t2, -2.755731922398589e-07)
        cp = cp.fma(t2, 2.48015873015873e-05)
        cp = cp.fma(t2, -0.001388888888888889)
        cp = cp.fma(t2, 0.041666666666666664)
        cp = cp.fma(t2, -0.5)
        let cosT = 1 + t2 * cp
        // Rotation by q quarter turns: odd q swaps sin and cos; cos changes sign for q = 1, 2 and sin for q = 2, 3.
        // Integer masks only, so the selection stays vector code.
        let swap = 0 &- (quadrant & 1)
        let cosBits = unsafeBitCast(cosT, to: Words.self), sinBits = unsafeBitCast(sinT, to: Words.self)
        let c = (cosBits & ~swap) | (sinBits & swap), s = (sinBits & ~swap) | (cosBits & swap)
        let cosFlip = ((quadrant ^ (quadrant &>> 1)) & 1) &<< 63
        let sinFlip = (quadrant &>> 1) &<< 63
        return (unsafeBitCast(c ^ cosFlip, to: Doubles.self), unsafeBitCast(s ^ sinFlip, to: Doubles.self))
    }
}

extension SIMD8<Double> {
    /// `self x b + c`, fused into one rounding on CPUs with FMA (see `ms_muladd8`).
    @inlinable @inline(__always)
    public func fma(_ b: Self, _ c: Double) -> Self { ms_muladd8(self, b, Self(repeating: c)) }
}

extension SIMD8<Double> {
    /// `self x b + c`, fused into one rounding on CPUs with FMA (see `ms_muladd8`).
    @inlinable @inline(__always)
    public func fma(_ b: Self, _ c: Self) -> Self { ms_muladd8(self, b, c) }

    /// Eight values read from `pointer` (any alignment).
    @inlinable @inline(__always)
    public init(loading pointer: UnsafePointer<Double>) { self = UnsafeRawPointer(pointer).loadUnaligned(as: Self.self) }

    /// Writes the eight values to `pointer` (any alignment).
    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self) }
}
