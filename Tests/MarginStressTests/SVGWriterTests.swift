import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MarginStress

/// What an XML parser saw in a document: whether it parsed, the elements in order with their attributes, and
/// the text of each element.
final class ParsedXML: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var current = ""
    var error: String?

    /// Parses `text`; `error` tells why it failed.
    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() {
            error = parser.parserError.map { "\($0)" } ?? "parse failed at line \(parser.lineNumber)"
        }
    }

    var ok: Bool { error == nil }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if !current.isEmpty { texts.append(current) }
        current = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { error = "\(parseError)" }

    func count(of name: String) -> Int { elements.filter { $0.name == name }.count }
}

/// Whether `step` is 1, 2, 2.5 or 5 times a power of ten.
func isNiceStep(_ step: Double) -> Bool {
    guard step > 0, step.isFinite else { return false }
    let mantissa = step / pow(10, floor(log10(step)))
    return [1, 2, 2.5, 5, 10].contains { abs(mantissa - $0) < 1e-9 }
}

@Suite("SVG writer: documents, axes and charts")
struct SVGWriterTests {
    @Test("text and attributes are escaped, and read back unchanged by an XML parser")
    func escaping() {
        let nasty = "Tom & Jerry's <b>\"quoted\"</b> > 5 \u{1}"
        let element = SVGElement("text", [("data-label", nasty)], text: nasty)
        let rendered = element.render()
        #expect(!rendered.contains("<b>"))
        #expect(rendered.contains("&lt;b&gt;"))
        #expect(rendered.contains("&amp;"))
        let doc = SVGDocument(width: 100, height: 50, title: nasty, description: nasty, elements: [element])
        let parsed = ParsedXML(doc.render())
        #expect(parsed.ok, "\(parsed.error ?? "")")
        let expected = "Tom & Jerry's <b>\"quoted\"</b> > 5 \u{FFFD}"
        #expect(parsed.texts.contains(expected))
        #expect(parsed.elements.last?.attributes["data-label"] == expected)
    }

    @Test("a document has the SVG namespace, a viewBox, width, height, a title and a system font")
    func documentRoot() throws {
        let doc = SVGDocument(width: 960, height: 400.5, title: "A title", description: "What it shows", idPrefix: "x",
                              elements: [.rect(x: 0, y: 0, width: 10, height: 10, fill: "#fff")])
        let text = doc.render()
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(!doc.render(standalone: false).hasPrefix("<?xml"))
        let parsed = ParsedXML(text)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        let root = try #require(parsed.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["viewBox"] == "0 0 960 400.5")
        #expect(root.attributes["width"] == "960")
        #expect(root.attributes["height"] == "400.5")
        #expect(root.attributes["font-family"]?.hasSuffix("sans-serif") == true)
        #expect(root.attributes["aria-labelledby"] == "x-title x-desc")
        #expect(parsed.elements.dropFirst().first?.name == "title")
        #expect(!text.contains("@font-face") && !text.contains("url("))
    }

    @Test("coordinates are written with at most two decimals and no -0")
    func numbers() {
        #expect(svgNumber(3) == "3")
        #expect(svgNumber(3.14159) == "3.14")
        #expect(svgNumber(2.5) == "2.5")
        #expect(svgNumber(-0.001) == "0")
        #expect(svgNumber(-12.349) == "-12.35")
        #expect(svgNumber(.nan) == "0")
    }

    @Test("linear axes cover the data with nice steps and ticks inside the range",
          arguments: [
            [0.0, 1], [-46_672.8, 90_393.1], [0.9944, 0.99993, 1], [1e-7, 3e-7], [12_345_678, 12_345_999],
            [-3, -2.5], [5], [0], [-1_655.6, 45_012], [0.0, 7], [1e9, -1e9], [0.000123, 0.000124, 0.000125],
          ])
    func linearAxis(values: [Double]) {
        for includeZero in [false, true] {
            for margin in [0.0, 0.02] {
                let axis = Axis.linear(covering: values, label: "x", includeZero: includeZero, margin: margin)
                let low = (values + (includeZero ? [0] : [])).min()!, high = (values + (includeZero ? [0] : [])).max()!
                #expect(axis.lower <= low && axis.upper >= high, "\(values) -> \(axis.lower)...\(axis.upper)")
                #expect(axis.lower < axis.upper)
                #expect(isNiceStep(axis.step), "step \(axis.step)")
                #expect(axis.ticks.count >= 2 && axis.ticks.count <= 14, "\(axis.ticks)")
                #expect(zip(axis.ticks, axis.ticks.dropFirst()).allSatisfy { $0 < $1 })
                for t in axis.ticks {
                    #expect(t >= axis.lower - 1e-12 * abs(axis.lower) && t <= axis.upper + 1e-12 * abs(axis.upper),
                            "tick \(t) outside \(axis.lower)...\(axis.upper)")
                    let k = t / axis.step
                    #expect(abs(k - k.rounded()) < 1e-6, "tick \(t) is not a multiple of \(axis.step)")
                }
                if margin == 0 {
                    #expect(axis.ticks.first == axis.lower && axis.ticks.last == axis.upper)
                }
                // The range is not padded out of proportion: no more than one step beyond the data each side
                // (or the margin).
                let slack = margin == 0 ? axis.step * 1.0001 : (high - low) * margin * 1.0001 + 1e-12
                if high > low {
                    #expect(low - axis.lower <= slack && axis.upper - high <= slack)
                }
            }
        }
    }

    @Test("the nice step is the smallest of 1, 2, 2.5, 5 x 10^k at or above span / ticks")
    func niceStep() {
        #expect(Axis.niceStep(span: 10, targetTicks: 5) == 2)
        #expect(Axis.niceStep(span: 11, targetTicks: 5) == 2.5)
        #expect(Axis.niceStep(span: 0.06, targetTicks: 5) == 0.02)
        #expect(Axis.niceStep(span: 137_066, targetTicks: 8) == 20_000)
    }

    @Test("tick labels: thousands separators, percentages with the decimals the step needs, a plain 0")
    func tickLabels() {
        let money = Axis.linear(covering: [-46_000, 91_000], label: "PnL", targetTicks: 8)
        #expect(money.label(for: -40_000) == "-40,000")
        #expect(money.label(for: 0) == "0")
        let survival = Axis.linear(covering: [0.9944, 1], label: "p", format: .percent, targetTicks: 5)
        #expect(survival.step == 0.001 || survival.step == 0.002)
        #expect(survival.label(for: 0.995) == "99.5%" || survival.label(for: 0.996) == "99.6%")
        #expect(survival.label(for: 1) == "100.0%")
        let leverage = try? Axis.logarithmic(covering: [2, 40], label: "Leverage", format: .number(suffix: "x"))
        #expect(leverage?.label(for: 10) == "10x")
        #expect(leverage?.label(for: 0.5) == "0.5x")
    }

    @Test("a log axis refuses zero, negative and non-finite values with a typed error")
    func logAxisErrors() {
        #expect(throws: AxisError.nonPositiveValueOnLogAxis(0)) { try Axis.logarithmic(covering: [1, 0, 10], label: "p") }
        #expect(throws: AxisError.nonPositiveValueOnLogAxis(-3)) { try Axis.logarithmic(covering: [-3], label: "p") }
        #expect(throws: AxisError.nonPositiveValueOnLogAxis(-.infinity)) {
            try Axis.logarithmic(covering: [1, -.infinity], label: "p")
        }
        #expect(throws: AxisError.nonFiniteValue(.infinity)) { try Axis.logarithmic(covering: [1, .infinity], label: "p") }
        #expect(throws: AxisError.noValues) { try Axis.logarithmic(covering: [], label: "p") }
        let message = AxisError.nonPositiveValueOnLogAxis(0).description
        #expect(message.contains("logarithmic") && message.contains("greater than zero"))
        do {
            _ = try Axis.logarithmic(covering: [0.5, -1], label: "p")
            Issue.record("a negative value was accepted")
        } catch {
            // Typed throws: `error` is an AxisError, no cast needed.
            #expect(error == .nonPositiveValueOnLogAxis(-1))
        }
    }

    @Test("a log axis covers the data from a power of ten to a power of ten, ticks inside")
    func logAxis() throws {
        let axis = try Axis.logarithmic(covering: [0.003, 0.2, 42], label: "p")
        #expect(axis.lower == 0.001 && axis.upper == 100)
        #expect(axis.ticks.first == 0.001 && axis.ticks.last == 100)
        for t in axis.ticks {
            #expect(t >= axis.lower && t <= axis.upper)
            #expect(isNiceStep(t), "tick \(t)")
        }
        #expect(axis.fraction(0.001) == 0 && abs(axis.fraction(100) - 1) < 1e-12)
        #expect(abs(axis.fraction(0.1) - 0.4) < 1e-12)
        // Two decades or fewer: ticks at 1, 2 and 5 times the powers.
        let short = try Axis.logarithmic(covering: [1.5, 30], label: "x")
        #expect(short.ticks == [1, 2, 5, 10, 20, 50, 100])
        // Many decades: not every one is labelled.
        let long = try Axis.logarithmic(covering: [1e-12, 1e6], label: "x")
        #expect(long.ticks.count <= 10)
        #expect(long.lower <= 1e-12 && long.upper >= 1e6)
        // A single value still gets a decade.
        let one = try Axis.logarithmic(covering: [1], label: "x")
        #expect(one.lower == 1 && one.upper == 10)
    }

    @Test("a line chart with a band, markers and escaped labels parses as XML")
    func lineChart() throws {
        let longNote = Array(repeating: "A long note that has to be wrapped over several lines.", count: 6).joined(separator: " ")
        let x = Array(stride(from: 0.0, through: 7, by: 0.25))
        let y = x.map { 1 - 0.001 * $0 * $0 }
        let chart = LineChart(
            title: "Survival <test> & more", subtitle: "sub \"title\"",
            xAxis: .linear(covering: x, label: "Days"), yAxis: .linear(covering: y, label: "P", format: .percent),
            series: [.init(name: "s", x: x, y: y, interpolation: .step,
                           band: .init(x: x, lower: y.map { $0 - 0.001 }, upper: y.map { min(1, $0 + 0.001) }))],
            markers: [ChartMarker(value: 3.5, label: "half <way>", color: "#000", interval: 3...4)],
            regions: [ShadedRegion(lower: -.infinity, upper: 1, color: "#fee", label: "early")],
            legend: [LegendEntry("line", color: "#00f", symbol: .line)],
            notes: [longNote],
            idPrefix: "t")
        let text = chart.document().render()
        let parsed = ParsedXML(text)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        #expect(text.contains("Survival &lt;test&gt; &amp; more"))
        #expect(text.contains("half &lt;way&gt;"))
        #expect(parsed.texts.contains("Days"))
        #expect(parsed.count(of: "path") >= 2)
        // The note is wrapped: several text lines, each within the picture's width.
        let noteLines = parsed.texts.filter { $0.count > 20 && longNote.contains($0) }
        #expect(noteLines.count >= 3)
        #expect(noteLines.joined(separator: " ") == longNote)
    }

    @Test("a log axis chart draws; its axis is built before anything is drawn")
    func logChart() throws {
        let leverage = [2.0, 4, 8, 16, 32], p = [0.0001, 0.001, 0.01, 0.05, 0.2]
        let chart = LineChart(title: "Frontier", xAxis: try .logarithmic(covering: leverage, label: "Leverage",
                                                                         format: .number(suffix: "x")),
                              yAxis: try .logarithmic(covering: p, label: "P", format: .percent),
                              series: [.init(name: "p", x: leverage, y: p)])
        let parsed = ParsedXML(chart.document().render())
        #expect(parsed.ok, "\(parsed.error ?? "")")
        #expect(parsed.texts.contains("10x"))
        #expect(parsed.texts.contains("1%"))
    }

    @Test("histogram bars keep their true widths; heights are shares per typical width; a very wide bin is cut")
    func histogramLayout() {
        var bins = [Histogram.Bin(lower: -100, upper: 0, count: 10)]                 // wide: 100 over 10
        for k in 0..<10 { bins.append(Histogram.Bin(lower: Double(k) * 10, upper: Double(k + 1) * 10, count: 98)) }
        bins.append(Histogram.Bin(lower: 100, upper: 112, count: 10))                 // wide but within reach
        let chart = HistogramChart(title: "h", bins: bins, xLabel: "x", maxOuterFraction: 0.25)
        let (low, high, bars, typical) = chart.layout()
        #expect(typical == 10)
        #expect(low == -25 && high == 112)
        #expect(bars[0].wide && bars[0].clipped)
        #expect(bars.last!.wide && !bars.last!.clipped)
        #expect(!bars[1].wide)
        let total = Double(chart.total)
        #expect(abs(bars[1].height - 98 / total) < 1e-12)
        #expect(abs(bars[0].height - 10 / total * 10 / 100) < 1e-12)
        let text = chart.document().render()
        let parsed = ParsedXML(text)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        #expect(text.contains("bar cut at the edge"))
        #expect(text.contains("10 paths"))
        // A marker beyond the cut widens the range to show it.
        var marked = chart
        marked.markers = [ChartMarker(value: -80, label: "VaR", color: "#f00")]
        #expect(marked.layout().low == -80)
    }

    @Test("marker labels never overlap within a row")
    func markerLabels() {
        let markers = [-44_724.0, -44_264, -41_558, -37_310, -33_158, -27_090].enumerated().map {
            ChartMarker(value: $0.element, label: ["ES 99.9%", "VaR 99.9%", "ES 99%", "VaR 99%", "ES 95%", "VaR 95%"][$0.offset],
                        color: "#000")
        }
        let layout = MarkerLabelLayout(markers: markers, x: { 100 + ($0 + 50_000) / 150_000 * 800 }, plotRight: 900, size: 12)
        #expect(layout.placements.count == 6)
        for row in 0..<layout.rows {
            let spans = layout.placements.filter { $0.row == row }.map { p -> (Double, Double) in
                let w = ChartStyle.textWidth(p.marker.label, size: 12, bold: true)
                return p.anchor == "start" ? (p.x + 4, p.x + 4 + w) : (p.x - 4 - w, p.x - 4)
            }.sorted { $0.0 < $1.0 }
            for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.1 < b.0, "row \(row): \(a) overlaps \(b)") }
        }
    }

    @Test("the four run charts of a simulated run parse, with their titles, markers and bad-debt region")
    func runCharts() async throws {
        let scenario = try ScenarioValidator.validate(
            ScenarioOverrides(paths: 20_000).applied(to: DefaultScenario.file), source: DefaultScenario.source)
        let summary = try await simulate(scenario)
        let charts = RunCharts.all(summary)
        #expect(charts.map(\.fileName) == ["survival.svg", "time_to_liquidation.svg", "terminal_pnl.svg", "minimum_equity.svg"])
        for chart in charts {
            let parsed = ParsedXML(chart.document.render())
            #expect(parsed.ok, "\(chart.fileName): \(parsed.error ?? "")")
            #expect(chart.document.width == 960 && chart.document.height > 300)
        }
        let pnl = charts[2].document.render()
        for label in ["VaR 95%", "VaR 99%", "VaR 99.9%", "ES 95%", "ES 99%", "ES 99.9%"] {
            #expect(pnl.contains(">\(label)<"), "\(label)")
        }
        let minimum = charts[3].document.render()
        #expect(minimum.contains("zero equity"))
        let survival = ParsedXML(charts[0].document.render())
        #expect(survival.texts.contains("Days since the start"))
        // Liquidation probability in the survival subtitle, rounded as in the terminal table.
        #expect(charts[0].document.render().contains(RunText.probability(summary.liquidation).value))
    }

    @Test("steps beyond 240 are grouped, and long survival curves thinned, keeping the last point")
    func thinning() {
        let bins = (0..<1000).map { Histogram.Bin(lower: Double($0), upper: Double($0 + 1), count: 1) }
        let (grouped, k) = RunCharts.grouped(bins, maxBins: 240)
        #expect(k == 5 && grouped.count == 200)
        #expect(grouped.reduce(0) { $0 + $1.count } == 1000)
        let thinned = RunCharts.thinned(Array(0...10_000), to: 2000)
        #expect(thinned.count <= 2002 && thinned.last == 10_000 && thinned.first == 0)
    }

    @Test("grouped bars: one per category and series, heights to scale from zero, whiskers, long names shortened")
    func groupedBars() throws {
        let chart = GroupedBarChart(
            title: "Bars <&>", categories: ["A", "A very long position name that cannot fit", "C"],
            series: [.init(name: "cross", values: [0.1, 0.02, 0], intervals: [0.08...0.12, 0.01...0.03, 0...0.004], color: "#00f"),
                     .init(name: "isolated", values: [0.3, 0.05, 0.2], color: "#f80")],
            yLabel: "P", width: 480, plotHeight: 200)
        let text = chart.document().render()
        let parsed = ParsedXML(text)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        #expect(chart.valueAxis.lower == 0 && chart.valueAxis.upper >= 0.3)
        let bars = parsed.elements.filter { $0.name == "rect" && $0.attributes["data-value"] != nil }
        #expect(bars.count == 6)
        // Heights are proportional to the values (a zero bar is flat, a positive one at least a pixel).
        let scale = 200 / chart.valueAxis.upper
        for bar in bars {
            let value = Double(bar.attributes["data-value"]!)!, height = Double(bar.attributes["height"]!)!
            #expect(abs(height - max(value > 0 ? 1 : 0, value * scale)) < 0.02, "\(value): \(height)")
        }
        // Three whiskers of three lines for the series with intervals.
        let whiskers = parsed.elements.filter { $0.name == "line" && $0.attributes["stroke-width"] == "1.25" }
        #expect(whiskers.count == 9)
        #expect(parsed.texts.contains { $0.hasPrefix("A very") && $0.hasSuffix("…") })
        #expect(parsed.texts.contains("cross") && parsed.texts.contains("isolated"))
        #expect(text.contains("Bars &lt;&amp;&gt;"))
    }

    @Test("the compare charts parse, with one bar per position and mode and the two survival curves")
    func compareCharts() async throws {
        let scenario = try ScenarioValidator.validate(
            ScenarioOverrides(paths: 5_000, steps: 24).applied(to: DefaultScenario.file), source: DefaultScenario.source)
        let runner = try CompareRunner(scenario: scenario)
        let summary = CompareSummary(scenario: scenario, modes: runner.modes, tally: await runner.run().partial)
        let charts = CompareCharts.all(summary)
        #expect(charts.map(\.fileName) == CompareCharts.fileNames)
        for chart in charts { #expect(ParsedXML(chart.document.render()).ok, "\(chart.fileName)") }
        let positions = ParsedXML(charts[1].document.render())
        #expect(positions.elements.filter { $0.attributes["data-value"] != nil }.count == 2 * (scenario.positions.count + 1))
        #expect(positions.texts.contains("Any") && positions.texts.contains("BTC"))
        let contagion = ParsedXML(charts[2].document.render())
        #expect(contagion.elements.filter { $0.attributes["data-value"] != nil }.count == 2 * scenario.positions.count)
        let survival = ParsedXML(charts[0].document.render())
        #expect(survival.elements.filter { $0.name == "path" && $0.attributes["stroke-width"] == "2.25" }.count == 2)
    }

    @Test("a tight log axis ends at 1, 2 or 5 times a power of ten around the data, both ends ticks",
          arguments: [[1.8, 180.0], [0.3, 4.0], [1.0, 1000.0], [7.0, 7.5], [0.012, 0.5], [0.6, 3e9], [1.0, 1.0]])
    func tightLogAxis(values: [Double]) throws {
        let axis = try Axis.logarithmic(covering: values, label: "L", tight: true)
        #expect(axis.lower <= values.min()! && axis.upper >= values.max()!)
        for end in [axis.lower, axis.upper] {
            let mantissa = end / Foundation.pow(10, Foundation.log10(end).rounded(.down))
            #expect([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "\(end)")
        }
        // No looser than needed: the next 1-2-5 value inward would cut the data.
        #expect(axis.upper / values.max()! < 2.5 + 1e-9 && values.min()! / axis.lower < 2.5 + 1e-9)
        #expect(axis.ticks.first == axis.lower && axis.ticks.last == axis.upper)
        #expect(zip(axis.ticks, axis.ticks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(axis.ticks.count <= 11, "\(axis.ticks)")
        #expect(throws: AxisError.nonPositiveValueOnLogAxis(0)) { try Axis.logarithmic(covering: [0, 1], label: "L", tight: true) }
    }
}
