/// A probability curve of `tune` on a logarithmic axis, with its 95% band and the target as a horizontal line:
/// the part the leverage frontier and the bad-debt rate chart share.
///
/// Probabilities of 0 cannot sit on a log axis: they, and band ends at 0, are drawn at the axis floor (half the
/// smallest positive value shown), and `hasZeros` tells the chart to say so in a note.
struct LogProbabilityCurve {
    let yAxis: Axis
    let curve: LineChart.Series
    let hasZeros: Bool
    let target: Double
    /// Where probabilities of 0 are drawn: half the smallest positive value shown.
    let floor: Double

    /// - Parameters: `x` and, per point, the probability and its 95% interval; `target` the acceptable probability.
    init(x: [Double], probability: [Double], interval: [[Double]], target: Double, name: String,
         yLabel: String) throws(AxisError) {
        let positive = (probability + interval.flatMap { $0 } + [target]).filter { $0 > 0 }
        let floor = (positive.min() ?? target) / 2
        func lifted(_ p: Double) -> Double { max(p, floor) }
        yAxis = try Axis.logarithmic(covering: positive + [floor], label: yLabel, format: .percent)
        let band = LineChart.Band(x: x, lower: interval.map { lifted($0[0]) }, upper: interval.map { lifted($0[1]) })
        curve = LineChart.Series(name: name, x: x, y: probability.map(lifted), band: band)
        hasZeros = probability.contains(0)
        self.target = target
        self.floor = floor
    }

    /// The target as a horizontal line from `start` to `end` on the x axis.
    func targetLine(from start: Double, to end: Double) -> LineChart.Series {
        LineChart.Series(name: "target", x: [start, end], y: [target, target], color: ChartStyle.textColor)
    }

    /// The legend: the curve (named `name`), its band and the target line.
    static func legend(_ name: String) -> [LegendEntry] {
        [LegendEntry(name, color: ChartStyle.primary, symbol: .line),
         LegendEntry("95% interval", color: ChartStyle.band, symbol: .box),
         LegendEntry("Target", color: ChartStyle.textColor, symbol: .line)]
    }

    /// "Band: 95% Wilson interval. Horizontal line: the target, 1%." followed by `rule`.
    func note(_ rule: String) -> String {
        "Band: 95% Wilson interval. Horizontal line: the target, \(Honest.format(target * 100, decimals: 4).trimmedZeros)%. " + rule
    }
}
