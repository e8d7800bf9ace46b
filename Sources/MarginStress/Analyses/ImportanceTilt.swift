import Foundation

/// The mean shift of importance sampling for a book whose margin distance is linear in the prices.
///
/// `D(P) = c + sum_i a_i P_i` (equity minus maintenance margin at flat rates, `a_i` the difference of the two
/// forms' weights). At spot, `g_i = a_i P_i` is D's gradient in the log-prices and a shock `z` moves D by about
/// `gᵀ A z` per step, so D falls fastest along `u = -Aᵀ g / |Aᵀ g|`. The shift is `mu = theta u` per step, with
/// theta the smallest value for which the tilted mean path, `ln P_i,T = ln P_i,0 + n (drift_i + theta (A u)_i)`,
/// reaches the boundary `D = 0` at the horizon (n steps): the most likely way for a Brownian motion to hit a
/// boundary by T is the straight line that reaches it at T (large deviations; Glasserman, Heidelberger and
/// Shahabuddin 2000 choose the shift as the most likely point of the rare set). Found by bisection on the exact
/// D along that line (so exact for one position); theta = 0 when the drift alone reaches it, and no shift when
/// D does not depend on the prices.
public enum ImportanceTilt {
    /// The per-step shift of the independent normals toward `D = first - secondWeight × second = 0`
    /// (`secondWeight` 1: the run's margin distance; 0: the first form alone, e.g. tune's equity for bad debt).
    public static func shift(forms: LinearForms, market: MarketModel, steps: Int, secondWeight: Double = 1) -> [Double] {
        let d = market.dimension
        guard d > 0 else { return [] }
        let a = zip(forms.firstWeights, forms.secondWeights).map { $0 - secondWeight * $1 }
        let c = forms.firstConstant - secondWeight * forms.secondConstant
        let g = (0..<d).map { a[$0] * market.spot[$0] }
        let A = market.loadings
        var direction = [Double](repeating: 0, count: d)
        for j in 0..<d { for i in j..<d { direction[j] -= A[i * d + j] * g[i] } }
        let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return direction }
        let u = direction.map { $0 / norm }
        // (A u)_i: the log-price move per unit of theta per step.
        let move = (0..<d).map { i in (0...i).reduce(0.0) { $0 + A[i * d + $1] * u[$1] } }
        let n = Double(steps)
        func distance(_ theta: Double) -> Double {
            (0..<d).reduce(c) { $0 + a[$1] * market.spot[$1] * Foundation.exp(n * (market.driftPerStep[$1] + theta * move[$1])) }
        }
        if distance(0) <= 0 { return [Double](repeating: 0, count: d) }
        var high = max(1e-3, (c + g.reduce(0, +)) / (n * norm))
        var tries = 0
        while distance(high) > 0 && tries < 60 {
            high *= 2
            tries += 1
        }
        guard distance(high) <= 0 else {
            // The boundary is not on this line (D curves away): the linear estimate.
            return u.map { $0 * max(0, (c + g.reduce(0, +)) / (n * norm)) }
        }
        var low = 0.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if distance(mid) > 0 { low = mid } else { high = mid }
        }
        return u.map { $0 * high }
    }
}
