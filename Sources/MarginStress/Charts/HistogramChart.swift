import Foundation

/// A histogram drawn from bins `[lower, upper)` with counts, each bar at its true position and width.
///
/// Bars may have different widths: the run's histograms have equal core bins plus one wide bin at each end
/// for the outer tails. So that areas stay comparable, every bar's height is its **share of paths per typical
/// bin width** (count / total x typical width / bar width): for the core bins that is just their share. The wide
/// outer bars are drawn in a lighter colour, at least 2 pixels high so that a tail is never invisible, and
/// described in a note; one wider than `maxOuterFraction` of the core range is cut at the plot's edge, with its
/// true extent given in the note. A bin of zero width (paths at exactly one value) is drawn as a thin bar
/// whose height is its share.
public struct HistogramChart: Sendable {
    /// The title drawn at the top, and an optional line of detail under it.
    public var title: String
    public var subtitle: String?
    public var bins: [Histogram.Bin]
    /// The number of paths the shares are taken of (normally the counts' sum).
    public var total: Int
    /// The x axis's title and tick format; its range is worked out from the bins and markers.
    public var xLabel: String
    public var xFormat: TickFormat
    /// The y axis's title; nil for "Share of paths per bin of W", W the typical bin width.
    public var yLabel: String?
    public var markers: [ChartMarker]
    public var regions: [ShadedRegion]
    public var legend: [LegendEntry]
    public var notes: [String]
    public var description: String
    /// How far (as a fraction of the core bins' range) a wide outer bin may extend before it is cut.
    public var maxOuterFraction: Double
    /// Room left on each side of the x axis, as a fraction of the range shown; 0 ends the axis at ticks.
    public var xMargin: Double
    /// Words for the x values in the notes, e.g. "PnL" ("PnL below -45,000: 42 paths").
    public var valueName: String
    public var color: String
    public var width: Double
    public var plotHeight: Double
    public var idPrefix: String

    /// A histogram of `bins`; `total` defaults to the sum of their counts.
    public init(title: String, subtitle: String? = nil, bins: [Histogram.Bin], total: Int? = nil, xLabel: String,
                xFormat: TickFormat = .number(), yLabel: String? = nil, markers: [ChartMarker] = [],
                regions: [ShadedRegion] = [], legend: [LegendEntry] = [], notes: [String] = [], description: String = "",
                maxOuterFraction: Double = 0.12, xMargin: Double = 0.02, valueName: String = "values", color: String = ChartStyle.primary,
                width: Double = 960, plotHeight: Double = 300, idPrefix: String = "histogram") {
        self.title = title
        self.subtitle = subtitle
        self.bins = bins
        self.total = total ?? bins.reduce(0) { $0 + $1.count }
        self.xLabel = xLabel
        self.xFormat = xFormat
        self.yLabel = yLabel
        self.markers = markers
        self.regions = regions
        self.legend = legend
        self.notes = notes
        self.description = description
        self.maxOuterFraction = maxOuterFraction
        self.xMargin = xMargin
        self.valueName = valueName
        self.color = color
        self.width = width
        self.plotHeight = plotHeight
        self.idPrefix = idPrefix
    }

    /// The typical (median) width of the bins of positive width; 1 when there is none.
    public static func typicalWidth(of bins: [Histogram.Bin]) -> Double {
        let widths = bins.map { $0.upper - $0.lower }.filter { $0 > 0 && $0.isFinite }.sorted()
        return widths.isEmpty ? 1 : widths[widths.count / 2]
    }

    /// How each bin is drawn: its visible x extent and height, and whether it is wide or cut.
    struct Bar {
        var bin: Histogram.Bin
        var height: Double
        var wide: Bool
        var clipped: Bool
    }

    /// The x range shown and the bars, before drawing.
    func layout() -> (low: Double, high: Double, bars: [Bar], typical: Double) {
        let finite = bins.filter { $0.lower.isFinite && $0.upper.isFinite && $0.upper >= $0.lower }
        let typical = Self.typicalWidth(of: finite)
        let isWide = { (b: Histogram.Bin) in b.upper - b.lower > typical * 1.001 }
        let core = finite.filter { !isWide($0) }
        let coreLow = (core.isEmpty ? finite : core).map(\.lower).min() ?? 0
        let coreHigh = (core.isEmpty ? finite : core).map(\.upper).max() ?? 1
        let span = max(coreHigh - coreLow, typical)
        var low = coreLow, high = coreHigh
        for b in finite where isWide(b) && !core.isEmpty {
            low = min(low, max(b.lower, coreLow - maxOuterFraction * span))
            high = max(high, min(b.upper, coreHigh + maxOuterFraction * span))
        }
        if core.isEmpty {
            low = finite.map(\.lower).min() ?? 0
            high = finite.map(\.upper).max() ?? 1
        }
        for m in markers where m.value.isFinite {
            low = min(low, m.value)
            high = max(high, m.value)
        }
        let n = Double(max(total, 1))
        let bars = finite.map { b -> Bar in
            let w = b.upper - b.lower
            let share = Double(b.count) / n
            let height = w > 0 ? share * typical / w : share
            return Bar(bin: b, height: height, wide: isWide(b) && !core.isEmpty,
                       clipped: b.lower < low - 1e-9 * span || b.upper > high + 1e-9 * span)
        }
        return (low, high, bars, typical)
    }

    /// The chart as an SVG picture.
    public func document() -> SVGDocument {
        let (low, high, bars, typical) = layout()
        let xAxis = Axis.linear(covering: [low, high], label: xLabel, format: xFormat, targetTicks: 8, margin: xMargin)
        let yAxis = Axis.linear(covering: bars.map(\.height),
                                label: yLabel ?? "Share of paths per bin of \(widthText(typical))", format: .percent,
                                targetTicks: 5, includeZero: true)
        var allNotes = notes
        allNotes += outerNotes(bars, typical: typical)
        let frame = ChartFrame(width: width, plotHeight: plotHeight, title: title, subtitle: subtitle, legend: legend,
                               notes: allNotes, xAxis: xAxis, yAxis: yAxis, markers: markers, regions: regions)
        var data: [SVGElement] = []
        let base = frame.y(0)
        for bar in bars where bar.bin.count > 0 {
            var x0 = frame.clampX(frame.x(bar.bin.lower)), x1 = frame.clampX(frame.x(bar.bin.upper))
            if x1 - x0 < 2 {
                let mid = (x0 + x1) / 2
                x0 = mid - 1
                x1 = mid + 1
            }
            let gap = x1 - x0 >= 5 && !bar.wide ? 1.0 : 0
            let top = min(frame.clampY(frame.y(bar.height)), base - 2)
            var extra: [(name: String, value: String)] = []
            if bar.clipped { extra = [("stroke", color), ("stroke-dasharray", "3 2"), ("stroke-width", "1")] }
            data.append(.rect(x: x0 + gap / 2, y: top, width: x1 - x0 - gap, height: base - top,
                              fill: bar.wide ? ChartStyle.secondaryFill : color, extra: extra))
        }
        return frame.document(description: description, idPrefix: idPrefix, data: data)
    }

    /// A bin width as text, with the decimals it needs (at most two significant digits past its magnitude).
    func widthText(_ width: Double) -> String {
        Honest.format(width, decimals: min(Axis.decimals(of: width), max(0, 1 - Int(Foundation.log10(width).rounded(.down)))))
    }

    func outerNotes(_ bars: [Bar], typical: Double) -> [String] {
        let decimals = max(0, 1 - Int(Foundation.log10(typical).rounded(.down)))
        let text = { (v: Double) in Honest.format(v, decimals: decimals) }
        let n = Double(max(total, 1))
        var parts: [String] = []
        for bar in bars where bar.wide && bar.bin.count > 0 {
            let b = bar.bin
            let share = Honest.format(Double(b.count) / n * 100, decimals: 3) + "%"
            let lowSide = bar.bin.upper <= (bars.first { !$0.wide }?.bin.lower ?? .infinity)
            let range = lowSide ? "below \(text(b.upper)) (down to \(text(b.lower)))"
                : "above \(text(b.lower)) (up to \(text(b.upper)))"
            parts.append("\(valueName) \(range): \(Honest.count(b.count)) path\(b.count == 1 ? "" : "s") (\(share))"
                         + (bar.clipped ? ", bar cut at the edge" : ""))
        }
        var notes: [String] = []
        if !parts.isEmpty {
            notes.append("Light bars: the outer bins, wider than the others; their heights are shares per "
                         + "\(widthText(typical)) of width, so that areas compare. " + parts.joined(separator: "; ") + ".")
        }
        for bar in bars where bar.bin.upper == bar.bin.lower && bar.bin.count > 0 {
            notes.append("\(Honest.count(bar.bin.count)) path\(bar.bin.count == 1 ? "" : "s") at exactly "
                         + "\(text(bar.bin.lower)) (thin bar, height = share).")
        }
        return notes
    }
}
