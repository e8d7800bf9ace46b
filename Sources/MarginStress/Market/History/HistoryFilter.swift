import Foundation

/// The volatility filters of filtered historical simulation: each asset's conditional variance along its window,
/// the standardised residuals, and the variance forecast for the first simulated period.
public enum HistoryFilter {
    /// EWMA (RiskMetrics 1996, `EWMA.variancePath`): h_1 = mean of r² over the window, h_{t+1} = lambda h_t + (1 - lambda) r_t²,
    /// z_t = r_t / sqrt(h_t); returns z and h_{T+1}. A window of zero returns gives z = 0 and h = 0.
    public static func ewma(_ r: [Double], lambda: Double) -> (residuals: [Double], next: Double) {
        let v = EWMA.variancePath(r, lambda: lambda)
        return (r.indices.map { v[$0] > 0 ? r[$0] / v[$0].squareRoot() : 0 }, v[r.count])
    }

    /// GARCH(1,1) / GJR: eps_t = r_t - mean, h_1 = omega / (1 - alpha - beta - gamma / 2) when that is finite and
    /// positive (else the window's mean of eps²), h_{t+1} = omega + (alpha + gamma 1{eps_t < 0}) eps_t² + beta h_t,
    /// z_t = eps_t / sqrt(h_t); returns z and h_{T+1}.
    public static func garch(_ r: [Double], _ p: GARCHSpec.Parameters) -> (residuals: [Double], next: Double) {
        let persistence = p.alpha + p.beta + p.gamma / 2
        var h = persistence < 1 ? p.omega / (1 - persistence)
            : r.reduce(0) { $0 + ($1 - p.mean) * ($1 - p.mean) } / Double(max(1, r.count))
        var z: [Double] = []
        z.reserveCapacity(r.count)
        for x in r {
            let eps = x - p.mean
            z.append(h > 0 ? eps / h.squareRoot() : 0)
            h = p.omega + (p.alpha + (eps < 0 ? p.gamma : 0)) * eps * eps + p.beta * h
        }
        return (z, h)
    }
}
