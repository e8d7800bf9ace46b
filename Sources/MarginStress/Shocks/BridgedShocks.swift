import CVectorMath

/// Any model with a data period (GARCH, historical, filtered historical, with jumps) at m > 1 steps per period:
/// the model draws each period's joint log-return at the period's first step exactly as at one step per period,
/// and the m - 1 log-prices inside the period are a Brownian bridge between the period's closes (`MarketBridge`).
///
/// Closes are kept bit for bit: the model's draws come from the block's stream in the same order as at one step
/// per period, the close is computed by the simulator's own operations (`x = row s + drift`, the same clamp or
/// Taylor increment), and the simulator takes the state this model writes (`setsPriceState`), the close itself
/// at a period's last step. The bridge's normals come from a substream: words 2^39 + ((t d + k) x 2^12) + n of the
/// block's segment for step t and asset k (`RandomStream.words(at:)`), never reached by the stream itself, so the
/// model's draws do not move. With antithetic pairs the mirrored path takes the negated bridge normals.
///
/// State after the model's own rows: the step within the period (one value), then per asset the period's start
/// state, close, log-return, bridge value b, standard deviation sigma and the step's normals (`MarketBridge.stateRows`).
public struct BridgedShocks<Base: ShockModel>: ShockModel {
    public let base: Base
    public let bridge: MarketBridge
    /// The model's drift per period (as `MarketModel.driftPerStep` at one step per period).
    public let drift: [Double]
    /// Per asset, the state at the start of step 1: the log-return (full exponential) or the price (increments).
    public let start: [Double]
    public let antithetic: Bool
    public static var scalesShocks: Bool { Base.scalesShocks }
    public static var adjustsCorrelated: Bool { true }
    public static var setsPriceState: Bool { true }
    public var incrementDegree: Int? { base.incrementDegree }
    public var dimension: Int { drift.count }
    public var stateWordsPerPath: Int { base.stateWordsPerPath + MarketBridge.stateRows(dimension: dimension) }

    /// - Parameters: `startLogReturn` and `startPrice` as `MarketModel`'s; the one the model's pricing uses is kept.
    public init(base: Base, bridge: MarketBridge, drift: [Double], startLogReturn: [Double], startPrice: [Double], antithetic: Bool) {
        precondition(bridge.deviation != nil || base.varianceRow != nil, "a bridge needs a deviation or the model's variances")
        self.base = base
        self.bridge = bridge
        self.drift = drift
        start = base.incrementDegree == nil ? startLogReturn : startPrice
        self.antithetic = antithetic
    }

    /// Where the bridge's rows start in the state (in rows of `capacity`).
    @inlinable var firstRow: Int { base.stateWordsPerPath }

    public func startBlock(count: Int, _ b: ShockBuffers) {
        base.startBlock(count: count, b)
        let d = dimension, close = b.state + (firstRow + 1 + d) * b.capacity
        for k in 0..<d { (close + k * b.capacity).update(repeating: start[k], count: b.capacity) }
    }

    @inlinable
    public func draw(step t: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        typealias Words = FastMath.Words
        let m = bridge.stepsPerPeriod, j = (t - 1) % m + 1, d = dimension, cap = b.capacity
        if j == 1 { base.draw(step: (t - 1) / m + 1, drawn: drawn, b, stream: &stream) }
        b.state[firstRow * cap] = Double(j)
        guard j < m else { return }
        precondition(drawn + 16 <= 1 << 12, "the bridge's substream holds 4,096 words per asset and step")
        let normals = b.state + (firstRow + 1 + 5 * d) * cap, lane = Words(0, 1, 2, 3, 4, 5, 6, 7)
        for k in 0..<d {
            let row = normals + k * cap
            let first = (UInt64(1) << 39) &+ ((UInt64(t) &* UInt64(d) &+ UInt64(k)) << 12)
            var g = 0
            while g < drawn {
                let n = Words(repeating: first &+ UInt64(g)) &+ lane
                let (cosine, sine) = NormalSampler.pairs(stream.words(at: n), stream.words(at: n &+ 8))
                cosine.store(to: row + g)
                if g + 8 < drawn { sine.store(to: row + g + 8) }
                g += 16
            }
            if antithetic { for p in 0..<drawn { row[drawn + p] = -row[p] } }
        }
    }

    @inlinable
    public func adjust(lanes c: Int, _ b: ShockBuffers) {
        typealias Doubles = FastMath.Doubles
        let m = bridge.stepsPerPeriod, d = dimension, cap = b.capacity, stride = b.rowStride
        let j = Int(b.state[firstRow * cap])
        let startRows = b.state + (firstRow + 1) * cap, closeRows = startRows + d * cap, returnRows = closeRows + d * cap
        let bridgeRows = returnRows + d * cap, deviationRows = bridgeRows + d * cap, normalRows = deviationRows + d * cap
        let degree = base.incrementDegree ?? -1
        let highLog = Doubles(repeating: NumericalLimits.largestLogReturn), lowLog = -highLog
        if j == 1 {
            // The period's deviation, from the variance the model holds before it steps it.
            if let deviation = bridge.deviation {
                for k in 0..<d { Doubles(repeating: deviation[k]).store(to: deviationRows + k * cap + c) }
            } else {
                let variances = b.state + base.varianceRow! * cap
                let s = Base.scalesShocks ? Doubles(loading: b.scale + c) : Doubles(repeating: 1)
                for k in 0..<d { (Doubles(loading: variances + k * cap + c).squareRoot() * s).store(to: deviationRows + k * cap + c) }
            }
            if Base.adjustsCorrelated { base.adjust(lanes: c, b) }
            // The period's close, by the simulator's own price step at one step per period (the same C kernel
            // code, so the same bits in every build: `ms_close8`).
            let scale: UnsafePointer<Double>? = Base.scalesShocks && !Base.adjustsCorrelated ? UnsafePointer(b.scale + c) : nil
            drift.withUnsafeBufferPointer { drift in
                for k in 0..<d {
                    let at = k * cap + c
                    Doubles(loading: closeRows + at).store(to: startRows + at)
                    ms_close8(b.shocks + k * stride + c, scale, drift[k], closeRows + at, returnRows + at, degree,
                              FastMath.inverseFactorials, lowLog[0], highLog[0])
                    Doubles().store(to: bridgeRows + at)
                }
            }
        }
        if j == m {
            for k in 0..<d { Doubles(loading: closeRows + k * cap + c).store(to: b.shocks + k * stride + c) }
            return
        }
        let carry = Doubles(repeating: bridge.carry[j - 1]), spread = bridge.spread[j - 1], u = Doubles(repeating: Double(j) / Double(m))
        bridge.cholesky.withUnsafeBufferPointer { l in
            for k in 0..<d {
                var xi = Doubles()
                for i in 0...k { xi = Doubles(loading: normalRows + i * cap + c).fma(Doubles(repeating: l[k * d + i]), xi) }
                let at = k * cap + c
                let value = Doubles(loading: bridgeRows + at).fma(carry, xi * Doubles(loading: deviationRows + at) * spread)
                value.store(to: bridgeRows + at)
                let offset = Doubles(loading: returnRows + at).fma(u, value)
                let open = Doubles(loading: startRows + at), state: Doubles
                if degree >= 0 {
                    state = open * FastMath.exp(offset.clampedLanes(lower: lowLog, upper: highLog))
                } else {
                    state = (open + offset).clampedLanes(lower: lowLog, upper: highLog)
                }
                state.store(to: b.shocks + k * stride + c)
            }
        }
    }
}

extension GARCHShocks {
    /// The variances are the first `d` state rows.
    public var varianceRow: Int? { 0 }
}

extension FilteredHistoricalShocks {
    /// The variances follow the period row.
    public var varianceRow: Int? { 1 }
}

extension JumpShocks {
    /// The base model's: the jump row comes after its rows.
    public var varianceRow: Int? { base.varianceRow }
}
