import Foundation

/// Counts of paths in consecutive bins covering every path: `[lower, upper)` (the last bin closed) for values;
/// for time to liquidation, a bin counts the paths liquidated at the check that ends at `upper` (`(lower, upper]`).
public struct Histogram: Sendable, Equatable, Codable {
    public struct Bin: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }

    public var bins: [Bin]

    public init(bins: [Bin]) { self.bins = bins }

    public var total: Int { bins.reduce(0) { $0 + $1.count } }

    /// Equal-width bins with "nice" edges (1, 2, 2.5 or 5 x 10^k) over the central 99.8% of the sketch,
    /// plus one bin below and one above for the outer tails when they hold paths, so counts sum to the total.
    /// Each sketch bucket is placed by its representative value, exact to the sketch's relative accuracy.
    public init(sketch: LogSketch, targetBins: Int = 50) {
        guard sketch.total > 0 else {
            bins = []
            return
        }
        let nonEmpty = sketch.counts.indices.filter { sketch.counts[$0] > 0 }
        let minimum = sketch.value(atOrdinal: nonEmpty.first!), maximum = sketch.value(atOrdinal: nonEmpty.last!)
        if minimum == maximum {
            bins = [Bin(lower: minimum, upper: maximum, count: sketch.total)]
            return
        }
        var low = sketch.quantile(0.001) ?? minimum, high = sketch.quantile(0.999) ?? maximum
        if high <= low { (low, high) = (minimum, maximum) }
        let width = Self.niceWidth((high - low) / Double(targetBins))
        let start = (low / width).rounded(.down) * width
        let count = max(1, Int(((high - start) / width).rounded(.up)))
        let end = start + Double(count) * width
        var core = (0..<count).map { k in
            Bin(lower: start + Double(k) * width, upper: k == count - 1 ? end : start + Double(k + 1) * width, count: 0)
        }
        var below = 0, above = 0
        for o in nonEmpty {
            let v = sketch.value(atOrdinal: o), c = sketch.counts[o]
            if v < start {
                below += c
            } else if v > end {
                above += c
            } else {
                core[min(count - 1, Int((v - start) / width))].count += c
            }
        }
        var all: [Bin] = []
        if below > 0 { all.append(Bin(lower: minimum, upper: start, count: below)) }
        all += core
        if above > 0 { all.append(Bin(lower: end, upper: maximum, count: above)) }
        bins = all
    }

    /// The smallest of 1, 2, 2.5, 5 x 10^k at or above `raw`.
    static func niceWidth(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        for m in [1.0, 2, 2.5, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
        return 10 * power
    }

    /// CSV with header `lower,upper,count`, one bin a row.
    public var csv: String {
        "lower,upper,count\n" + bins.map { "\(csvNumber($0.lower)),\(csvNumber($0.upper)),\($0.count)" }.joined(separator: "\n") + "\n"
    }
}

/// A number as CSV and pandas read it: shortest round-trip decimal.
func csvNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}
