import Foundation

/// The pictures of `compare`, cross and isolated margin side by side on the same paths: the two survival curves,
/// the liquidation probability of each position under each mode, and per position the contagion (liquidated only
/// under cross) against the rescues (liquidated only on its own margin).
public enum CompareCharts {
    /// The file names `compare --export` writes the charts under, in the order of `all(_:)`.
    public static let fileNames = ["compare_survival.svg", "compare_positions.svg", "compare_contagion.svg"]

    /// Colours of the two modes, used alike in every chart and in the report.
    public static let crossColor = ChartStyle.primary
    public static let isolatedColor = "#d97706"  // also the isolated headline colour in the report style sheet

    /// Every chart with its file name.
    public static func all(_ s: CompareSummary) -> [(fileName: String, document: SVGDocument)] {
        Array(zip(fileNames, [survival(s), positions(s), contagion(s)])).map { (fileName: $0.0, document: $0.1) }
    }

    /// Probability that nothing has been liquidated yet, against time, in each mode, with 95% bands.
    public static func survival(_ s: CompareSummary) -> SVGDocument {
        let modes = [("Cross: account not yet liquidated", s.cross, crossColor, "#bfdbfe"),
                     ("Isolated: no position liquidated yet", s.isolated, isolatedColor, "#fde68a")]
        var series: [LineChart.Series] = [], values: [Double] = []
        for (name, mode, color, band) in modes {
            let points = RunCharts.thinned(mode.timeToLiquidation.survival, to: 2000)
            let x = points.map(\.days), y = points.map(\.probability)
            let lower = points.map { $0.interval95[0] }, upper = points.map { $0.interval95[1] }
            values += y + lower + upper
            series.append(.init(name: name, x: x, y: y, color: color, interpolation: .step,
                                band: .init(x: x, lower: lower, upper: upper, color: band)))
        }
        let xAxis = Axis.linear(covering: [0, s.horizonDays], label: "Days since the start", targetTicks: 8)
        let yAxis = Axis.linear(covering: values, label: "Nothing liquidated yet", format: .percent, targetTicks: 5)
        let cross = RunText.probability(s.cross.anyLiquidated), isolated = RunText.probability(s.isolated.anyLiquidated)
        var notes = ["Same paths in both modes. The bands are 95% Wilson intervals at each check; the curves hold "
                     + "between checks (\(RunText.every(days: s.horizonDays / Double(max(s.steps, 1)))))."]
        if yAxis.lower > 0 { notes.append("The vertical axis starts at \(yAxis.label(for: yAxis.lower)), not at zero.") }
        let chart = LineChart(
            title: "Survival under cross and isolated margin",
            subtitle: "Liquidated within \(RunText.days(s.horizonDays)): cross \(cross.value) (\(cross.lower) to \(cross.upper)), "
                + "isolated, any position, \(isolated.value) (\(isolated.lower) to \(isolated.upper))",
            xAxis: xAxis, yAxis: yAxis, series: series,
            legend: modes.map { LegendEntry($0.0, color: $0.2, symbol: .line) },
            notes: notes,
            description: "Two survival curves over \(RunText.days(s.horizonDays)): the cross-margin account and the "
                + "first position liquidated under isolated margin.",
            idPrefix: "compare-survival")
        return chart.document()
    }

    /// Per position: the probability it is liquidated under each mode, with 95% intervals; first the account
    /// (cross) against any position (isolated).
    public static func positions(_ s: CompareSummary) -> SVGDocument {
        let categories = ["Any"] + s.positions.map(\.asset)
        let cross = [s.cross.anyLiquidated] + s.positions.map(\.crossLiquidated)
        let isolated = [s.isolated.anyLiquidated] + s.positions.map(\.isolatedLiquidated)
        let chart = GroupedBarChart(
            title: "Liquidation probability by position",
            subtitle: "Under cross margin a position goes when the account goes; isolated, each goes on its own margin",
            categories: categories,
            series: [series("Cross margin", cross, crossColor), series("Isolated margin", isolated, isolatedColor)],
            xLabel: "Position (first group: any position liquidated)", yLabel: "Liquidated within \(RunText.days(s.horizonDays))",
            notes: ["Whiskers: 95% Wilson intervals. Same paths in both modes."],
            description: "Bars of the liquidation probability of each position under cross and isolated margin: "
                + zip(categories, zip(cross, isolated)).map { "\($0.0) \(percent($0.1.0)) cross, \(percent($0.1.1)) isolated" }
                    .joined(separator: "; "),
            idPrefix: "compare-positions")
        return chart.document()
    }

    /// Per position: contagion (liquidated under cross although its own margin held) and rescue (liquidated on
    /// its own margin although the pooled account survived).
    public static func contagion(_ s: CompareSummary) -> SVGDocument {
        let categories = s.positions.map(\.asset)
        let contagion = s.positions.map(\.contagion), saved = s.positions.map(\.savedByPooling)
        let chart = GroupedBarChart(
            title: "Contagion against rescue by the pool",
            subtitle: "Which positions the shared collateral drags down, and which it holds up",
            categories: categories,
            series: [series("Contagion: liquidated only under cross", contagion, ChartStyle.levelColors[1]),
                     series("Saved by pooling: liquidated only isolated", saved, ChartStyle.reference)],
            xLabel: "Position", yLabel: "Probability within \(RunText.days(s.horizonDays))",
            notes: ["Contagion: the account was liquidated (taking the position with it) on a path where the position "
                    + "would have survived on its own margin. Saved by pooling: the reverse. Whiskers: 95% Wilson intervals."],
            description: "Bars of contagion and rescue probabilities per position: "
                + zip(categories, zip(contagion, saved)).map { "\($0.0) \(percent($0.1.0)) contagion, \(percent($0.1.1)) saved" }
                    .joined(separator: "; "),
            idPrefix: "compare-contagion")
        return chart.document()
    }

    static func series(_ name: String, _ estimates: [ProportionEstimate], _ color: String) -> GroupedBarChart.Series {
        GroupedBarChart.Series(name: name, values: estimates.map(\.probability),
                               intervals: estimates.map { $0.interval95[0]...$0.interval95[1] },
                               labels: estimates.map { RunText.probability($0).value }, color: color)
    }

    static func percent(_ e: ProportionEstimate) -> String { RunText.probability(e).value }
}
