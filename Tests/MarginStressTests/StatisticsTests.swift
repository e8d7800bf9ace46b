import Foundation
import Testing
@testable import MarginStress

@Suite("Statistics")
struct StatisticsTests {
    @Test("Wilson interval against published values")
    func wilson() {
        // Newcombe (1998), Table I: 81 of 263 -> 0.2553 to 0.3662; 0 of 20 -> 0 to 0.1611.
        let a = ProportionEstimate(count: 81, trials: 263)
        #expect(abs(a.interval95[0] - 0.2553) < 5e-5 && abs(a.interval95[1] - 0.3662) < 5e-5)
        let b = ProportionEstimate(count: 0, trials: 20)
        #expect(b.interval95[0] == 0 && abs(b.interval95[1] - 0.1611) < 5e-5)
        #expect(abs(a.standardError - (a.probability * (1 - a.probability) / 263).squareRoot()) < 1e-15)
    }

    @Test("sketch quantiles are within the relative accuracy of the exact order statistics")
    func sketchQuantiles() {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: 8, block: 0, buffer: buffer)
        let normal = NormalSampler()
        var sketch = LogSketch(scale: 10_000)
        var values: [Double] = []
        for _ in 0..<100_000 {
            let v = 1_000 * normal.next(&stream) + 300
            values.append(v)
            sketch.add(v)
        }
        values.sort()
        for q in [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999] {
            let exact = values[Int((q * Double(values.count)).rounded(.up)) - 1]
            let approx = sketch.quantile(q)!
            #expect(abs(approx - exact) <= sketch.alpha * abs(exact) * 1.0001 + sketch.minimum, "q \(q): \(approx) vs \(exact)")
        }
        #expect(sketch.total == 100_000)
    }

    @Test("sketch merge equals adding everything to one sketch, in any order")
    func sketchMerge() {
        var a = LogSketch(scale: 100), b = LogSketch(scale: 100), all = LogSketch(scale: 100)
        for k in 0..<1000 {
            let v = Double(k * k % 977) - 400.5
            if k % 3 == 0 { a.add(v) } else { b.add(v) }
            all.add(v)
        }
        var ab = a, ba = b
        ab.merge(b)
        ba.merge(a)
        #expect(ab == all && ba == all)
    }

    @Test("values beyond the sketch range are clamped and counted, zero and tiny values land in the zero bucket")
    func sketchRange() {
        var s = LogSketch(scale: 1)
        s.add(0)
        s.add(1e-12)
        s.add(1e30)
        #expect(s.clamped == 1)
        #expect(s.counts[s.bucketsPerSign] == 2)
        #expect(s.quantile(0.1) == 0)
    }

    @Test("histogram from a sketch covers every value and its edges are ordered")
    func histogram() {
        var s = LogSketch(scale: 1000)
        for k in 0..<10_000 { s.add(Double(k % 2000) - 700 + (k == 5 ? 1e6 : 0)) }
        let h = Histogram(sketch: s)
        #expect(h.total == 10_000)
        for (a, b) in zip(h.bins, h.bins.dropFirst()) { #expect(a.upper <= b.lower + 1e-9 && a.lower <= a.upper) }
        #expect(h.bins.last!.upper >= 1e6 * 0.999)
        #expect(h.csv.hasPrefix("lower,upper,count\n"))
    }

    @Test("a constant sample gives one bin")
    func histogramConstant() {
        var s = LogSketch(scale: 10)
        for _ in 0..<50 { s.add(0) }
        #expect(Histogram(sketch: s).bins == [Histogram.Bin(lower: 0, upper: 0, count: 50)])
    }

    @Test("honest digits: two significant digits of the standard error")
    func honestDigits() {
        #expect(Honest.format(0.0123456, error: 0.00011) == "0.01235")
        #expect(Honest.format(15_234.7, error: 230) == "15,230")
        #expect(Honest.format(-1_234_567.89, error: 0.5) == "-1,234,567.89")
        #expect(Honest.format(-1_234_567.89, error: 5) == "-1,234,567.9")
        #expect(Honest.percent(0.0123456, error: 0.00011) == "1.235%")
        #expect(Honest.format(-0.0001, decimals: 2) == "0.00")
    }

    @Test("horizons in hours, days, weeks, years and plain numbers")
    func horizons() {
        #expect(Horizon("24h").days == 1)
        #expect(Horizon("7d").days == 7)
        #expect(Horizon("2w").days == 14)
        #expect(Horizon("1y").days == 365)
        #expect(Horizon("0.5").days == 0.5)
        #expect(Horizon("soon").days == nil)
    }
}

@Suite("Sketch tail means")
struct SketchTailTests {
    @Test("the mean of the k largest values, with many zeros and a partial bucket")
    func meanOfLargest() {
        var s = LogSketch(scale: 100)
        for _ in 0..<990 { s.add(0) }
        for v in 1...10 { s.add(Double(v) * 10) }
        // The worst 1% of 1,000 values: the 10 non-zero ones, mean 55.
        #expect(abs(s.meanOfLargest(10)! - 55) < 55 * s.alpha)
        // The worst 2%: those 10 and 10 zeros.
        #expect(abs(s.meanOfLargest(20)! - 27.5) < 27.5 * s.alpha)
        #expect(s.meanOfLargest(0) == nil && s.meanOfLargest(1001) == nil)
    }
}
