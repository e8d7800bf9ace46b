import Foundation

/// Bars side by side for each of a few categories (e.g. positions), one bar per series (e.g. cross and isolated
/// margin), each with an optional interval drawn as a whisker and its value written above it when it fits.
///
/// The value axis is linear and starts at zero, so bar heights compare as they should. Categories are spaced
/// evenly along the bottom and named under the axis; names too long for their slot are shortened with an ellipsis
/// (the full name stays in the picture's description and in the report's table).
public struct GroupedBarChart: Sendable {
    /// One series: a value (and optional interval) per category, in one colour.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]
        /// A 95% interval per category, drawn as a whisker; nil entries (or a nil list) draw none.
        public var intervals: [ClosedRange<Double>?]?
        /// The text written above each bar (e.g. rounded by its error as in a table); nil writes each value
        /// in the value axis's format.
        public var labels: [String]?
        public var color: String

        public init(name: String, values: [Double], intervals: [ClosedRange<Double>?]? = nil, labels: [String]? = nil,
                    color: String) {
            self.name = name
            self.values = values
            self.intervals = intervals
            self.labels = labels
            self.color = color
        }
    }

    public var title: String
    public var subtitle: String?
    public var categories: [String]
    public var series: [Series]
    /// The category axis's title (under the names) and the value axis's title.
    public var xLabel: String
    public var yLabel: String
    public var yFormat: TickFormat
    public var notes: [String]
    public var description: String
    public var width: Double
    public var plotHeight: Double
    public var idPrefix: String

    public init(title: String, subtitle: String? = nil, categories: [String], series: [Series], xLabel: String = "",
                yLabel: String, yFormat: TickFormat = .percent, notes: [String] = [], description: String = "", width: Double = 960, plotHeight: Double = 300,
                idPrefix: String = "bars") {
        self.title = title
        self.subtitle = subtitle
        self.categories = categories
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yFormat = yFormat
        self.notes = notes
        self.description = description
        self.width = width
        self.plotHeight = plotHeight
        self.idPrefix = idPrefix
    }

    /// The value axis: from zero to a nice value above every bar and whisker.
    public var valueAxis: Axis {
        var values: [Double] = []
        for s in series {
            values += s.values
            for interval in s.intervals ?? [] { if let interval { values += [interval.lowerBound, interval.upperBound] } }
        }
        return Axis.linear(covering: values, label: yLabel, format: yFormat, targetTicks: 5, includeZero: true)
    }

    /// The chart as an SVG picture.
    public func document() -> SVGDocument {
        let n = max(categories.count, 1), yAxis = valueAxis
        let xAxis = Axis(scale: .linear, lower: 0, upper: Double(n), ticks: [], label: xLabel, format: .number(), step: 1)
        let legend = series.map { LegendEntry($0.name, color: $0.color, symbol: .box) }
        let frame = ChartFrame(width: width, plotHeight: plotHeight, title: title, subtitle: subtitle, legend: legend,
                               notes: notes, xAxis: xAxis, yAxis: yAxis, markers: [], regions: [])
        let slot = frame.plotWidth / Double(n)
        let barWidth = min(56, slot * 0.76 / Double(max(series.count, 1)))
        let groupWidth = barWidth * Double(series.count)
        let zero = frame.y(0)
        var bars: [SVGElement] = [], whiskers: [SVGElement] = [], labels: [SVGElement] = [], names: [SVGElement] = []
        for (c, name) in categories.enumerated() {
            let centre = frame.plotLeft + slot * (Double(c) + 0.5)
            for (k, s) in series.enumerated() where c < s.values.count {
                let value = s.values[c]
                guard value.isFinite else { continue }
                let left = centre - groupWidth / 2 + barWidth * Double(k)
                let top = frame.clampY(frame.y(value))
                // A positive value is never invisible: at least one pixel high.
                let height = value > 0 ? max(1, zero - top) : max(0, zero - top)
                bars.append(.rect(x: left + 1, y: zero - height, width: barWidth - 2, height: height, fill: s.color,
                                  extra: [("data-value", svgNumber(value))]))
                var labelTop = zero - height
                if let interval = s.intervals?[safe: c] ?? nil {
                    let lo = frame.clampY(frame.y(interval.lowerBound)), hi = frame.clampY(frame.y(interval.upperBound))
                    let mid = left + barWidth / 2, cap = min(6, barWidth / 4)
                    whiskers.append(.line(x1: mid, y1: lo, x2: mid, y2: hi, stroke: ChartStyle.textColor, width: 1.25))
                    whiskers.append(.line(x1: mid - cap, y1: hi, x2: mid + cap, y2: hi, stroke: ChartStyle.textColor, width: 1.25))
                    whiskers.append(.line(x1: mid - cap, y1: lo, x2: mid + cap, y2: lo, stroke: ChartStyle.textColor, width: 1.25))
                    labelTop = min(labelTop, hi)
                }
                let text = s.labels?[safe: c] ?? yAxis.label(for: value)
                if ChartStyle.textWidth(text, size: 11) <= barWidth + 6 {
                    labels.append(.text(text, x: left + barWidth / 2, y: labelTop - 5, size: 11, anchor: "middle",
                                        fill: ChartStyle.mutedText))
                }
            }
            names.append(.text(Self.fitted(name, width: slot - 2, size: ChartStyle.tickSize), x: centre,
                               y: frame.plotBottom.rounded() + 19.5, size: ChartStyle.tickSize, anchor: "middle",
                               fill: ChartStyle.textColor))
        }
        let data: [SVGElement] = [.group([("class", "bars")], bars), .group([("class", "intervals")], whiskers),
                                  .group([("class", "values")], labels), .group([("class", "categories")], names)]
        return frame.document(description: description, idPrefix: idPrefix, data: data)
    }

    /// `text`, shortened with an ellipsis to fit `width`.
    static func fitted(_ text: String, width: Double, size: Double) -> String {
        guard ChartStyle.textWidth(text, size: size) > width else { return text }
        var short = text
        while !short.isEmpty && ChartStyle.textWidth(short + "…", size: size) > width { short.removeLast() }
        return short + "…"
    }
}

extension Array {
    /// The element at `index`, or nil outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
