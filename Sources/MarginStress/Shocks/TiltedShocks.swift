/// Importance sampling by a mean shift: the shocks of `Base` moved by a fixed vector `mu` (in the space of the
/// independent normals, before correlation), with each path's log-likelihood ratio of the plain law to the
/// tilted one kept in its state.
///
/// Under the tilted law the normals are `y' = y + mu'`, `y ~ N(0, I)`; the plain law's density over the tilted
/// one at `y'` is `exp(-mu'·y' + |mu'|²/2)` per step (Glasserman, Heidelberger and Shahabuddin 2000), so
/// `E_plain[f] = E_tilted[f · prod_t exp(-mu'·y'_t + |mu'|²/2)]`. For a model that scales its normals per path
/// (Student-t, `z = y s`, `s = sqrt((nu - 2) / W)`), the tilt is conditional on the chi-square draw: the normals
/// are shifted by `mu' = mu / s`, so that the correlated shock moves by `mu` whatever `W`, and `W` keeps its law
/// (its likelihood ratio is 1). The log-ratio accumulates over every step in the state word
/// `Base.stateWordsPerPath` (`logRatioWord`); an observer reads it at the path's stopping time.
///
/// The shifted shocks are no longer within the Taylor bound of the plain model, so prices step with the full
/// exponential (`incrementDegree` nil).
public struct TiltedShocks<Base: ShockModel>: ShockModel {
    public static var scalesShocks: Bool { Base.scalesShocks }
    public let base: Base
    /// The shift of each independent normal per step (one per simulated asset).
    public let shift: [Double]
    /// |shift|² / 2.
    public let halfSquaredNorm: Double

    public init(base: Base, shift: [Double]) {
        self.base = base
        self.shift = shift
        halfSquaredNorm = shift.reduce(0) { $0 + $1 * $1 } / 2
    }

    public var incrementDegree: Int? { nil }
    public var stateWordsPerPath: Int { base.stateWordsPerPath + 1 }
    /// The state word holding each path's log-likelihood ratio so far.
    public var logRatioWord: Int { base.stateWordsPerPath }

    public func startBlock(count: Int, _ buffers: ShockBuffers) {
        base.startBlock(count: count, buffers)
        (buffers.state + logRatioWord * buffers.capacity).update(repeating: 0, count: buffers.capacity)
    }

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        base.draw(step: step, drawn: drawn, b, stream: &stream)
        let log = b.state + logRatioWord * b.capacity
        shift.withUnsafeBufferPointer { mu in
            if Base.scalesShocks {
                for p in 0..<drawn { log[p] += halfSquaredNorm / (b.scale[p] * b.scale[p]) }
                for k in 0..<mu.count where mu[k] != 0 {
                    let row = b.shocks + k * b.rowStride, m = mu[k]
                    for p in 0..<drawn {
                        let shifted = m / b.scale[p]
                        let y = row[p] + shifted
                        row[p] = y
                        log[p] -= shifted * y
                    }
                }
            } else {
                for p in 0..<drawn { log[p] += halfSquaredNorm }
                for k in 0..<mu.count where mu[k] != 0 {
                    let row = b.shocks + k * b.rowStride, m = mu[k]
                    for p in 0..<drawn {
                        let y = row[p] + m
                        row[p] = y
                        log[p] -= m * y
                    }
                }
            }
        }
    }
}
