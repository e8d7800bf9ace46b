/// The exchange's question of `tune --maintenance-rate-for-bad-debt`: the probability of bad debt against the
/// flat maintenance rate (probability on a log scale), its 95% interval as a band, the target as a horizontal
/// line and the smallest qualifying rate as a marker.
public enum RateChart {
    public static let fileName = "rate_frontier.svg"

    /// The chart as SVG text. Probabilities of 0 are drawn at the axis floor (half the smallest positive value
    /// shown), and a note says so.
    public static func svg(_ s: RateSummary) throws(AxisError) -> String { try document(s).render() }

    /// The chart as a picture (for inline use in a report).
    public static func document(_ s: RateSummary) throws(AxisError) -> SVGDocument {
        let x = s.frontier.map(\.rate)
        let positive = (s.frontier.flatMap { [$0.probability, $0.interval95[0], $0.interval95[1]] } + [s.target]).filter { $0 > 0 }
        let floor = (positive.min() ?? s.target) / 2
        func lifted(_ p: Double) -> Double { max(p, floor) }
        let yAxis = try Axis.logarithmic(covering: positive + [floor], label: "probability of bad debt within the horizon",
                                         format: .percent)
        let xAxis = Axis.linear(covering: x + [s.minimumRate].compactMap { $0 }, label: "flat maintenance margin rate",
                                format: .percent, targetTicks: 8)
        let band = LineChart.Band(x: x, lower: s.frontier.map { lifted($0.interval95[0]) },
                                  upper: s.frontier.map { lifted($0.interval95[1]) })
        let curve = LineChart.Series(name: "bad-debt probability", x: x, y: s.frontier.map { lifted($0.probability) }, band: band)
        let target = LineChart.Series(name: "target", x: [xAxis.lower, xAxis.upper], y: [s.target, s.target],
                                      color: ChartStyle.textColor)
        var markers: [ChartMarker] = []
        if let m = s.minimumRate {
            markers.append(ChartMarker(value: m, label: "smallest rate \(Honest.format(m * 100, decimals: 2))%", color: ChartStyle.primary))
        }
        var notes = ["Band: 95% Wilson interval. Horizontal line: the target, \(Honest.format(s.target * 100, decimals: 4).trimmedZerosForChart)%. "
                     + "The answer is the smallest rate whose interval, and every larger rate's, lies within the target (conservative)."]
        if s.frontier.contains(where: { $0.probability == 0 }) {
            notes.append("Rates with no path in bad debt are drawn at the axis floor.")
        }
        let chart = LineChart(
            title: "Bad debt against the maintenance rate",
            subtitle: s.position.map { "one flat rate for the \($0) position(s)" } ?? "one flat rate for every position",
            xAxis: xAxis, yAxis: yAxis, series: [curve, target], markers: markers,
            legend: [LegendEntry("Probability of bad debt", color: ChartStyle.primary, symbol: .line),
                     LegendEntry("95% interval", color: ChartStyle.band, symbol: .box),
                     LegendEntry("Target", color: ChartStyle.textColor, symbol: .line)],
            notes: notes,
            description: "Probability of bad debt against the flat maintenance rate with its 95% interval and the target line",
            idPrefix: "rate-frontier")
        return chart.document()
    }
}
