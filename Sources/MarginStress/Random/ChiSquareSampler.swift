import Foundation

/// Chi-square variates with `nu > 2` degrees of freedom, as `2 Gamma(nu / 2)` by the squeeze method of
/// Marsaglia and Tsang, "A simple method for generating gamma variables" (2000), valid for shape >= 1.
@frozen
public struct ChiSquareSampler: Sendable {
    @usableFromInline let d: Double
    @usableFromInline let c: Double
    @usableFromInline let normal: NormalSampler

    /// - Precondition: `degreesOfFreedom >= 2`.
    public init(degreesOfFreedom nu: Double) {
        precondition(nu >= 2, "the Marsaglia-Tsang method here needs shape nu / 2 >= 1")
        d = nu / 2 - 1.0 / 3
        c = 1 / (9 * d).squareRoot()
        normal = NormalSampler()
    }

    @inlinable
    public func next(_ stream: inout RandomStream) -> Double {
        while true {
            var z: Double, v: Double
            repeat {
                z = normal.next(&stream)
                v = 1 + c * z
            } while v <= 0
            v = v * v * v
            let u = stream.nextUniformPositive()
            let z2 = z * z
            if u < 1 - 0.0331 * z2 * z2 { return 2 * d * v }
            if Foundation.log(u) < 0.5 * z2 + d * (1 - v + Foundation.log(v)) { return 2 * d * v }
        }
    }
}
