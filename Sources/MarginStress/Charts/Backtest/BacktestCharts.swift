import Foundation

/// The pictures of `backtest --report`: the exceedance chart, the traffic-light strip and the reliability diagram.
public enum BacktestCharts {
    /// A date `YYYY-MM-DD` as a fractional year, for time axes.
    static func year(_ date: String) -> Double {
        let parts = date.split(separator: "-").compactMap { Double($0) }
        guard parts.count == 3 else { return .nan }
        return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 372
    }

    /// Realised PnL (grey) against -VaR at `level` (blue) for one model and book; the days the loss exceeded
    /// VaR marked in red.
    public static func exceedances(_ s: BacktestSeries, level l: Int, levelValue: Double, dates: [String], idPrefix: String) -> SVGDocument {
        let x = s.dateIndices.map { year(dates[$0]) }
        let minusVaR = s.valueAtRisk[l].map { -$0 }
        let hits = s.hits(level: l)
        let yAxis = Axis.linear(covering: s.realisedPnL + minusVaR, label: "PnL (USD)", margin: 0.02)
        let xAxis = Axis.linear(covering: x, label: "date")
        let chart = LineChart(
            title: "\(s.book) · \(s.model): realised PnL against -VaR \(Honest.format(levelValue * 100, decimals: levelValue * 100 == (levelValue * 100).rounded() ? 0 : 1))%",
            subtitle: "\(hits.filter { $0 }.count) exceedances (red) in \(hits.count) days",
            xAxis: xAxis, yAxis: yAxis,
            series: [LineChart.Series(name: "realised PnL", x: x, y: s.realisedPnL, color: ChartStyle.gridColor),
                     LineChart.Series(name: "-VaR", x: x, y: minusVaR, color: ChartStyle.primary)],
            legend: [LegendEntry("realised PnL", color: ChartStyle.axisColor, symbol: .line),
                     LegendEntry("-VaR", color: ChartStyle.primary, symbol: .line),
                     LegendEntry("exceedance", color: ChartStyle.danger, symbol: .box)],
            description: "Realised daily PnL of \(s.book) beside the negative of \(s.model)'s VaR forecast; red marks the exceedances.",
            plotHeight: 260, idPrefix: idPrefix)
        var document = chart.document()
        let frame = ChartFrame(width: chart.width, plotHeight: chart.plotHeight, title: chart.title, subtitle: chart.subtitle,
                               legend: chart.legend, notes: chart.notes, xAxis: xAxis, yAxis: yAxis, markers: [], regions: [])
        for k in hits.indices where hits[k] {
            document.elements.append(SVGElement("circle", [("cx", svgNumber(frame.clampX(frame.x(x[k])))),
                                                            ("cy", svgNumber(frame.clampY(frame.y(s.realisedPnL[k])))),
                                                            ("r", "2.5"), ("fill", ChartStyle.danger)]))
        }
        return document
    }

    /// One row per model and book: every 250-day window's Basel zone, left to right in time.
    public static func trafficLights(_ rows: [(label: String, light: TrafficLight)], idPrefix: String) -> SVGDocument {
        let labelWidth = 230.0, stripWidth = 700.0, rowHeight = 18.0, top = 36.0
        var elements: [SVGElement] = [.text("Basel traffic light over rolling 250-day windows (99% VaR)", x: 8, y: 20,
                                            size: ChartStyle.titleSize, weight: "600")]
        let colors: [TrafficLight.Zone: String] = [.green: "#16a34a", .yellow: "#eab308", .red: "#dc2626"]
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * (rowHeight + 4)
            elements.append(.text(row.label, x: 8, y: y + 13, size: ChartStyle.tickSize))
            let n = row.light.zones.count
            guard n > 0 else { continue }
            // Runs of one zone as one rectangle.
            var start = 0
            for k in 1...n where k == n || row.light.zones[k] != row.light.zones[start] {
                let x0 = labelWidth + stripWidth * Double(start) / Double(n), x1 = labelWidth + stripWidth * Double(k) / Double(n)
                elements.append(.rect(x: x0, y: y, width: max(0.5, x1 - x0), height: rowHeight, fill: colors[row.light.zones[start]]!))
                start = k
            }
        }
        let height = top + Double(rows.count) * (rowHeight + 4) + 10
        return SVGDocument(width: labelWidth + stripWidth + 16, height: height, title: "Basel traffic light",
                           description: "Zone of every 250-day window per model and book: green, yellow or red.",
                           idPrefix: idPrefix, elements: elements)
    }

    /// Observed liquidation frequency (with its 95% Wilson interval) against mean predicted probability per bin,
    /// beside the diagonal of perfect calibration.
    public static func reliability(_ e: BacktestEvaluation, idPrefix: String) -> SVGDocument {
        let bins = e.liquidation.bins
        let x = bins.map(\.meanPredicted), y = bins.map(\.observed.probability)
        let top = max(0.01, (bins.map { $0.observed.interval95[1] } + x).max() ?? 1)
        let axis = Axis.linear(covering: [0, top], label: "predicted probability", format: .percent)
        let yAxis = Axis.linear(covering: [0, top], label: "observed frequency", format: .percent)
        let chart = LineChart(
            title: "\(e.book) · \(e.model): reliability of the liquidation probability",
            subtitle: "\(e.liquidation.observedCount) liquidations observed, \(Honest.format(e.liquidation.predictedCount, decimals: 1)) predicted",
            xAxis: axis, yAxis: yAxis,
            series: [LineChart.Series(name: "perfect", x: [0, top], y: [0, top], color: ChartStyle.reference),
                     LineChart.Series(name: "observed", x: x, y: y, color: ChartStyle.primary,
                                      band: LineChart.Band(x: x, lower: bins.map { $0.observed.interval95[0] },
                                                           upper: bins.map { $0.observed.interval95[1] }))],
            legend: [LegendEntry("observed (95% Wilson band)", color: ChartStyle.primary, symbol: .line),
                     LegendEntry("perfect calibration", color: ChartStyle.reference, symbol: .line)],
            description: "Observed frequency of liquidation against the mean predicted probability in each bin.",
            width: 480, plotHeight: 260, idPrefix: idPrefix)
        return chart.document()
    }
}
