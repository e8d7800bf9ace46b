import CVectorMath

/// Historical simulation: each step's joint vector of log-returns is one period of the window, the same period
/// for every asset of a path (`MarketHistory`). The market's loadings are the identity, so the rows written here
/// reach the prices unchanged (drift 0: the data carry their own mean).
///
/// Draw order per step: i.i.d., one word per drawn path (the period, uniform over the window); stationary
/// bootstrap, two words per drawn path (restart or continue, then the period a restart takes). Each path's
/// current period is kept in the first state row.
public struct HistoricalShocks: ShockModel {
    public static let scalesShocks = false
    public let dimension: Int
    public let history: MarketHistory
    public let incrementDegree: Int?
    public var stateWordsPerPath: Int { 1 }

    public init(dimension: Int, history: MarketHistory, incrementDegree: Int?) {
        self.dimension = dimension
        self.history = history
        self.incrementDegree = incrementDegree
    }

    public func startBlock(count: Int, _ buffers: ShockBuffers) {}

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        Self.resample(history, step: step, drawn: drawn, rows: dimension, b, stream: &stream)
    }

    /// Picks each drawn path's period (state row 0) and copies that period's values of every asset into the
    /// shock rows. The words are read in place from the stream's batch, a run of paths at a time
    /// (`ms_resample_history`, vector code); a path whose two stationary-bootstrap words straddle the end of a
    /// batch draws them one by one. The same words, periods and shocks as drawing path by path with `next()`.
    @inlinable
    public static func resample(_ history: MarketHistory, step: Int, drawn: Int, rows d: Int, _ b: ShockBuffers,
                                stream: inout RandomStream) {
        let periods = history.periods, index = b.state, stride = b.rowStride
        let wordsPerPath = history.restart == nil ? 1 : 2, restart = history.restart ?? -1
        history.table.withUnsafeBufferPointer { table in
            let base = table.baseAddress!
            var p = 0
            while p < drawn {
                let (words, available) = stream.pendingWords()
                let n = min(drawn - p, available / wordsPerPath)
                if n > 0 {
                    ms_resample_history(words, n, restart, step == 1 ? 1 : 0, periods, index + p, base, d,
                                        b.shocks + p, stride)
                    stream.skip(n * wordsPerPath)
                    p += n
                    continue
                }
                // One word left in the batch and two needed: u from it, the start from the next batch.
                let u = stream.nextUniform(), start = min(periods - 1, Int(stream.nextUniform() * Double(periods)))
                let next = step == 1 ? 0 : Int(index[p]) + 1
                let t = step == 1 || u < restart ? start : (next == periods ? 0 : next)
                index[p] = Double(t)
                var row = b.shocks + p, value = base + t
                for _ in 0..<d {
                    row.pointee = value.pointee
                    row += stride
                    value += periods
                }
                p += 1
            }
        }
    }
}

/// Filtered historical simulation (Barone-Adesi, Giannopoulos and Vosper 1999): each step resamples one period's
/// joint vector of standardised residuals z (as `HistoricalShocks`), and asset k's return is
/// eps_k = sqrt(h_k) z_k with h_k the path's own conditional variance, stepped from eps_k by the filter's
/// recursion (`MarketGARCH`, EWMA as omega = 0, alpha = 1 - lambda, beta = lambda). The simulator adds the
/// filter's mean. State: the period (row 0), then one variance per asset.
public struct FilteredHistoricalShocks: ShockModel {
    public static let scalesShocks = false
    public static var adjustsCorrelated: Bool { true }
    public let dimension: Int
    public let history: MarketHistory
    public let filter: MarketGARCH
    public var incrementDegree: Int? { nil }
    public var stateWordsPerPath: Int { 1 + dimension }

    public init(dimension: Int, history: MarketHistory, filter: MarketGARCH) {
        self.dimension = dimension
        self.history = history
        self.filter = filter
    }

    public func startBlock(count: Int, _ b: ShockBuffers) {
        for k in 0..<dimension { (b.state + (1 + k) * b.capacity).update(repeating: filter.startVariance[k], count: b.capacity) }
    }

    @inlinable
    public func draw(step: Int, drawn: Int, _ b: ShockBuffers, stream: inout RandomStream) {
        HistoricalShocks.resample(history, step: step, drawn: drawn, rows: dimension, b, stream: &stream)
    }

    @inlinable
    public func adjust(lanes c: Int, _ b: ShockBuffers) {
        filter.step(lanes: c, rows: dimension, b, variances: b.state + b.capacity, scale: FastMath.Doubles(repeating: 1))
    }
}

extension MarketGARCH {
    /// One step of the variance recursion for paths `lanes ..< lanes + 8`: row k's innovation e (times `scale`)
    /// becomes eps = sqrt(h) e, and h <- omega + (alpha + gamma 1{eps < 0}) eps² + beta h.
    @inlinable @inline(__always)
    public func step(lanes c: Int, rows d: Int, _ b: ShockBuffers, variances: UnsafeMutablePointer<Double>,
                     scale s: FastMath.Doubles) {
        typealias Doubles = FastMath.Doubles
        parameters.withUnsafeBufferPointer { q in
            for k in 0..<d {
                let row = b.shocks + k * b.rowStride + c, hp = variances + k * b.capacity + c
                let h = Doubles(loading: hp)
                let eps = Doubles(loading: row) * s * ms_sqrt8(h)
                eps.store(to: row)
                let weight = Doubles(repeating: q[4 * k + 1]).replacing(with: q[4 * k + 1] + q[4 * k + 3], where: eps .< 0)
                (eps * eps).fma(weight, h.fma(Doubles(repeating: q[4 * k + 2]), q[4 * k])).store(to: hp)
            }
        }
    }
}
