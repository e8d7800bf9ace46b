/// A chart of one or more lines over shared axes, each optionally with a shaded band (e.g. a 95% interval),
/// with vertical markers and shaded regions.
///
/// The axes are built by the caller (`Axis.linear(covering:...)` or `Axis.logarithmic(covering:...)`), so that a
/// logarithmic axis refuses non-positive values before anything is drawn. Points outside the axes are drawn at
/// the plot's edge.
public struct LineChart: Sendable {
    /// How consecutive points are joined.
    public enum Interpolation: Sendable, Equatable {
        /// Straight segments.
        case linear
        /// Horizontal then vertical: the value holds until the next point (a survival curve checked at steps).
        case step
    }

    /// A band between a lower and an upper line at the same x values.
    public struct Band: Sendable, Equatable {
        /// The x values, and the lower and upper y values at each.
        public var x: [Double]
        public var lower: [Double]
        public var upper: [Double]
        public var color: String

        public init(x: [Double], lower: [Double], upper: [Double], color: String = ChartStyle.band) {
            self.x = x
            self.lower = lower
            self.upper = upper
            self.color = color
        }
    }

    /// One line: its points, colour, how they are joined, and an optional band drawn beneath it.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var color: String
        public var interpolation: Interpolation
        public var band: Band?

        public init(name: String, x: [Double], y: [Double], color: String = ChartStyle.primary,
                    interpolation: Interpolation = .linear, band: Band? = nil) {
            self.name = name
            self.x = x
            self.y = y
            self.color = color
            self.interpolation = interpolation
            self.band = band
        }
    }

    /// The title drawn at the top, and an optional line of detail under it.
    public var title: String
    public var subtitle: String?
    public var xAxis: Axis
    public var yAxis: Axis
    public var series: [Series]
    public var markers: [ChartMarker]
    /// Points marked on the curves (e.g. an answer), drawn over them.
    public var dots: [ChartDot]
    public var regions: [ShadedRegion]
    public var legend: [LegendEntry]
    /// Sentences printed under the chart (how to read it, what was left out).
    public var notes: [String]
    /// A description for screen readers.
    public var description: String
    public var width: Double
    public var plotHeight: Double
    /// Prefix of the picture's element ids; give each chart of one HTML page its own.
    public var idPrefix: String

    /// A chart of `series` over the given axes; everything else is optional.
    public init(title: String, subtitle: String? = nil, xAxis: Axis, yAxis: Axis, series: [Series],
                markers: [ChartMarker] = [], dots: [ChartDot] = [], regions: [ShadedRegion] = [], legend: [LegendEntry] = [],
                notes: [String] = [], description: String = "", width: Double = 960, plotHeight: Double = 320,
                idPrefix: String = "line-chart") {
        self.title = title
        self.subtitle = subtitle
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.markers = markers
        self.dots = dots
        self.regions = regions
        self.legend = legend
        self.notes = notes
        self.description = description
        self.width = width
        self.plotHeight = plotHeight
        self.idPrefix = idPrefix
    }

    /// The chart as an SVG picture.
    public func document() -> SVGDocument {
        let frame = ChartFrame(width: width, plotHeight: plotHeight, title: title, subtitle: subtitle, legend: legend,
                               notes: notes, xAxis: xAxis, yAxis: yAxis, markers: markers, regions: regions)
        var data: [SVGElement] = []
        for s in series {
            if let band = s.band {
                let count = min(band.x.count, band.lower.count, band.upper.count)
                var upper: [(x: Double, y: Double)] = [], lower: [(x: Double, y: Double)] = []
                for i in 0..<count where band.x[i].isFinite && band.lower[i].isFinite && band.upper[i].isFinite {
                    upper.append((band.x[i], band.upper[i]))
                    lower.append((band.x[i], band.lower[i]))
                }
                let top = pixels(upper, s.interpolation, frame), bottom = pixels(lower, s.interpolation, frame)
                if top.count > 1 {
                    data.append(.path(top + bottom.reversed(), closed: true, fill: band.color,
                                      extra: [("fill-opacity", "0.75")]))
                }
            }
            let count = min(s.x.count, s.y.count)
            let points = (0..<count).filter { s.x[$0].isFinite && s.y[$0].isFinite }.map { (x: s.x[$0], y: s.y[$0]) }
            let line = pixels(points, s.interpolation, frame)
            if line.count > 1 {
                data.append(.path(line, stroke: s.color, width: 2.25,
                                  extra: [("stroke-linejoin", "round"), ("stroke-linecap", "round")]))
            }
        }
        for dot in dots where dot.x.isFinite && dot.y.isFinite {
            data.append(SVGElement("circle", [("cx", svgNumber(frame.clampX(frame.x(dot.x)))),
                                              ("cy", svgNumber(frame.clampY(frame.y(dot.y)))), ("r", "5"),
                                              ("fill", dot.color), ("stroke", "#ffffff"), ("stroke-width", "1.5"),
                                              ("class", "dot")],
                                   children: [SVGElement("title", text: dot.label)]))
        }
        return frame.document(description: description, idPrefix: idPrefix, data: data)
    }

    /// Points in pixels, clamped to the plot, with step corners added for `.step`.
    func pixels(_ points: [(x: Double, y: Double)], _ interpolation: Interpolation,
                _ frame: ChartFrame) -> [(x: Double, y: Double)] {
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(points.count * 2)
        for (i, p) in points.enumerated() {
            let px = frame.clampX(frame.x(p.x)), py = frame.clampY(frame.y(p.y))
            if interpolation == .step, i > 0, let last = out.last, last.y != py {
                out.append((px, last.y))
            }
            out.append((px, py))
        }
        return out
    }
}
