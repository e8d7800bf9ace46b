import Foundation

/// Per-path memory of a `BridgeObserver`, owned by one worker.
public final class BridgeState: @unchecked Sendable {
    public let capacity: Int
    /// Margin distance D = equity - funding paid - margin, its price-linear part G = sum_i a_i P_i, and
    /// q = |Aᵀ g|² (g_i = a_i P_i), at the path's last monitored step.
    let distance: UnsafeMutablePointer<Double>
    let linearPart: UnsafeMutablePointer<Double>
    let spread: UnsafeMutablePointer<Double>
    /// The probability that the path has not crossed the boundary so far (1 at the start; 0 once liquidated).
    public let survival: UnsafeMutablePointer<Double>
    /// The log-likelihood ratio at the path's stopping time (its liquidation step, or the horizon).
    public let logRatioAtStop: UnsafeMutablePointer<Double>
    let gradient: UnsafeMutablePointer<Double>

    public init(capacity: Int, dimension: Int) {
        self.capacity = capacity
        func buffer(_ n: Int) -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
            b.initialize(repeating: 0, count: max(1, n))
            return b
        }
        distance = buffer(capacity)
        linearPart = buffer(capacity)
        spread = buffer(capacity)
        survival = buffer(capacity)
        logRatioAtStop = buffer(capacity)
        gradient = buffer(dimension)
    }

    deinit {
        for b in [distance, linearPart, spread, survival, logRatioAtStop, gradient] { b.deallocate() }
    }
}

/// The liquidation observer of `run` (cross, full liquidation: `LiquidationObserver`), plus, per path, the
/// Brownian-bridge probability of a crossing between monitored steps and the likelihood ratio at the path's
/// stopping time.
///
/// **Continuous monitoring.** The margin distance `D = E - M - funding paid` is linear in the prices,
/// `D = c + G`, `G = sum_i a_i P_i`. Over one step it is monitored through `h = sign(-c) ln(G / (-c))` when the
/// book is directional (every a_i of one sign, so G never crosses 0) and `G / (-c) > 0` at both ends (the
/// log-distance to the boundary of the direction the book moves in: for one position `h = ±ln(P / B)`, exactly
/// the Brownian log-price's distance to its barrier), else through `h = D` (a hedged book's G can pass through
/// 0, where the logarithm's linearisation fails).
/// `h` is linearised in the log-prices at the step's start: its increment has variance `v = s² |Aᵀ g|² / G²`
/// (resp. `s² |Aᵀ g|²`), `g_i = a_i P_i`, A the step's loadings, s the path's shock scale (Student-t:
/// conditional on the step's chi-square draw). Given both ends h0, h1 > 0, a Brownian bridge crosses 0 with
/// probability `exp(-2 h0 h1 / v)` (e.g. Glasserman 2004, section 6.4); the path's survival is the product of
/// the steps' `1 - exp(-2 h0 h1 / v)`, and 0 once the discrete check liquidates it. `1 - survival` is a
/// conditional estimator of the continuous-time liquidation: exact in expectation for one position (GBM).
///
/// **Importance sampling.** With a tilted shock model (`TiltedShocks`), the state word `logRatioWord` holds the
/// path's log-likelihood ratio; it is kept at the step the path is liquidated (the stopping time), and the
/// analysis reads the last value for paths alive at the horizon.
public struct BridgeObserver: PathObserver {
    public var inner: LiquidationObserver
    let state: BridgeState
    let continuous: Bool
    /// Where the log-likelihood ratio is, or nil without a tilt.
    let logRatio: UnsafePointer<Double>?
    let liquidationStep: UnsafePointer<Int32>
    let fundingPaid: UnsafePointer<Double>
    let priceState: UnsafePointer<Double>
    let rowStride: Int
    let scale: UnsafePointer<Double>?
    /// When true, `priceState` holds log(P / P0) (the full exponential); else prices.
    let logPrices: Bool
    let spot: [Double]
    let loadings: [Double]
    /// a_i = (equity weight - margin weight) of each simulated asset.
    let slope: [Double]
    /// True when every non-zero a_i has the same sign (G never crosses 0): the log-distance is used.
    let directional: Bool

    /// - Parameters:
    ///   - logRatioWord: the tilted model's state word, or nil without a tilt.
    ///   - scaled: true when the shock model scales shocks per path (`ws.scale` is then the step's factor).
    ///   - logPrices: true when the simulator steps with the full exponential (`incrementDegree` nil).
    public init(_ ws: BlockWorkspace, valuation: Valuation, market: MarketModel, state: BridgeState, continuous: Bool,
                logRatioWord: Int?, scaled: Bool, logPrices: Bool) {
        inner = LiquidationObserver.forRun(ws, valuation)
        self.state = state
        self.continuous = continuous
        logRatio = logRatioWord.map { UnsafePointer(ws.modelState + $0 * ws.capacity) }
        liquidationStep = UnsafePointer(ws.liquidationStep)
        fundingPaid = UnsafePointer(ws.fundingPaid)
        priceState = UnsafePointer(ws.priceState)
        rowStride = ws.rowStride
        scale = scaled ? UnsafePointer(ws.scale) : nil
        self.logPrices = logPrices
        spot = market.spot
        loadings = market.loadings
        let f = valuation.forms
        slope = zip(f.firstWeights, f.secondWeights).map { $0 - $1 }
        directional = !(slope.contains { $0 > 0 } && slope.contains { $0 < 0 })
    }

    public mutating func start(count: Int, first: Double, second: Double) -> Bool {
        let going = inner.start(count: count, first: first, second: second)
        let d0 = first - second  // funding paid is 0 at the start; tiered margins are refused
        var g0 = 0.0, q0 = 0.0
        if continuous { (g0, q0) = Self.linearPartAndSpread(prices: spot, slope, loadings, state.gradient) }
        for p in 0..<count {
            state.survival[p] = going ? 1 : 0
            state.logRatioAtStop[p] = 0
            state.distance[p] = d0
            state.linearPart[p] = g0
            state.spread[p] = q0
        }
        return going
    }

    /// G = sum_i a_i P_i and q = |Aᵀ g|², g_i = a_i P_i, at `prices`.
    static func linearPartAndSpread(prices: [Double], _ a: [Double], _ loadings: [Double],
                                    _ g: UnsafeMutablePointer<Double>) -> (Double, Double) {
        let d = prices.count
        var sum = 0.0
        for i in 0..<d {
            g[i] = a[i] * prices[i]
            sum += g[i]
        }
        return (sum, spread(g, loadings, d))
    }

    /// |Aᵀ g|² for the lower-triangular row-major A.
    @inline(__always)
    static func spread(_ g: UnsafePointer<Double>, _ a: [Double], _ d: Int) -> Double {
        var q = 0.0
        for j in 0..<d {
            var t = 0.0
            for i in j..<d { t += a[i * d + j] * g[i] }
            q += t * t
        }
        return q
    }

    public mutating func observe(step: Int, count: Int, first eq: UnsafePointer<Double>,
                                 second mm: UnsafePointer<Double>) -> Bool {
        let going = inner.observe(step: step, count: count, first: eq, second: mm)
        let s = Int32(step), liq = liquidationStep, st = state
        if let logRatio {
            for p in 0..<count where liq[p] == s { st.logRatioAtStop[p] = logRatio[p] }
        }
        for p in 0..<count where liq[p] == s { st.survival[p] = 0 }
        guard continuous else { return going }
        let d = spot.count, g = st.gradient
        for p in 0..<count where liq[p] < 0 {
            var sum = 0.0
            for i in 0..<d {
                let x = priceState[i * rowStride + p]
                g[i] = slope[i] * (logPrices ? spot[i] * Foundation.exp(x) : x)
                sum += g[i]
            }
            let q = Self.spread(g, loadings, d)
            let d1 = eq[p] - fundingPaid[p] - mm[p], g1 = sum
            let d0 = st.distance[p], g0 = st.linearPart[p], q0 = st.spread[p]
            let c0 = d0 - g0, c1 = d1 - g1
            let factor = scale.map { $0[p] * $0[p] } ?? 1
            var h0 = d0, h1 = d1, v = factor * q0
            if directional && c0 * c1 > 0 && g0 / -c0 > 0 && g1 / -c1 > 0 && g0 != 0 {
                let sign: Double = c0 < 0 ? 1 : -1
                h0 = sign * Foundation.log(g0 / -c0)
                h1 = sign * Foundation.log(g1 / -c1)
                v = factor * q0 / (g0 * g0)
            }
            if h0 > 0 && h1 > 0 && v > 0 {
                st.survival[p] *= 1 - Foundation.exp(-2 * h0 * h1 / v)
            } else if !(h0 > 0 && h1 > 0) {
                st.survival[p] = 0
            }
            st.distance[p] = d1
            st.linearPart[p] = g1
            st.spread[p] = q
        }
        return going
    }

    /// After the block: the log-likelihood ratio at the horizon for paths never liquidated.
    public func finish(count: Int) {
        guard let logRatio else { return }
        for p in 0..<count where liquidationStep[p] < 0 { state.logRatioAtStop[p] = logRatio[p] }
    }
}
