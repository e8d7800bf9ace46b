/// How a block's independent shocks are drawn, step by step: one of the seams of the engine.
///
/// At each step the simulator asks the model for the first `drawn` paths' shocks (the other half of an
/// antithetic block is mirrored by the simulator), correlates them with the market's loadings `A`
/// (`x = drift + s (A z)`), and steps the prices. A model owns its draw order from the block's stream, its
/// per-path state (set in `startBlock`) and its numeric shortcuts (`incrementDegree`). The simulator is
/// generic over the model, so the per-step loop is specialised for each: no existential, no dynamic dispatch.
public protocol ShockModel: Sendable {
    /// True when each path's correlated shocks are multiplied by a per-path factor `s` (`BlockWorkspace.scale`),
    /// e.g. the Student-t mixing variable; false leaves `s = 1` out of the loop.
    static var scalesShocks: Bool { get }
    /// The degree of the Taylor polynomial of e^x exact to 2^-56 for every one-step log-return the model can
    /// draw (prices then step as P_t = P_{t-1} T_n(x_t)); nil when no bound exists (heavy tails).
    var incrementDegree: Int? { get }
    /// Doubles of per-path state the model keeps (a GARCH variance per asset, say), provided by the worker's
    /// memory as `buffers.state` (`stateWordsPerPath x buffers.capacity` values).
    var stateWordsPerPath: Int { get }
    /// Sets the model's per-path state for the `count` paths of a new block.
    func startBlock(count: Int, _ buffers: ShockBuffers)
    /// Draws step `step`'s shocks for paths `0 ..< drawn` into `buffers.shocks` (one row per simulated asset,
    /// `rowStride` apart) and, when `scalesShocks`, `buffers.scale`, from `stream` in the model's fixed order.
    func draw(step: Int, drawn: Int, _ buffers: ShockBuffers, stream: inout RandomStream)
    /// True when the model rewrites the correlated shocks of each chunk of eight paths (`adjust`), after the
    /// correlation and before the prices: per-path variances (GARCH), jumps. The simulator then takes the rows
    /// as the shock part of the log-return (`x = drift + row`) and does not apply `scale` itself.
    /// False (the default) leaves the loop exactly as it is without the hook.
    static var adjustsCorrelated: Bool { get }
    /// Rewrites the correlated shocks `(A z)` of paths `lanes ..< lanes + 8` in every row of `buffers.shocks`
    /// into the shock part of their log-returns, updating the model's per-path state. Called once per chunk
    /// and step, chunks in increasing order, only when `adjustsCorrelated`.
    func adjust(lanes: Int, _ buffers: ShockBuffers)
    /// True when `adjust` writes each row's new price state itself (the price P_t when prices step by their
    /// increments, else log(P_t / P_0)) instead of the shock part of the log-return (`BridgedShocks`).
    static var setsPriceState: Bool { get }
    /// The first of the `d` state rows holding each path's conditional variance of the current period, read
    /// before `adjust` steps it (GARCH, filtered historical); nil for a model without one.
    var varianceRow: Int? { get }
}

extension ShockModel {
    public static var adjustsCorrelated: Bool { false }
    public static var setsPriceState: Bool { false }
    public var varianceRow: Int? { nil }
    @inlinable @inline(__always)
    public func adjust(lanes: Int, _ buffers: ShockBuffers) {}
}

/// Where a shock model writes: a block's shock rows and per-path scale, and its per-path state.
public struct ShockBuffers {
    public let shocks: UnsafeMutablePointer<Double>
    public let rowStride: Int
    public let scale: UnsafeMutablePointer<Double>
    public let state: UnsafeMutablePointer<Double>
    /// Paths the buffers hold.
    public let capacity: Int

    public init(shocks: UnsafeMutablePointer<Double>, rowStride: Int, scale: UnsafeMutablePointer<Double>,
                state: UnsafeMutablePointer<Double>, capacity: Int) {
        self.shocks = shocks
        self.rowStride = rowStride
        self.scale = scale
        self.state = state
        self.capacity = capacity
    }
}

extension ShockBuffers {
    /// Standard normals for the first `count` paths of `rows` shock rows, asset by asset, each row from a
    /// fresh batch of the stream (`NormalSampler.fill`).
    @inlinable
    public func fillNormals(rows: Int, count: Int, _ stream: inout RandomStream) {
        let normal = NormalSampler()
        for k in 0..<rows { normal.fill(shocks + k * rowStride, count: count, &stream) }
    }
}

/// Independent standard normal shocks (geometric Brownian motion): asset by asset, path by path, each asset's
/// row from a fresh batch of the stream (`NormalSampler.fill`).
public struct GaussianShocks: ShockModel {
    public static let scalesShocks = false
    public let dimension: Int
    public let incrementDegree: Int?

    public init(dimension: Int, incrementDegree: Int?) {
        self.dimension = dimension
        self.incrementDegree = incrementDegree
    }

    public var stateWordsPerPath: Int { 0 }

    public func startBlock(count: Int, _ buffers: ShockBuffers) {}

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        b.fillNormals(rows: dimension, count: drawn, &stream)
    }
}

/// Multivariate Student-t shocks: `z = y sqrt((nu - 2) / W)`, `y ~ N(0, I)`, one `W ~ chi²(nu)` per path and
/// step shared by all assets (unit variance, tail dependence). Draw order per step: the chi-square of every
/// path first, then the normals as `GaussianShocks`.
public struct StudentTShocks: ShockModel {
    public static let scalesShocks = true
    public let dimension: Int
    public let degreesOfFreedom: Double
    public var incrementDegree: Int? { nil }

    public init(dimension: Int, degreesOfFreedom: Double) {
        self.dimension = dimension
        self.degreesOfFreedom = degreesOfFreedom
    }

    public var stateWordsPerPath: Int { 0 }

    public func startBlock(count: Int, _ buffers: ShockBuffers) {}

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        let chi = ChiSquareSampler(degreesOfFreedom: degreesOfFreedom), factor = degreesOfFreedom - 2
        for p in 0..<drawn { b.scale[p] = (factor / chi.next(&stream)).squareRoot() }
        b.fillNormals(rows: dimension, count: drawn, &stream)
    }
}
