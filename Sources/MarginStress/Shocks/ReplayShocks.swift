/// Any shock model after a stress replay (`MarketReplay`): steps 1 ... R take the file's returns in order on every
/// path (no draws), then the model runs its own periods 1, 2, ... from step R + 1, from the state the replay left
/// (`MarketReplay.continuing` for a variance recursion). The model's draws are those of a run without the replay,
/// R steps later. State: the model's rows, then the current step (one value).
public struct ReplayShocks<Base: ShockModel>: ShockModel {
    public let base: Base
    public let replay: MarketReplay
    /// The simulator's drift per step, taken back out of the replayed steps (`x = drift + row`).
    public let drift: [Double]
    public static var scalesShocks: Bool { Base.scalesShocks }
    public static var adjustsCorrelated: Bool { true }
    /// Replayed returns have no bound known to the model: the full exponential.
    public var incrementDegree: Int? { nil }
    public var stateWordsPerPath: Int { base.stateWordsPerPath + 1 }
    public var varianceRow: Int? { base.varianceRow }

    public init(base: Base, replay: MarketReplay, drift: [Double]) {
        self.base = base
        self.replay = replay
        self.drift = drift
    }

    public func startBlock(count: Int, _ b: ShockBuffers) { base.startBlock(count: count, b) }

    @inlinable
    public func draw(step t: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        b.state[base.stateWordsPerPath * b.capacity] = Double(t)
        if t > replay.periods { base.draw(step: t - replay.periods, drawn: drawn, b, stream: &stream) }
    }

    @inlinable
    public func adjust(lanes c: Int, _ b: ShockBuffers) {
        typealias Doubles = FastMath.Doubles
        let t = Int(b.state[base.stateWordsPerPath * b.capacity]), d = drift.count
        if t <= replay.periods {
            for k in 0..<d {
                Doubles(repeating: replay.returns[(t - 1) * d + k] - drift[k]).store(to: b.shocks + k * b.rowStride + c)
            }
        } else if Base.adjustsCorrelated {
            base.adjust(lanes: c, b)
        } else if Base.scalesShocks {
            let s = Doubles(loading: b.scale + c)
            for k in 0..<d { (Doubles(loading: b.shocks + k * b.rowStride + c) * s).store(to: b.shocks + k * b.rowStride + c) }
        }
    }
}
