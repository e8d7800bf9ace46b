/// GARCH(1,1) / GJR-GARCH shocks (`GARCHSpec`): each path carries each asset's conditional variance h.
///
/// The market's loadings are the Cholesky factor L of the residual correlation (unit variances), so after the
/// simulator's correlation step row k holds e_k = (L z)_k for Gaussian innovations, or the same times the
/// path's Student-t factor sqrt((nu - 2) / W). `adjust` turns it into eps_k = sqrt(h_k) e_k and steps
/// h_k <- omega_k + (alpha_k + gamma_k 1{eps_k < 0}) eps_k² + beta_k h_k; the simulator adds the mean.
///
/// Draw order per step: with Student-t innovations the chi-square of every drawn path first, then the normals
/// as `GaussianShocks`. State: one variance per asset and path (`d` rows of `capacity`).
public struct GARCHShocks: ShockModel {
    public static let scalesShocks = true
    public static var adjustsCorrelated: Bool { true }
    public let dimension: Int
    public let garch: MarketGARCH
    public var incrementDegree: Int? { nil }
    public var stateWordsPerPath: Int { dimension }

    public init(dimension: Int, garch: MarketGARCH) {
        self.dimension = dimension
        self.garch = garch
    }

    public func startBlock(count: Int, _ b: ShockBuffers) {
        for k in 0..<dimension { (b.state + k * b.capacity).update(repeating: garch.startVariance[k], count: b.capacity) }
        if garch.degreesOfFreedom == nil { b.scale.update(repeating: 1, count: b.capacity) }
    }

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        if let nu = garch.degreesOfFreedom {
            let chi = ChiSquareSampler(degreesOfFreedom: nu), factor = nu - 2
            for p in 0..<drawn { b.scale[p] = (factor / chi.next(&stream)).squareRoot() }
        }
        b.fillNormals(rows: dimension, count: drawn, &stream)
    }

    @inlinable
    public func adjust(lanes c: Int, _ b: ShockBuffers) {
        garch.step(lanes: c, rows: dimension, b, variances: b.state, scale: FastMath.Doubles(loading: b.scale + c))
    }
}
