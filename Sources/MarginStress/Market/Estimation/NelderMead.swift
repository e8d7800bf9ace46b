/// Derivative-free minimisation by the Nelder-Mead simplex (Nelder and Mead 1965; the standard coefficients
/// reflection 1, expansion 2, contraction 1/2, shrink 1/2, as in Lagarias et al. 1998), restarted from the best
/// point until a restart no longer improves the minimum by more than `tolerance`.
///
/// The objective may return `+infinity` (or NaN) outside the feasible region; such points are never accepted.
public enum NelderMead {
    /// The point with the smallest value found and that value.
    public static func minimise(_ f: ([Double]) -> Double, start: [Double], steps: [Double],
                                tolerance: Double = 1e-10, maxEvaluations: Int = 20_000) -> (point: [Double], value: Double) {
        var best = start
        var bestValue = value(f, start)
        var evaluations = 0
        for _ in 0..<8 {
            let (p, v, used) = simplex(f, start: best, steps: steps, tolerance: tolerance,
                                       maxEvaluations: maxEvaluations - evaluations)
            evaluations += used
            let improved = bestValue - v
            if v < bestValue { best = p; bestValue = v }
            if !(improved > tolerance) || evaluations >= maxEvaluations { break }
        }
        return (best, bestValue)
    }

    static func value(_ f: ([Double]) -> Double, _ x: [Double]) -> Double {
        let v = f(x)
        return v.isNaN ? .infinity : v
    }

    static func simplex(_ f: ([Double]) -> Double, start: [Double], steps: [Double], tolerance: Double,
                        maxEvaluations: Int) -> ([Double], Double, Int) {
        let n = start.count
        var points = [start]
        for i in 0..<n {
            var p = start
            p[i] += steps[i]
            points.append(p)
        }
        var values = points.map { value(f, $0) }
        var used = n + 1
        while used < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            if spread.isFinite && spread <= tolerance * (1 + abs(values[0])) { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in points.dropLast() { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (points[n][$0] - centroid[$0]) } }
            let reflected = along(-1)
            let fr = value(f, reflected); used += 1
            if fr < values[0] {
                let expanded = along(-2)
                let fe = value(f, expanded); used += 1
                if fe < fr { points[n] = expanded; values[n] = fe } else { points[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                points[n] = reflected; values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = along(outside ? -0.5 : 0.5)
                let fc = value(f, contracted); used += 1
                if fc < (outside ? fr : values[n]) {
                    points[n] = contracted; values[n] = fc
                } else {
                    for k in 1...n {
                        points[k] = (0..<n).map { points[0][$0] + 0.5 * (points[k][$0] - points[0][$0]) }
                        values[k] = value(f, points[k])
                    }
                    used += n
                }
            }
        }
        let k = values.indices.min { values[$0] < values[$1] }!
        return (points[k], values[k], used)
    }
}
