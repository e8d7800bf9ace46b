/// The exchange's question of `tune --maintenance-rate-for-bad-debt`: the probability of bad debt against the
/// flat maintenance rate (probability on a log scale) at every rate of the 0.01% grid the search examined within
/// the range shown (`RateSummary.curve`; the table rows when it is empty), its 95% interval as a band, the target
/// as a horizontal line, and the smallest qualifying rate as a marker and a dot on the curve.
public enum RateChart {
    public static let fileName = "rate_frontier.svg"

    /// The chart as SVG text. Probabilities of 0 are drawn at the axis floor, and a note says so.
    public static func svg(_ s: RateSummary) throws(AxisError) -> String { try document(s).render() }

    /// The chart as a picture (for inline use in a report).
    public static func document(_ s: RateSummary) throws(AxisError) -> SVGDocument {
        let points = s.curve.isEmpty ? s.frontier : s.curve
        let x = points.map(\.rate)
        let rates = try LogProbabilityCurve(x: x, probability: points.map(\.probability),
                                            interval: points.map(\.interval95), target: s.target,
                                            name: "bad-debt probability", yLabel: "probability of bad debt within the horizon")
        let xAxis = Axis.linear(covering: x + [s.minimumRate].compactMap { $0 }, label: "flat maintenance margin rate",
                                format: .percent, targetTicks: 8)
        var markers: [ChartMarker] = []
        var dots: [ChartDot] = []
        if let m = s.minimumRate {
            markers.append(ChartMarker(value: m, label: "smallest rate \(Honest.format(m * 100, decimals: 2))%", color: ChartStyle.primary))
            if let at = s.atMinimumRate {
                let p = Honest.format(at.probability * 100, decimals: 4).trimmedZeros
                dots.append(ChartDot(x: m, y: max(at.probability, rates.floor), color: ChartStyle.primary,
                                     label: "answer: rate \(Honest.format(m * 100, decimals: 2))%, bad-debt probability \(p)%"))
            }
        }
        let range = "\(Honest.format((x.first ?? 0) * 100, decimals: 2).trimmedZeros)% to \(Honest.format((x.last ?? 0) * 100, decimals: 2).trimmedZeros)%"
        var notes = [(s.curve.isEmpty ? "Curve: the table's \(x.count) rates from \(range). "
                      : "Curve: every rate of the 0.01% grid from \(range) (\(Honest.count(x.count)) rates, "
                        + (s.importanceSampling == nil ? "each counted exactly). " : "each a weighted estimate from the same paths). "))
                     + rates.note("The answer is the smallest rate whose interval, and every larger rate's, lies within the target (conservative); the dot marks it on the curve.")]
        if rates.hasZeros { notes.append("Rates with no path in bad debt are drawn at the axis floor.") }
        let chart = LineChart(
            title: "Bad debt against the maintenance rate",
            subtitle: s.position.map { "one flat rate for the \($0) position(s)" } ?? "one flat rate for every position",
            xAxis: xAxis, yAxis: rates.yAxis, series: [rates.curve, rates.targetLine(from: xAxis.lower, to: xAxis.upper)],
            markers: markers, dots: dots, legend: LogProbabilityCurve.legend("Probability of bad debt"),
            notes: notes,
            description: "Probability of bad debt against the flat maintenance rate with its 95% interval and the target line",
            idPrefix: "rate-frontier")
        return chart.document()
    }
}
