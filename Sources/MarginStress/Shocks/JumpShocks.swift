import Foundation

/// Any shock model with market-wide compound Poisson jumps on top (Merton 1976; Kou 2002 for
/// double-exponential sizes): at each step, path p draws N_p ~ Poisson(lambda dt) and J_p = Y_1 + ... + Y_N,
/// and asset i's log-return gains `beta_i J_p`.
///
/// Draw order per step: the base model's draws, then for each drawn path one uniform for N (inversion of the
/// Poisson distribution) followed by its N sizes (normal: one normal for the sum, `N mu + sqrt(N) s Z`;
/// double-exponential: two uniforms per jump). With antithetic sampling the mirrored path takes the same
/// jumps (the diffusion's shocks are negated, the jumps are not). The jump of each path is kept in the last
/// state row.
public struct JumpShocks<Base: ShockModel>: ShockModel {
    public let base: Base
    public let jumps: MarketJumps
    public let antithetic: Bool
    public static var scalesShocks: Bool { Base.scalesShocks }
    public static var adjustsCorrelated: Bool { true }
    public var incrementDegree: Int? { nil }
    public var stateWordsPerPath: Int { base.stateWordsPerPath + 1 }

    public init(base: Base, jumps: MarketJumps, antithetic: Bool) {
        self.base = base
        self.jumps = jumps
        self.antithetic = antithetic
    }

    public func startBlock(count: Int, _ buffers: ShockBuffers) { base.startBlock(count: count, buffers) }

    /// The sum of the jumps of one path over one step.
    @inlinable
    public func jump(_ stream: inout RandomStream) -> Double {
        let lambda = jumps.intensityPerStep
        var probability = Foundation.exp(-lambda), cumulative = probability, n = 0
        let u = stream.nextUniform()
        while u >= cumulative && n < 10_000 {
            n += 1
            probability *= lambda / Double(n)
            cumulative += probability
            if probability == 0 { break }
        }
        guard n > 0 else { return 0 }
        switch jumps.sizes {
        case .normal(let mean, let sd):
            return Double(n) * mean + Double(n).squareRoot() * sd * NormalSampler().next(&stream)
        case .doubleExponential(let up, let meanUp, let meanDown):
            var sum = 0.0
            for _ in 0..<n {
                let direction = stream.nextUniform(), size = -Foundation.log(stream.nextUniformPositive())
                sum += direction < up ? meanUp * size : -meanDown * size
            }
            return sum
        }
    }

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        base.draw(step: step, drawn: drawn, b, stream: &stream)
        let row = b.state + base.stateWordsPerPath * b.capacity
        for p in 0..<drawn { row[p] = jump(&stream) }
        if antithetic { (row + drawn).update(from: row, count: drawn) }
    }

    @inlinable
    public func adjust(lanes c: Int, _ b: ShockBuffers) {
        typealias Doubles = FastMath.Doubles
        if Base.adjustsCorrelated {
            base.adjust(lanes: c, b)
        }
        let j = Doubles(loading: b.state + base.stateWordsPerPath * b.capacity + c)
        let s = Base.scalesShocks && !Base.adjustsCorrelated ? Doubles(loading: b.scale + c) : Doubles(repeating: 1)
        jumps.betas.withUnsafeBufferPointer { betas in
            for k in 0..<betas.count {
                let row = b.shocks + k * b.rowStride + c
                Doubles(loading: row).fma(s, j * betas[k]).store(to: row)
            }
        }
    }
}
