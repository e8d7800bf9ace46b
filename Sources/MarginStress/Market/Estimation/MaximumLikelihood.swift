/// Standard errors of maximum-likelihood estimates from numerical derivatives.
///
/// With per-observation log-likelihoods `l_t(theta)`, `L = sum l_t`, the observed information `I = -d²L/dtheta²`
/// (central differences) and the outer product of the scores `G = sum g_t g_tᵀ`, `g_t = dl_t/dtheta` (central
/// differences), the covariance is either `I⁻¹` (classical) or the sandwich `I⁻¹ G I⁻¹` (robust to a misspecified
/// innovation density: White 1982, Bollerslev and Wooldridge 1992; what Python's `arch` reports by default).
public enum MaximumLikelihood {
    /// Step for the derivative in parameter i: `1e-4 max(|theta_i|, 1e-3)` (relative, floored).
    static func step(_ x: Double) -> Double { 1e-4 * max(abs(x), 1e-3) }

    /// Covariance of the estimate `theta` (row-major p x p), robust (sandwich) or classical; nil when the
    /// information matrix is not positive definite (a maximum on a boundary, or no maximum).
    public static func covariance(_ contributions: ([Double]) -> [Double], at theta: [Double],
                                  robust: Bool) -> [Double]? {
        let p = theta.count
        func total(_ x: [Double]) -> Double { contributions(x).reduce(0, +) }
        let h = theta.map(step)
        var information = [Double](repeating: 0, count: p * p)
        let f0 = total(theta)
        for i in 0..<p {
            for j in i..<p {
                func at(_ si: Double, _ sj: Double) -> Double {
                    var x = theta
                    x[i] += si * h[i]
                    x[j] += sj * h[j]
                    return total(x)
                }
                let d2: Double
                if i == j {
                    d2 = (at(1, 0) - 2 * f0 + at(-1, 0)) / (h[i] * h[i])
                } else {
                    d2 = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
                }
                information[i * p + j] = -d2
                information[j * p + i] = -d2
            }
        }
        guard let inverse = try? symmetricInverse(information, order: p) else { return nil }
        if !robust { return inverse }
        var scores: [[Double]] = []
        for i in 0..<p {
            var up = theta, down = theta
            up[i] += h[i]
            down[i] -= h[i]
            let a = contributions(up), b = contributions(down)
            scores.append(zip(a, b).map { ($0 - $1) / (2 * h[i]) })
        }
        var g = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0..<p {
                var acc = 0.0
                for t in scores[i].indices { acc += scores[i][t] * scores[j][t] }
                g[i * p + j] = acc
            }
        }
        return multiply(multiply(inverse, g, p), inverse, p)
    }

    /// `A⁻¹` of a symmetric positive-definite matrix through its eigen-decomposition (LAPACK `dsyev`);
    /// throws when an eigenvalue is not positive.
    static func symmetricInverse(_ a: [Double], order p: Int) throws -> [Double] {
        let (values, v) = try LAPACK.symmetricEigen(a, order: p)
        guard let smallest = values.first, smallest > 0, values.allSatisfy(\.isFinite) else {
            throw LAPACKError.notPositiveDefinite(leadingMinor: 1)
        }
        var inverse = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0..<p {
                var acc = 0.0
                for k in 0..<p { acc += v[i * p + k] * v[j * p + k] / values[k] }
                inverse[i * p + j] = acc
            }
        }
        return inverse
    }

    static func multiply(_ a: [Double], _ b: [Double], _ p: Int) -> [Double] {
        var c = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for k in 0..<p { for j in 0..<p { c[i * p + j] += a[i * p + k] * b[k * p + j] } } }
        return c
    }
}
