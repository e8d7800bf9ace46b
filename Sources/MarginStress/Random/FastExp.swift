/// `e^x` in branch-free arithmetic that the compiler vectorises, accurate to about 1 ulp for |x| < 700.
///
/// Cody-Waite reduction `x = k ln 2 + r` with |r| <= ln 2 / 2, the degree-12 Taylor polynomial of e^r
/// (truncation error below 2e-16 relative), and the scale 2^k built directly in the exponent bits.
/// `k` comes from the 1.5 x 2^52 shifter, so no float-to-integer conversion is needed.
/// Log-price increments in this model stay far inside the valid range.
@inlinable @inline(__always)
public func fastExp(_ x: Double) -> Double {
    let shifter = 0x1.8p52
    let kShifted = x * 1.4426950408889634 + shifter
    let k = kShifted - shifter
    let r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10
    var p = 2.08767569878681e-09  // 1/12!
    p = p * r + 2.505210838544172e-08
    p = p * r + 2.755731922398589e-07
    p = p * r + 2.7557319223985893e-06
    p = p * r + 2.48015873015873e-05
    p = p * r + 0.0001984126984126984
    p = p * r + 0.001388888888888889
    p = p * r + 0.008333333333333333
    p = p * r + 0.041666666666666664
    p = p * r + 0.16666666666666666
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let scale = Double(bitPattern: (kShifted.bitPattern &+ 1023) << 52)
    return p * scale
}
