/// A vertical line at an x value with a label above the plot, e.g. a VaR level; optionally with a shaded
/// interval around it (e.g. the 95% interval of that VaR).
public struct ChartMarker: Sendable, Equatable {
    public var value: Double
    public var label: String
    public var color: String
    public var dashed: Bool
    /// An interval drawn as a light band behind the line.
    public var interval: ClosedRange<Double>?

    public init(value: Double, label: String, color: String, dashed: Bool = false, interval: ClosedRange<Double>? = nil) {
        self.value = value
        self.label = label
        self.color = color
        self.dashed = dashed
        self.interval = interval
    }
}

/// A point marked on a chart's curve (a filled circle), with a label for screen readers and as a tooltip.
public struct ChartDot: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var color: String
    public var label: String

    public init(x: Double, y: Double, color: String, label: String) {
        self.x = x
        self.y = y
        self.color = color
        self.label = label
    }
}

/// A shaded range of x values across the whole plot height, e.g. the region where equity is below zero.
/// Either end may be infinite: the region then runs to the edge of the plot.
public struct ShadedRegion: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var color: String
    /// Text written inside the region, at its top, when it fits.
    public var label: String?
    public var labelColor: String

    public init(lower: Double, upper: Double, color: String, label: String? = nil, labelColor: String = ChartStyle.mutedText) {
        self.lower = lower
        self.upper = upper
        self.color = color
        self.label = label
        self.labelColor = labelColor
    }
}

/// One entry of a chart's legend.
public struct LegendEntry: Sendable, Equatable {
    public enum Symbol: Sendable, Equatable {
        case line, dashedLine, box
    }

    public var label: String
    public var color: String
    public var symbol: Symbol

    public init(_ label: String, color: String, symbol: Symbol) {
        self.label = label
        self.color = color
        self.symbol = symbol
    }
}

/// Places marker labels in rows so that none overlaps another: each label goes in the lowest row where it fits.
struct MarkerLabelLayout {
    struct Placement {
        var marker: ChartMarker
        var x: Double
        var row: Int
        var anchor: String
    }

    var placements: [Placement] = []
    var rows = 0

    init(markers: [ChartMarker], x: (Double) -> Double, plotRight: Double, size: Double) {
        var rowEnds: [Double] = []
        for marker in markers.sorted(by: { $0.value < $1.value }) {
            let px = x(marker.value)
            guard px.isFinite else { continue }
            let width = ChartStyle.textWidth(marker.label, size: size, bold: true)
            // The label starts just right of its line, unless that would leave the plot.
            let rightFits = px + 4 + width <= plotRight + 20
            let start = rightFits ? px + 4 : px - 4 - width
            let end = start + width
            let row = rowEnds.firstIndex { $0 + 10 <= start } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(end) } else { rowEnds[row] = end }
            placements.append(Placement(marker: marker, x: px, row: row, anchor: rightFits ? "start" : "end"))
        }
        rows = rowEnds.count
    }
}
