import CVectorMath

/// Eight-lane `exp`, `log` and `cos`/`sin` of a full turn in SIMD arithmetic, so that the normal sampler's loop
/// is vector code on any x86-64 (SSE2 in a portable build, AVX2 or AVX-512 when built for the local CPU).
/// Accurate to a few ulp in the ranges the samplers use; tests compare them with Foundation's.
public enum FastMath {
    public typealias Doubles = SIMD8<Double>
    public typealias Words = SIMD8<UInt64>

    /// Natural logarithm of positive, normal values, accurate to about 1 ulp.
    ///
    /// x = m 2^e with m in [sqrt(1/2), sqrt(2)); with s = (m - 1) / (m + 1), |s| <= 0.1716,
    /// log m = 2s + s R(s^2) where R is the degree-7 minimax polynomial of fdlibm's `__ieee754_log`
    /// (Lg1 to Lg7, error below 2^-58.45). The exponent is turned into a double through the 2^52 bit trick,
    /// so no integer conversion instruction is needed.
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
        var r = Doubles(repeating: 1.479819860511658591e-01)  // Lg7
        r = r.fma(s2, 1.531383769920937332e-01)
        r = r.fma(s2, 1.818357216161805012e-01)
        r = r.fma(s2, 2.222219843214978396e-01)
        r = r.fma(s2, 2.857142874366239149e-01)
        r = r.fma(s2, 3.999999999940941908e-01)
        r = r.fma(s2, 6.666666666666735130e-01)  // Lg1
        let logM = (s * s2).fma(r, 2 * s)
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

    /// The highest degree `expTaylor` evaluates.
    public static let largestTaylorDegree = 12

    /// 1 / k! for k = 0 ... `largestTaylorDegree`, in memory of their own for the hot loop (written once, when
    /// first used, then only read).
    nonisolated(unsafe) public static let inverseFactorials: UnsafePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: largestTaylorDegree + 1)
        var f = 1.0
        for k in 0...largestTaylorDegree {
            if k > 0 { f *= Double(k) }
            p[k] = 1 / f
        }
        return UnsafePointer(p)
    }()

    /// The Taylor polynomial of e^x of degree `degree` (Horner's rule, one multiply-add per degree), for
    /// x small enough that it is e^x to the last bits (see `MarketModel.taylorDegree(bound:)`).
    /// `coefficients` is `inverseFactorials`.
    @inlinable @inline(__always)
    public static func expTaylor(_ x: Doubles, degree: Int, coefficients: UnsafePointer<Double>) -> Doubles {
        var p = Doubles(repeating: coefficients[degree])
        var k = degree - 1
        while k >= 0 {
            p = p.fma(x, coefficients[k])
            k -= 1
        }
        return p
    }

    /// `(cos t, sin t)` for |t| <= pi / 4, accurate to about 1 ulp.
    ///
    /// The minimax polynomials of fdlibm's `__kernel_sin` (S1 to S6, degree 13) and `__kernel_cos` (C1 to C6,
    /// degree 14) on that interval, errors below 2^-58.
    @inlinable @inline(__always)
    public static func cosSinQuarter(_ t: Doubles) -> (cos: Doubles, sin: Doubles) {
        let t2 = t * t
        var sp = Doubles(repeating: 1.58969099521155010221e-10)  // S6
        sp = sp.fma(t2, -2.50507602534068634195e-08)
        sp = sp.fma(t2, 2.75573137070700676789e-06)
        sp = sp.fma(t2, -1.98412698298579493134e-04)
        sp = sp.fma(t2, 8.33333333332248946124e-03)
        sp = sp.fma(t2, -1.66666666666666324348e-01)  // S1
        var cp = Doubles(repeating: -1.13596475577881948265e-11)  // C6
        cp = cp.fma(t2, 2.08757232129817482790e-09)
        cp = cp.fma(t2, -2.75573143513906633035e-07)
        cp = cp.fma(t2, 2.48015872894767294178e-05)
        cp = cp.fma(t2, -1.38888888888741095749e-03)
        cp = cp.fma(t2, 4.16666666666666019037e-02)  // C1
        cp = cp.fma(t2, -0.5)
        return (t2.fma(cp, 1), (t * t2).fma(sp, t))
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
