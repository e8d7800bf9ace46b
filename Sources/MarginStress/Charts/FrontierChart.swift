/// The leverage frontier of `tune`: liquidation probability against leverage (both on log scales), its 95% interval as a
/// band, the target as a horizontal line and the limits and the current leverage as markers.
public enum FrontierChart {
    public static let fileName = "frontier.svg"

    /// The chart as SVG text. Probabilities of 0 cannot sit on a log axis: they are drawn at the axis floor
    /// (half the smallest positive value shown), and a note says so.
    public static func svg(_ s: FrontierSummary) throws(AxisError) -> String { try document(s).render() }

    /// The chart as a picture (for inline use in a report).
    public static func document(_ s: FrontierSummary) throws(AxisError) -> SVGDocument {
        let points = s.frontier.filter { $0.leverage != nil }
        let x = points.map { $0.leverage! }
        let positive = (points.flatMap { [$0.probability, $0.interval95[0], $0.interval95[1]] } + [s.target]).filter { $0 > 0 }
        let floor = (positive.min() ?? s.target) / 2
        func lifted(_ p: Double) -> Double { max(p, floor) }
        let yAxis = try Axis.logarithmic(covering: positive + [floor], label: "liquidation probability within the horizon",
                                         format: .percent)
        let xAxis = try Axis.logarithmic(covering: (x + [s.current.leverage].compactMap { $0 }).filter { $0 > 0 },
                                         label: "leverage (gross notional / equity), log scale", format: .number(suffix: "x"),
                                         tight: true)
        let band = LineChart.Band(x: x, lower: points.map { lifted($0.interval95[0]) }, upper: points.map { lifted($0.interval95[1]) })
        let frontier = LineChart.Series(name: "liquidation probability", x: x, y: points.map { lifted($0.probability) }, band: band)
        let target = LineChart.Series(name: "target", x: [x.min() ?? 0, x.max() ?? 1], y: [s.target, s.target],
                                      color: ChartStyle.textColor)
        var markers: [ChartMarker] = []
        if let now = s.current.leverage {
            markers.append(ChartMarker(value: now, label: "now \(Honest.format(now, decimals: 1))x", color: ChartStyle.mutedText, dashed: true))
        }
        if let limit = s.maxLeverage {
            markers.append(ChartMarker(value: limit, label: "limit \(Honest.format(limit, decimals: 1))x", color: ChartStyle.primary))
        }
        var notes = ["Band: 95% Wilson interval. Horizontal line: the target, \(Honest.format(s.target * 100, decimals: 4).trimmedZerosForChart)%. "
                     + "The limit is the largest leverage whose interval lies within the target (conservative)."]
        if points.contains(where: { $0.probability == 0 }) {
            notes.append("Scales with no liquidated path are drawn at the axis floor.")
        }
        let chart = LineChart(
            title: "Leverage frontier", subtitle: s.position.map { "scaling the \($0) position(s)" } ?? "scaling every position",
            xAxis: xAxis, yAxis: yAxis, series: [frontier, target], markers: markers,
            legend: [LegendEntry("Liquidation probability", color: ChartStyle.primary, symbol: .line),
                     LegendEntry("95% interval", color: ChartStyle.band, symbol: .box),
                     LegendEntry("Target", color: ChartStyle.textColor, symbol: .line)],
            notes: notes,
            description: "Liquidation probability against leverage with its 95% interval and the target line",
            idPrefix: "frontier")
        return chart.document()
    }
}

extension String {
    /// "1.0000" -> "1", "0.5000" -> "0.5".
    var trimmedZerosForChart: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
