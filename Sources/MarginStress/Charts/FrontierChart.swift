/// The leverage frontier of `tune`: liquidation probability against leverage (both on log scales), its 95% interval as a
/// band, the target as a horizontal line and the limits and the current leverage as markers.
public enum FrontierChart {
    public static let fileName = "frontier.svg"

    /// The chart as SVG text. Probabilities of 0 are drawn at the axis floor, and a note says so.
    public static func svg(_ s: FrontierSummary) throws(AxisError) -> String { try document(s).render() }

    /// The chart as a picture (for inline use in a report).
    public static func document(_ s: FrontierSummary) throws(AxisError) -> SVGDocument {
        let points = s.frontier.filter { $0.leverage != nil }
        let x = points.map { $0.leverage! }
        let frontier = try LogProbabilityCurve(x: x, probability: points.map(\.probability), interval: points.map(\.interval95),
                                               target: s.target, name: "liquidation probability",
                                               yLabel: "liquidation probability within the horizon")
        let xAxis = try Axis.logarithmic(covering: (x + [s.current.leverage].compactMap { $0 }).filter { $0 > 0 },
                                         label: "leverage (gross notional / equity), log scale", format: .number(suffix: "x"),
                                         tight: true)
        var markers: [ChartMarker] = []
        if let now = s.current.leverage {
            markers.append(ChartMarker(value: now, label: "now \(Honest.format(now, decimals: 1))x", color: ChartStyle.mutedText, dashed: true))
        }
        if let limit = s.maxLeverage {
            markers.append(ChartMarker(value: limit, label: "limit \(Honest.format(limit, decimals: 1))x", color: ChartStyle.primary))
        }
        var notes = [frontier.note("The limit is the largest leverage whose interval lies within the target (conservative).")]
        if frontier.hasZeros { notes.append("Scales with no liquidated path are drawn at the axis floor.") }
        let chart = LineChart(
            title: "Leverage frontier", subtitle: s.position.map { "scaling the \($0) position(s)" } ?? "scaling every position",
            xAxis: xAxis, yAxis: frontier.yAxis,
            series: [frontier.curve, frontier.targetLine(from: x.min() ?? 0, to: x.max() ?? 1)], markers: markers,
            legend: LogProbabilityCurve.legend("Liquidation probability"),
            notes: notes,
            description: "Liquidation probability against leverage with its 95% interval and the target line",
            idPrefix: "frontier")
        return chart.document()
    }
}
