import Testing
@testable import MarginStress

/// The vector kernels of the models estimated on data (garch, historical, filtered-historical) against the scalar
/// code they replaced: equal bit for bit, so that their results did not change when they became faster.
@Suite("shock kernels: the same bits as the scalar code")
struct ShockKernelTests {
    typealias Doubles = FastMath.Doubles

    /// The resampling as it was: path by path, each word from `next()`, periods by a checked conversion.
    static func scalarResample(_ history: MarketHistory, step: Int, drawn: Int, rows d: Int, shocks: UnsafeMutablePointer<Double>,
                               stride: Int, index: UnsafeMutablePointer<Double>, stream: inout RandomStream) {
        let periods = history.periods, span = Double(periods)
        for p in 0..<drawn {
            let t: Int
            if let restart = history.restart {
                let u = stream.nextUniform(), start = min(periods - 1, Int(stream.nextUniform() * span))
                let next = step == 1 ? 0 : Int(index[p]) + 1
                t = step == 1 || u < restart ? start : (next == periods ? 0 : next)
            } else {
                t = min(periods - 1, Int(stream.nextUniform() * span))
            }
            index[p] = Double(t)
            for k in 0..<d { shocks[k * stride + p] = history.table[k * periods + t] }
        }
    }

    /// i.i.d. (nil) and stationary bootstraps (restart 0.2 and 1), with the stream first moved by 0, 1, 3 and 511
    /// words (511: one word left in the batch, so a stationary path's two words straddle its end), for full and
    /// partial blocks, six steps each: the same periods, the same shocks, and the stream left at the same word.
    @Test("historical resampling equals drawing path by path, i.i.d. and stationary, across the ends of batches",
          arguments: [nil, 0.2, 1.0] as [Double?])
    func resample(restart: Double?) {
        let d = 3, periods = 37, capacity = 256, stride = capacity
        let table = (0..<(d * periods)).map { Double($0) * 1e-3 - 0.05 }
        let history = MarketHistory(periods: periods, table: table, restart: restart)
        let memory = UnsafeMutablePointer<Double>.allocate(capacity: 4 * (d + 1) * capacity)
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * RandomStream.batch)
        defer { memory.deallocate(); words.deallocate() }
        let shocksA = memory, shocksB = memory + d * capacity, indexA = memory + 2 * d * capacity, indexB = indexA + capacity
        let scale = indexB + capacity
        var mismatches = 0
        for offset in [0, 1, 3, 511] {
            for drawn in [256, 37] {
                memory.update(repeating: 0, count: 4 * (d + 1) * capacity)
                var a = RandomStream(seed: 99, block: 3, buffer: words)
                var b = RandomStream(seed: 99, block: 3, buffer: words + RandomStream.batch)
                for _ in 0..<offset { _ = a.next(); _ = b.next() }
                let buffers = ShockBuffers(shocks: shocksA, rowStride: stride, scale: scale, state: indexA, capacity: capacity)
                for step in 1...6 {
                    HistoricalShocks.resample(history, step: step, drawn: drawn, rows: d, buffers, stream: &a)
                    Self.scalarResample(history, step: step, drawn: drawn, rows: d, shocks: shocksB, stride: stride,
                                        index: indexB, stream: &b)
                    for p in 0..<drawn where indexA[p] != indexB[p] { mismatches += 1 }
                    for k in 0..<d {
                        for p in 0..<drawn where shocksA[k * stride + p].bitPattern != shocksB[k * stride + p].bitPattern {
                            mismatches += 1
                        }
                    }
                    #expect(a.next() == b.next(), "offset \(offset), drawn \(drawn), step \(step): the streams moved apart")
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("clampedLanes equals the standard library's clamped lane by lane, NaN and infinities included")
    func clamp() {
        let values: [Double] = [.nan, -.infinity, .infinity, -281, -280, -279.99, -0.0, 0, 1e-300, 279.99, 280, 280.5,
                                1e308, -1e308, .leastNonzeroMagnitude, -5]
        let low = Doubles(repeating: -280), high = Doubles(repeating: 280)
        for start in stride(from: 0, to: values.count, by: 8) {
            var x = Doubles()
            for j in 0..<8 { x[j] = values[start + j] }
            let fast = x.clampedLanes(lower: low, upper: high), reference = x.clamped(lowerBound: low, upperBound: high)
            for j in 0..<8 { #expect(fast[j].bitPattern == reference[j].bitPattern, "x = \(x[j]): \(fast[j]) against \(reference[j])") }
        }
    }

    /// The recursion step as it was, with the lane-wise `squareRoot()`; `MarketGARCH.step` now takes one vector root.
    static func scalarRootStep(_ q: [Double], rows d: Int, _ b: ShockBuffers, variances: UnsafeMutablePointer<Double>, scale s: Doubles) {
        for k in 0..<d {
            let row = b.shocks + k * b.rowStride, hp = variances + k * b.capacity
            let h = Doubles(loading: hp)
            let eps = Doubles(loading: row) * s * h.squareRoot()
            eps.store(to: row)
            let weight = Doubles(repeating: q[4 * k + 1]).replacing(with: q[4 * k + 1] + q[4 * k + 3], where: eps .< 0)
            (eps * eps).fma(weight, h.fma(Doubles(repeating: q[4 * k + 2]), q[4 * k])).store(to: hp)
        }
    }

    @Test("the GARCH / GJR step: the same shocks and variances as with a square root per lane, over 200 steps")
    func garchStep() {
        let d = 2, capacity = 8
        let q = [2e-6, 0.08, 0.9, 0.04, 1e-5, 0.05, 0.93, 0.0]
        let garch = MarketGARCH(parameters: q, startVariance: [1e-4, 4e-4], degreesOfFreedom: nil)
        let memory = UnsafeMutablePointer<Double>.allocate(capacity: 4 * d * capacity + capacity)
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { memory.deallocate(); words.deallocate() }
        let shocksA = memory, shocksB = memory + d * capacity, hA = memory + 2 * d * capacity, hB = hA + d * capacity
        let scale = hB + d * capacity
        for k in 0..<d {
            (hA + k * capacity).update(repeating: garch.startVariance[k], count: capacity)
            (hB + k * capacity).update(repeating: garch.startVariance[k], count: capacity)
        }
        var stream = RandomStream(seed: 4, block: 0, buffer: words)
        let a = ShockBuffers(shocks: shocksA, rowStride: capacity, scale: scale, state: hA, capacity: capacity)
        let b = ShockBuffers(shocks: shocksB, rowStride: capacity, scale: scale, state: hB, capacity: capacity)
        var mismatches = 0
        for _ in 0..<200 {
            a.fillNormals(rows: d, count: capacity, &stream)
            shocksB.update(from: shocksA, count: d * capacity)
            for p in 0..<capacity { scale[p] = 0.5 + Double(p) / 4 }  // a Student-t factor's range
            let s = Doubles(loading: scale)
            garch.step(lanes: 0, rows: d, a, variances: hA, scale: s)
            Self.scalarRootStep(q, rows: d, b, variances: hB, scale: s)
            for i in 0..<(d * capacity) {
                if shocksA[i].bitPattern != shocksB[i].bitPattern || hA[i].bitPattern != hB[i].bitPattern { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}
