import Foundation

/// GARCH(1,1) (Bollerslev 1986) or GJR-GARCH(1,1,1) (Glosten, Jagannathan and Runkle 1993) with a constant mean,
/// fitted to one series of per-period log-returns by maximum likelihood, Gaussian or Student-t innovations.
///
/// Model: `r_t = mu + e_t`, `e_t = sqrt(h_t) z_t`, `z_t` i.i.d. with mean 0 and variance 1 (standard normal, or
/// Student-t with `nu` degrees of freedom scaled to unit variance), and
/// `h_t = omega + (alpha + gamma 1{e_{t-1} < 0}) e_{t-1}² + beta h_{t-1}`.
/// The recursion starts as Python's `arch` does: before the first return, `e²` and `h` are the backcast
/// `b = sum_{k<75} w_k e_k²`, `w_k ∝ 0.94^k` over the first 75 residuals from the sample mean (and `e² 1{e<0}`
/// is `b / 2`), so both fit the same likelihood. Constraints: `omega > 0`, `alpha >= 0`, `alpha + gamma >= 0`,
/// `beta >= 0`, `alpha + gamma / 2 + beta < 1` (covariance stationary), `2.05 < nu <= 500`.
///
/// The likelihood is maximised by Nelder-Mead (with restarts) on the series divided by its sample standard
/// deviation, then mapped back (`mu` and `omega` scale by the standard deviation and its square). Standard errors
/// are the robust sandwich `I⁻¹ G I⁻¹` from numerical derivatives (`MaximumLikelihood`), as `arch` reports by default.
public struct GARCHFit: Sendable, Equatable {
    public enum Innovations: String, Sendable, Equatable { case gaussian, studentT = "student-t" }

    /// Parameters in per-period units of log-returns.
    public struct Parameters: Sendable, Equatable {
        public var mean: Double
        public var omega: Double
        public var alpha: Double
        /// GJR leverage term; 0 for GARCH(1,1).
        public var gamma: Double
        public var beta: Double
        /// Student-t degrees of freedom; nil for Gaussian innovations.
        public var degreesOfFreedom: Double?

        public init(mean: Double, omega: Double, alpha: Double, gamma: Double = 0, beta: Double,
                    degreesOfFreedom: Double? = nil) {
            self.mean = mean
            self.omega = omega
            self.alpha = alpha
            self.gamma = gamma
            self.beta = beta
            self.degreesOfFreedom = degreesOfFreedom
        }

        /// `alpha + gamma / 2 + beta`, the decay per period of a variance shock (symmetric innovations).
        public var persistence: Double { alpha + gamma / 2 + beta }
        /// `omega / (1 - persistence)`, the long-run variance per period.
        public var unconditionalVariance: Double { omega / (1 - persistence) }
    }

    public let parameters: Parameters
    /// Robust standard errors, same fields (gamma 0 for GARCH(1,1); degreesOfFreedom nil for Gaussian);
    /// nil when the information matrix is not positive definite (an estimate on a constraint's boundary).
    public let standardErrors: Parameters?
    public let logLikelihood: Double
    public let leverage: Bool
    public let innovations: Innovations
    /// `h_t` for each return and, last, the forecast for the period after the last return (`count + 1` values).
    public let variancePath: [Double]
    public let count: Int

    /// The variance the next period starts from: the last value of `variancePath`.
    public var nextVariance: Double { variancePath[variancePath.count - 1] }

    /// Standardised residuals `(r_t - mu) / sqrt(h_t)`.
    public func standardisedResiduals(_ returns: [Double]) -> [Double] {
        returns.indices.map { (returns[$0] - parameters.mean) / variancePath[$0].squareRoot() }
    }

    /// Fits the model to `returns` (at least 30).
    /// - Parameter standardErrors: false skips the sandwich covariance (its numerical derivatives cost more than
    ///   the fit itself); `standardErrors` is then nil and every other field is the same, bit for bit.
    /// - Throws: `EstimationError` when the series is too short, constant, or no stationary maximum is found.
    public init(returns: [Double], leverage: Bool, innovations: Innovations,
                standardErrors wanted: Bool = true) throws(EstimationError) {
        let n = returns.count
        guard n >= 30 else { throw EstimationError(message: "GARCH needs at least 30 returns, got \(n)") }
        let m = returns.reduce(0, +) / Double(n)
        let variance = returns.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
        guard variance > 0 else { throw EstimationError(message: "the returns are constant: no variance to model") }
        let s = variance.squareRoot()
        let x = returns.map { $0 / s }
        let backcast = Self.backcast(x.map { $0 - m / s })
        let layout = Layout(leverage: leverage, studentT: innovations == .studentT)
        let objective = { (theta: [Double]) -> Double in
            guard let p = layout.parameters(theta), Self.feasible(p) else { return .infinity }
            return -Self.contributions(x, p, backcast: backcast).reduce(0, +)
        }
        var best: (point: [Double], value: Double)?
        for (a, b) in [(0.05, 0.9), (0.1, 0.8), (0.02, 0.97)] {
            let start = layout.vector(Parameters(mean: m / s, omega: 1 - a - b, alpha: a, gamma: leverage ? 0.02 : 0,
                                                 beta: b, degreesOfFreedom: innovations == .studentT ? 8 : nil))
            let steps = start.map { 0.1 * max(abs($0), 0.01) }
            let found = NelderMead.minimise(objective, start: start, steps: steps, tolerance: 1e-11)
            if best == nil || found.value < best!.value { best = found }
        }
        guard let best, best.value.isFinite, let scaled = layout.parameters(best.point) else {
            throw EstimationError(message: "no stationary GARCH maximum found")
        }
        let covariance = !wanted ? nil : MaximumLikelihood.covariance({ theta in
            guard let p = layout.parameters(theta) else { return [Double](repeating: .nan, count: n) }
            return Self.contributions(x, p, backcast: backcast)
        }, at: best.point, robust: true)
        func unscale(_ p: Parameters) -> Parameters {
            var q = p
            q.mean = p.mean * s
            q.omega = p.omega * s * s
            return q
        }
        parameters = unscale(scaled)
        if let covariance, covariance.indices.allSatisfy({ $0 % (best.point.count + 1) != 0 || covariance[$0] >= 0 }) {
            let se = (0..<best.point.count).map { covariance[$0 * best.point.count + $0].squareRoot() }
            standardErrors = unscale(layout.parameters(se, checked: false)!)
        } else {
            standardErrors = nil
        }
        logLikelihood = -best.value - Double(n) * Foundation.log(s)
        self.leverage = leverage
        self.innovations = innovations
        count = n
        let fitted = unscale(scaled)
        variancePath = Self.variancePath(residuals: returns.map { $0 - fitted.mean }, parameters: fitted,
                                         backcast: backcast * s * s)
    }

    /// `arch`'s backcast: `sum_{k < tau} w_k e_k²` with `w_k ∝ 0.94^k`, `tau = min(75, n)`.
    public static func backcast(_ residuals: [Double]) -> Double {
        let tau = min(75, residuals.count)
        var weighted = 0.0, total = 0.0, w = 1.0
        for k in 0..<tau {
            weighted += w * residuals[k] * residuals[k]
            total += w
            w *= 0.94
        }
        return weighted / total
    }

    /// The conditional variances `h_0..h_{n-1}` and the forecast `h_n` of residuals `e` (`n + 1` values).
    public static func variancePath(residuals e: [Double], parameters p: Parameters, backcast: Double) -> [Double] {
        var h = [Double](repeating: 0, count: e.count + 1)
        h[0] = p.omega + (p.alpha + p.gamma / 2 + p.beta) * backcast
        for t in e.indices {
            let shock = e[t] * e[t]
            h[t + 1] = p.omega + (p.alpha + (e[t] < 0 ? p.gamma : 0)) * shock + p.beta * h[t]
        }
        return h
    }

    static func feasible(_ p: Parameters) -> Bool {
        p.omega > 0 && p.alpha >= 0 && p.alpha + p.gamma >= 0 && p.beta >= 0 && p.persistence < 1
            && (p.degreesOfFreedom.map { $0 > 2.05 && $0 <= 500 } ?? true)
    }

    /// Per-observation log-likelihoods `l_t` (NaN where a variance is not positive).
    static func contributions(_ x: [Double], _ p: Parameters, backcast: Double) -> [Double] {
        let h = variancePath(residuals: x.map { $0 - p.mean }, parameters: p, backcast: backcast)
        var out = [Double](repeating: 0, count: x.count)
        if let nu = p.degreesOfFreedom {
            let c = Foundation.lgamma((nu + 1) / 2) - Foundation.lgamma(nu / 2) - 0.5 * Foundation.log(Double.pi * (nu - 2))
            for t in x.indices {
                let e = x[t] - p.mean
                out[t] = h[t] > 0 ? c - 0.5 * Foundation.log(h[t]) - (nu + 1) / 2 * Foundation.log(1 + e * e / (h[t] * (nu - 2))) : .nan
            }
        } else {
            let c = -0.5 * Foundation.log(2 * Double.pi)
            for t in x.indices {
                let e = x[t] - p.mean
                out[t] = h[t] > 0 ? c - 0.5 * (Foundation.log(h[t]) + e * e / h[t]) : .nan
            }
        }
        return out
    }

    /// Which parameters are free, and their order in the optimiser's vector: mu, omega, alpha, [gamma], beta, [nu].
    struct Layout {
        var leverage: Bool
        var studentT: Bool

        func vector(_ p: Parameters) -> [Double] {
            var v = [p.mean, p.omega, p.alpha]
            if leverage { v.append(p.gamma) }
            v.append(p.beta)
            if studentT { v.append(p.degreesOfFreedom ?? 8) }
            return v
        }

        func parameters(_ v: [Double], checked: Bool = true) -> Parameters? {
            guard v.count == 4 + (leverage ? 1 : 0) + (studentT ? 1 : 0), v.allSatisfy(\.isFinite) else { return nil }
            var k = 3
            var p = Parameters(mean: v[0], omega: v[1], alpha: v[2], beta: 0)
            if leverage { p.gamma = v[k]; k += 1 }
            p.beta = v[k]; k += 1
            if studentT { p.degreesOfFreedom = v[k] }
            if checked, let nu = p.degreesOfFreedom, nu <= 2 { return nil }
            return p
        }
    }
}

/// An estimator that cannot produce an estimate from the data given, with the reason.
public struct EstimationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
