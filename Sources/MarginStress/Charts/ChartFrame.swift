import Foundation

/// The layout every chart shares: title and subtitle, legend, marker labels above the plot, the plot area with
/// its shaded regions, grid and axes, and wrapped notes underneath. The plot keeps its height whatever the
/// number of notes or label rows: the picture grows instead.
struct ChartFrame {
    let width: Double
    let title: String
    let subtitle: String?
    let legend: [LegendEntry]
    let notes: [String]
    let xAxis: Axis
    let yAxis: Axis
    let markers: [ChartMarker]
    let regions: [ShadedRegion]

    let plotLeft: Double
    let plotTop: Double
    let plotWidth: Double
    let plotHeight: Double
    let height: Double
    let markerLayout: MarkerLabelLayout
    let noteLines: [String]

    static let noteSize = 13.0
    static let markerRowHeight = 16.0

    init(width: Double, plotHeight: Double, title: String, subtitle: String?, legend: [LegendEntry], notes: [String],
         xAxis: Axis, yAxis: Axis, markers: [ChartMarker], regions: [ShadedRegion]) {
        self.width = width
        self.title = title
        self.subtitle = subtitle
        self.legend = legend
        self.notes = notes
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.markers = markers
        self.regions = regions
        self.plotHeight = plotHeight

        let tickWidth = yAxis.ticks.map { ChartStyle.textWidth(yAxis.label(for: $0), size: ChartStyle.tickSize) }.max() ?? 20
        let left = 20 + (yAxis.label.isEmpty ? 0 : 22) + tickWidth + 10
        plotLeft = left.rounded()
        plotWidth = (width - plotLeft - 30).rounded()
        var cursor = 30.0                                  // title baseline
        if subtitle != nil { cursor += 21 }
        if !legend.isEmpty { cursor += 24 }
        let plotLeft = self.plotLeft, plotWidth = self.plotWidth
        let layout = MarkerLabelLayout(
            markers: markers, x: { plotLeft + xAxis.fraction($0) * plotWidth }, plotRight: plotLeft + plotWidth,
            size: ChartStyle.tickSize)
        markerLayout = layout
        cursor += 14 + Double(layout.rows) * Self.markerRowHeight
        plotTop = cursor.rounded()
        var lines: [String] = []
        for note in notes { lines += ChartStyle.wrap(note, width: width - 40, size: Self.noteSize) }
        noteLines = lines
        var bottom = plotTop + plotHeight + 50
        if !lines.isEmpty { bottom += 12 + Double(lines.count) * 18 }
        height = (bottom + 14).rounded()
    }

    var plotBottom: Double { plotTop + plotHeight }
    var plotRight: Double { plotLeft + plotWidth }

    /// Horizontal position of an x value (may lie outside the plot).
    func x(_ value: Double) -> Double { plotLeft + xAxis.fraction(value) * plotWidth }
    /// Vertical position of a y value (may lie outside the plot).
    func y(_ value: Double) -> Double { plotTop + plotHeight * (1 - yAxis.fraction(value)) }
    func clampX(_ px: Double) -> Double { min(max(px.isNaN ? plotLeft : px, plotLeft), plotRight) }
    func clampY(_ py: Double) -> Double { min(max(py.isNaN ? plotBottom : py, plotTop), plotBottom) }

    /// The whole picture: background, regions, grid, the chart's own elements, markers, axes, header and notes.
    func document(description: String, idPrefix: String, data: [SVGElement]) -> SVGDocument {
        var elements = [SVGElement.rect(x: 0, y: 0, width: width, height: height, fill: ChartStyle.background)]
        elements += regionElements()
        elements.append(gridElement())
        elements.append(.group([("class", "data")], data))
        elements += markerElements()
        elements.append(axesElement())
        elements += headerElements()
        elements += noteElements()
        return SVGDocument(width: width, height: height, title: title, description: description, idPrefix: idPrefix,
                           elements: elements)
    }

    func headerElements() -> [SVGElement] {
        var out: [SVGElement] = [.text(title, x: 20, y: 30, size: ChartStyle.titleSize, weight: "600")]
        var cursor = 30.0
        if let subtitle {
            cursor += 21
            out.append(.text(subtitle, x: 20, y: cursor, fill: ChartStyle.mutedText))
        }
        if !legend.isEmpty {
            cursor += 24
            var x = 20.0
            var items: [SVGElement] = []
            for entry in legend {
                switch entry.symbol {
                case .line:
                    items.append(.line(x1: x, y1: cursor - 4, x2: x + 22, y2: cursor - 4, stroke: entry.color, width: 2.5))
                case .dashedLine:
                    items.append(.line(x1: x, y1: cursor - 4, x2: x + 22, y2: cursor - 4, stroke: entry.color, width: 2,
                                       extra: [("stroke-dasharray", "5 3")]))
                case .box:
                    items.append(.rect(x: x + 3, y: cursor - 11, width: 16, height: 12, fill: entry.color))
                }
                items.append(.text(entry.label, x: x + 28, y: cursor, size: ChartStyle.tickSize, fill: ChartStyle.mutedText))
                x += 28 + ChartStyle.textWidth(entry.label, size: ChartStyle.tickSize) + 22
            }
            out.append(.group([("class", "legend")], items))
        }
        return out
    }

    func regionElements() -> [SVGElement] {
        var out: [SVGElement] = []
        for region in regions {
            let x0 = clampX(region.lower.isFinite ? x(region.lower) : (region.lower < 0 ? plotLeft : plotRight))
            let x1 = clampX(region.upper.isFinite ? x(region.upper) : (region.upper < 0 ? plotLeft : plotRight))
            guard x1 - x0 >= 1 else { continue }
            out.append(.rect(x: x0, y: plotTop, width: x1 - x0, height: plotHeight, fill: region.color))
            if let label = region.label {
                let w = ChartStyle.textWidth(label, size: ChartStyle.tickSize)
                if w + 12 <= x1 - x0 {
                    out.append(.text(label, x: x0 + 6, y: plotTop + 16, size: ChartStyle.tickSize, fill: region.labelColor))
                }
            }
        }
        return out
    }

    func gridElement() -> SVGElement {
        var lines: [SVGElement] = []
        for t in yAxis.ticks {
            let py = y(t).rounded() + 0.5
            lines.append(.line(x1: plotLeft, y1: py, x2: plotRight, y2: py, stroke: ChartStyle.gridColor))
        }
        for t in xAxis.ticks {
            let px = x(t).rounded() + 0.5
            lines.append(.line(x1: px, y1: plotTop, x2: px, y2: plotBottom, stroke: ChartStyle.gridColor))
        }
        return .group([("class", "grid")], lines)
    }

    func axesElement() -> SVGElement {
        var out: [SVGElement] = []
        let bottom = plotBottom.rounded() + 0.5, left = plotLeft.rounded() - 0.5
        out.append(.line(x1: plotLeft, y1: bottom, x2: plotRight, y2: bottom, stroke: ChartStyle.axisColor))
        out.append(.line(x1: left, y1: plotTop, x2: left, y2: plotBottom, stroke: ChartStyle.axisColor))
        // x tick labels: every k-th when they would run into each other.
        let labels = xAxis.ticks.map { xAxis.label(for: $0) }
        let widest = labels.map { ChartStyle.textWidth($0, size: ChartStyle.tickSize) }.max() ?? 0
        let spacing = xAxis.ticks.count > 1 ? plotWidth / Double(xAxis.ticks.count - 1) : plotWidth
        let every = max(1, Int(((widest + 12) / max(spacing, 1)).rounded(.up)))
        for (i, t) in xAxis.ticks.enumerated() {
            let px = x(t).rounded() + 0.5
            out.append(.line(x1: px, y1: bottom, x2: px, y2: bottom + 5, stroke: ChartStyle.axisColor))
            if i % every == 0 {
                out.append(.text(labels[i], x: px, y: bottom + 19, size: ChartStyle.tickSize, anchor: "middle",
                                 fill: ChartStyle.mutedText))
            }
        }
        for t in yAxis.ticks {
            let py = y(t).rounded() + 0.5
            out.append(.line(x1: left - 5, y1: py, x2: left, y2: py, stroke: ChartStyle.axisColor))
            out.append(.text(yAxis.label(for: t), x: left - 8, y: py + 4, size: ChartStyle.tickSize, anchor: "end",
                             fill: ChartStyle.mutedText))
        }
        if !xAxis.label.isEmpty {
            out.append(.text(xAxis.label, x: plotLeft + plotWidth / 2, y: bottom + 41, anchor: "middle"))
        }
        if !yAxis.label.isEmpty {
            let cx = 26.0, cy = plotTop + plotHeight / 2
            out.append(.text(yAxis.label, x: cx, y: cy, anchor: "middle",
                             extra: [("transform", "rotate(-90 \(svgNumber(cx)) \(svgNumber(cy)))")]))
        }
        return .group([("class", "axes")], out)
    }

    func markerElements() -> [SVGElement] {
        var bands: [SVGElement] = [], lines: [SVGElement] = [], labels: [SVGElement] = []
        for marker in markers {
            if let interval = marker.interval {
                let x0 = clampX(x(interval.lowerBound)), x1 = clampX(x(interval.upperBound))
                if x1 - x0 > 0.5 {
                    bands.append(.rect(x: x0, y: plotTop, width: x1 - x0, height: plotHeight, fill: marker.color,
                                       extra: [("fill-opacity", "0.14")]))
                }
            }
        }
        for p in markerLayout.placements {
            guard p.x >= plotLeft - 0.5, p.x <= plotRight + 0.5 else { continue }
            var extra: [(name: String, value: String)] = []
            if p.marker.dashed { extra.append(("stroke-dasharray", "6 4")) }
            lines.append(.line(x1: p.x, y1: plotTop, x2: p.x, y2: plotBottom, stroke: p.marker.color, width: 1.75, extra: extra))
            let baseline = plotTop - 8 - Double(p.row) * Self.markerRowHeight
            labels.append(.path([(p.x - 4, plotTop - 5), (p.x + 4, plotTop - 5), (p.x, plotTop)], closed: true,
                                fill: p.marker.color))
            labels.append(.text(p.marker.label, x: p.anchor == "start" ? p.x + 4 : p.x - 4, y: baseline,
                                size: ChartStyle.tickSize, anchor: p.anchor, fill: p.marker.color, weight: "600"))
        }
        guard !(bands.isEmpty && lines.isEmpty) else { return [] }
        return [.group([("class", "markers")], bands + lines + labels)]
    }

    func noteElements() -> [SVGElement] {
        guard !noteLines.isEmpty else { return [] }
        var y = plotBottom + 50 + 12 + 13
        var out: [SVGElement] = []
        for line in noteLines {
            out.append(.text(line, x: 20, y: y, size: Self.noteSize, fill: ChartStyle.mutedText))
            y += 18
        }
        return [.group([("class", "notes")], out)]
    }
}
