import CVectorMath
import Foundation

/// Walks one block of paths step by step: shocks, correlation, prices, equity against maintenance margin.
///
/// The per-step loops run over raw pointers with no allocation, no dynamic dispatch and no dictionary:
/// all model data is copied into local constants before the loops start.
///
/// Random numbers of a block are drawn from its own stream in a fixed order: at each step, first one
/// chi-square per path (Student-t only), then the normals asset by asset, path by path, each asset's row
/// from a fresh batch of the stream (`NormalSampler.fill`). A block whose
/// paths have all been liquidated stops early; later blocks have their own streams, so this changes nothing else.
///
/// With antithetic sampling the block's first `count / 2` paths draw their shocks and path `count / 2 + p`
/// uses the negated shocks (and the same chi-square draw) of path p.
public struct PathBlockSimulator: Sendable {
    public let market: MarketModel
    /// What is evaluated on every path at each step: equity, maintenance margin and the named rows.
    public let valuation: Valuation
    /// The valuation's linear forms.
    public var forms: LinearForms { valuation.forms }
    public let steps: Int
    public let seed: UInt64
    public let antithetic: Bool
    /// When set, prices step by their increments, P_t = P_{t-1} x T_n(x_t) with T_n the Taylor polynomial of
    /// e^x of this degree, exact to 2^-56 for every log-return the model can draw (`MarketModel.incrementDegree`);
    /// when nil, P_t = P_0 e^(sum of x) with the full exponential. The two agree to rounding. Set only by
    /// the market model (and by tests, to compare the two ways).
    public internal(set) var incrementDegree: Int?
    /// Paths per block: fixed, since the block is the unit of the random streams.
    public static let blockSize = 256

    public init(market: MarketModel, valuation: Valuation, steps: Int, seed: UInt64, antithetic: Bool = false) {
        self.market = market
        self.valuation = valuation
        self.steps = steps
        self.seed = seed
        self.antithetic = antithetic
        incrementDegree = market.incrementDegree
    }

    /// log(P_t / P_0) of simulated asset `asset` on path `path` after the last step `run` simulated in `ws`.
    public func logReturn(asset: Int, path: Int, in ws: BlockWorkspace) -> Double {
        let state = ws.priceState[asset * ws.rowStride + path]
        return incrementDegree == nil ? state : Foundation.log(state / market.spot[asset])
    }

    /// Simulates block `block` with `count` paths for `run` in cross mode with full liquidation, into `ws`'s
    /// outcome arrays (the valuation needs the rows `Valuation.Rows.run`).
    public func run(block: Int, count: Int, in ws: BlockWorkspace) {
        ws.resetOutcomes(count: count)
        var observer = LiquidationObserver.forRun(ws, valuation)
        run(block: block, count: count, in: ws, observer: &observer)
    }

    /// The correlation step for eight paths: `z <- A z` in place for the column of eight values starting at
    /// `z` in each of `dimension` rows `rowStride` apart, with `A` the row-major lower-triangular loadings.
    /// Rows are taken four at a time from the last, so rows j below the group still hold the raw shocks when
    /// the group reads them; each shock loaded serves four rows (a 4 x 8 register block). Runs the C kernel of
    /// the level the CPU supports (`Kernels`), every multiply-add fused.
    /// - Complexity: d (d + 1) / 2 eight-lane multiply-adds.
    @inlinable @inline(__always)
    public static func correlate(_ z: UnsafeMutablePointer<Double>, rowStride: Int, loadings a: UnsafePointer<Double>,
                                 dimension d: Int) {
        ms_correlate8(z, rowStride, a, d)
    }

    /// Simulates block `block` with `count` paths (even when antithetic), handing both forms to `observer`
    /// at every step, with the market's shock model.
    @inlinable
    public func run<Observer: PathObserver>(block: Int, count: Int, in ws: BlockWorkspace, observer: inout Observer) {
        switch market.distribution {
        case .gaussian:
            run(overlaid: GaussianShocks(dimension: market.dimension, incrementDegree: incrementDegree),
                block: block, count: count, in: ws, observer: &observer)
        case .studentT(let nu):
            run(overlaid: StudentTShocks(dimension: market.dimension, degreesOfFreedom: nu),
                block: block, count: count, in: ws, observer: &observer)
        case .garch:
            run(overlaid: GARCHShocks(dimension: market.dimension, garch: market.garch!),
                block: block, count: count, in: ws, observer: &observer)
        case .historical:
            run(overlaid: HistoricalShocks(dimension: market.dimension, history: market.history!, incrementDegree: incrementDegree),
                block: block, count: count, in: ws, observer: &observer)
        case .filteredHistorical:
            run(overlaid: FilteredHistoricalShocks(dimension: market.dimension, history: market.history!, filter: market.garch!),
                block: block, count: count, in: ws, observer: &observer)
        }
    }

    /// Runs `base`, with the market's jumps on top when it has them (`JumpShocks`).
    @inlinable
    func run<Base: ShockModel, Observer: PathObserver>(
        overlaid base: Base, block: Int, count: Int, in ws: BlockWorkspace, observer: inout Observer
    ) {
        if let jumps = market.jumps {
            run(bridged: JumpShocks(base: base, jumps: jumps, antithetic: antithetic),
                block: block, count: count, in: ws, observer: &observer)
        } else {
            run(bridged: base, block: block, count: count, in: ws, observer: &observer)
        }
    }

    /// Runs `base`, with a Brownian bridge filling each period of the data when the steps are finer (`BridgedShocks`).
    @inlinable
    func run<Base: ShockModel, Observer: PathObserver>(
        bridged base: Base, block: Int, count: Int, in ws: BlockWorkspace, observer: inout Observer
    ) {
        if let bridge = market.bridge {
            run(shocks: BridgedShocks(base: base, bridge: bridge, drift: market.driftPerStep, startLogReturn: market.startLogReturn,
                                      startPrice: market.startPrice, antithetic: antithetic),
                block: block, count: count, in: ws, observer: &observer)
        } else if let replay = market.replay {
            run(shocks: ReplayShocks(base: base, replay: replay, drift: market.driftPerStep),
                block: block, count: count, in: ws, observer: &observer)
        } else {
            run(shocks: base, block: block, count: count, in: ws, observer: &observer)
        }
    }

    /// Simulates block `block` with `count` paths drawn by `shocks`, handing both forms to `observer` at every
    /// step. Specialised for each shock model and observer.
    /// - Complexity: O(count x steps x d²) for d simulated assets; allocates nothing.
    @inlinable
    public func run<Shocks: ShockModel, Observer: PathObserver>(
        shocks: Shocks, block: Int, count: Int, in ws: BlockWorkspace, observer: inout Observer
    ) {
        let d = market.dimension, stride = ws.rowStride
        let z = ws.shocks, state = ws.priceState, scale = ws.scale
        let eq = ws.equity, mm = ws.margin
        precondition(ws.modelStateWords >= shocks.stateWordsPerPath, "the workspace needs room for the shock model's state")
        var stream = RandomStream(seed: seed, block: UInt64(block), buffer: ws.randomBits)
        let buffers = ws.shockBuffers

        let initial = forms.values(at: market.spot)
        if !observer.start(count: count, first: initial.first, second: initial.second) {
            return  // nothing to simulate
        }
        if d == 0 {
            // No price moves, but time does (funding accrues): every step sees the values at spot.
            let lanes = (count + 7) & ~7, extra = valuation.initialExtra
            eq.update(repeating: initial.first, count: lanes)
            mm.update(repeating: initial.second, count: lanes)
            for f in extra.indices { (ws.extraForms + f * ws.capacity).update(repeating: extra[f], count: lanes) }
            for t in 1...steps where !observer.observe(step: t, count: count, first: eq, second: mm) { break }
            return
        }
        // Paths are processed eight at a time; the workspace is padded to a multiple of eight, and the
        // padding lanes are computed like the others and never read.
        let lanes = (count + 7) & ~7
        let degree = shocks.incrementDegree ?? -1, taylor = FastMath.inverseFactorials
        // The start of step 1: spot, or spot after the stress scenario's instantaneous shock at t0.
        for k in 0..<d {
            (state + k * stride).update(repeating: degree >= 0 ? market.startPrice[k] : market.startLogReturn[k], count: lanes)
        }

        market.loadings.withUnsafeBufferPointer { a in
        market.driftPerStep.withUnsafeBufferPointer { drift in
        market.spot.withUnsafeBufferPointer { spot in
        forms.firstWeights.withUnsafeBufferPointer { alpha in
        forms.secondWeights.withUnsafeBufferPointer { beta in
        forms.extraWeights.withUnsafeBufferPointer { extraWeights in
        forms.extraConstants.withUnsafeBufferPointer { extraConstants in
            let c0 = forms.firstConstant, m0 = forms.secondConstant
            let extra = forms.extraCount, extraRows = ws.extraForms, prices = ws.chunkPrices
            precondition(ws.extraFormCount >= extra, "the workspace needs room for every extra form")
            shocks.startBlock(count: count, buffers)
            var args = ms_step_args(
                shocks: z, rowStride: stride, dimension: d, loadings: a.baseAddress!,
                scale: Shocks.scalesShocks && !Shocks.adjustsCorrelated ? UnsafePointer(scale) : nil,
                state: state, drift: drift.baseAddress!, degree: degree, taylor: taylor, spot: spot.baseAddress!,
                lowLog: -NumericalLimits.largestLogReturn, highLog: NumericalLimits.largestLogReturn,
                firstConstant: c0, secondConstant: m0,
                firstWeights: alpha.baseAddress!, secondWeights: beta.baseAddress!, first: eq, second: mm,
                extraCount: extra, extraWeights: extraWeights.baseAddress, extraConstants: extraConstants.baseAddress,
                extraRows: extraRows, extraStride: ws.capacity, prices: prices, setsPriceState: Shocks.setsPriceState ? 1 : 0)
            let drawn = antithetic ? count / 2 : count
            for t in 1...steps {
                shocks.draw(step: t, drawn: drawn, buffers, stream: &stream)
                if antithetic {
                    if Shocks.scalesShocks { (scale + drawn).update(from: scale, count: drawn) }
                    for k in 0..<d {
                        let row = z + k * stride
                        for p in 0..<drawn { row[drawn + p] = -row[p] }
                    }
                }
                // Eight paths at a time: correlate their shocks, then price every asset and sum equity and margin
                // (`ms_step_chunks`, the C kernel of the CPU's level). The chunk's d x 8 shocks stay in L1 cache
                // while the lower triangle of A is applied. A model that rewrites the correlated shocks gets each
                // chunk between the correlation and the prices.
                if Shocks.adjustsCorrelated {
                    var c = 0
                    while c < lanes {
                        Self.correlate(z + c, rowStride: stride, loadings: a.baseAddress!, dimension: d)
                        shocks.adjust(lanes: c, buffers)
                        ms_step_chunks(&args, c, c + 8, 0)
                        c += 8
                    }
                } else {
                    ms_step_chunks(&args, 0, lanes, 1)
                }
                if !observer.observe(step: t, count: count, first: eq, second: mm) { break }
            }
        }}}}}}}
    }
}
