import Foundation

/// Degrees of freedom of multivariate Student-t returns by maximum likelihood, with its standard error.
///
/// The scenario's `student-t` model draws `x = m + sqrt((nu - 2) / W) A z`, `W ~ chi²(nu)`, `A Aᵀ = S`: a
/// multivariate t with mean `m` and covariance `S`, one `nu` shared by all assets. With `m` and `S` fixed at their
/// sample values, `nu` maximises the profile log-likelihood
/// `l(nu) = sum_t [lgamma((nu + d)/2) - lgamma(nu/2) - (d/2) log(pi (nu - 2)) - ((nu + d)/2) log(1 + q_t / (nu - 2))]`
/// with `q_t = (x_t - m)ᵀ S⁻¹ (x_t - m)` (terms free of `nu` dropped), over `2.05 <= nu <= 500` by golden-section
/// search on `log(nu - 2)`. Standard error `1 / sqrt(-l''(nu))` (observed information, central differences); it
/// treats `m` and `S` as known, so it is slightly optimistic. At the upper bound the data are close to Gaussian.
public struct StudentTFit: Sendable, Equatable {
    public static let bounds: ClosedRange<Double> = 2.05...500
    public let degreesOfFreedom: Double
    /// nil when the maximum is at a bound (no curvature to measure).
    public let standardError: Double?
    public let logLikelihood: Double

    /// - Parameter returns: `returns[a][t]`; the sample covariance must be positive definite.
    public init(returns: [[Double]]) throws(EstimationError) {
        let moments = SampleMoments(returns: returns)
        let d = moments.dimension, n = moments.count
        guard let l = try? LAPACK.choleskyLower(moments.covariance, order: d) else {
            throw EstimationError(message: "the returns' covariance is singular (an asset is constant or a combination of others)")
        }
        var q = [Double](repeating: 0, count: n)
        var y = [Double](repeating: 0, count: d)
        for t in 0..<n {
            for i in 0..<d {
                var v = returns[i][t] - moments.mean[i]
                for j in 0..<i { v -= l[i * d + j] * y[j] }
                y[i] = v / l[i * d + i]
            }
            q[t] = y.reduce(0) { $0 + $1 * $1 }
        }
        let dd = Double(d)
        func profile(_ nu: Double) -> Double {
            let c = Foundation.lgamma((nu + dd) / 2) - Foundation.lgamma(nu / 2) - dd / 2 * Foundation.log(Double.pi * (nu - 2))
            var total = 0.0
            for v in q { total += c - (nu + dd) / 2 * Foundation.log(1 + v / (nu - 2)) }
            return total
        }
        var a = Foundation.log(Self.bounds.lowerBound - 2), b = Foundation.log(Self.bounds.upperBound - 2)
        let golden = (5.0.squareRoot() - 1) / 2
        var c = b - golden * (b - a), e = a + golden * (b - a)
        var fc = profile(2 + Foundation.exp(c)), fe = profile(2 + Foundation.exp(e))
        while b - a > 1e-9 {
            if fc > fe {
                b = e; e = c; fe = fc
                c = b - golden * (b - a); fc = profile(2 + Foundation.exp(c))
            } else {
                a = c; c = e; fc = fe
                e = a + golden * (b - a); fe = profile(2 + Foundation.exp(e))
            }
        }
        let nu = min(max(2 + Foundation.exp((a + b) / 2), Self.bounds.lowerBound), Self.bounds.upperBound)
        degreesOfFreedom = nu
        logLikelihood = profile(nu)
        let h = 1e-3 * nu
        let curvature = (profile(nu + h) - 2 * profile(nu) + profile(nu - h)) / (h * h)
        let interior = nu < Self.bounds.upperBound * 0.999 && nu > Self.bounds.lowerBound * 1.001
        standardError = interior && curvature < 0 ? 1 / (-curvature).squareRoot() : nil
    }
}
