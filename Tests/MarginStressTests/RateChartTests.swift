import Foundation
import Testing
@testable import MarginStress

/// `tune --maintenance-rate-for-bad-debt`'s rate chart draws the grid it searched (not only the table's rows),
/// marks the answer on the curve, and says the range its axis shows.
@Suite("tune rate chart")
struct RateChartTests {
    /// The points of the SVG path with the most points among the curves (stroke width 2.25).
    static func curvePointCount(_ svg: String) -> Int {
        let paths = svg.matches(of: #/<path d="([^"]*)"[^>]*stroke-width="2.25"/#).map { String($0.output.1) }
        return paths.map { $0.filter { $0 == "M" || $0 == "L" }.count }.max() ?? 0
    }

    @Test("the curve has one point per grid rate in the range shown (6 table rows, 501 grid rates), the answer has a dot with its probability, and the captions state the axis's range")
    func gridCurve() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("rate.html"), export = dir.appendingPathComponent("out")
        let result = try runCLI(["tune", "--maintenance-rate-for-bad-debt", "0.001", "--paths", "6000", "--steps", "48",
                                 "--points", "6", "--json", "--quiet", "--report", page.path, "--export", export.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try decodeSummary(RateSummary.self, result.stdout)
        #expect(summary.frontier.count == 6)
        #expect(summary.curve.isEmpty, "the grid is not part of the JSON")
        let answers = [summary.minimumRate, summary.pointEstimateMinimumRate].compactMap { $0 }
        let high = ([0.05] + answers).max()!
        let gridPoints = Int((high * 10_000).rounded()) + 1
        let svg = try String(contentsOf: export.appendingPathComponent(RateChart.fileName), encoding: .utf8)
        #expect(Self.curvePointCount(svg) == gridPoints, "\(Self.curvePointCount(svg)) points drawn, \(gridPoints) grid rates")
        let upper = Honest.format(high * 100, decimals: 2).trimmedZeros + "%"
        #expect(svg.contains("every rate of the 0.01% grid from 0% to \(upper) (\(gridPoints) rates"), "the chart's note")
        // The x axis ends at the range's end: its last tick label is the upper end of the range stated.
        #expect(svg.contains(">\(upper)</text>"), "no axis label \(upper)")
        let m = try #require(summary.minimumRate)
        let at = try #require(summary.atMinimumRate)
        let dot = "answer: rate \(Honest.format(m * 100, decimals: 2))%, bad-debt probability \(Honest.format(at.probability * 100, decimals: 4).trimmedZeros)%"
        #expect(svg.contains("<title>\(dot)</title>"), "no dot: \(dot)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("rates searched from 0% to 50%; the chart shows 0% to \(upper)"))
        #expect(!html.contains("rates examined from 0% to 50%<"))
    }

    @Test("with importance sampling the chart draws the same grid (weighted estimates at every rate shown), not the table rows")
    func weightedGridCurve() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = dir.appendingPathComponent("out")
        let result = try runCLI(["tune", "--maintenance-rate-for-bad-debt", "0.001", "--paths", "6000", "--steps", "48",
                                 "--points", "6", "--importance-sampling", "--json", "--quiet", "--export", export.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try decodeSummary(RateSummary.self, result.stdout)
        #expect(summary.importanceSampling != nil && summary.frontier.count == 6)
        let answers = [summary.minimumRate, summary.pointEstimateMinimumRate].compactMap { $0 }
        let high = ([0.05] + answers).max()!
        let gridPoints = Int((high * 10_000).rounded()) + 1
        let svg = try String(contentsOf: export.appendingPathComponent(RateChart.fileName), encoding: .utf8)
        #expect(Self.curvePointCount(svg) == gridPoints, "\(Self.curvePointCount(svg)) points drawn, \(gridPoints) grid rates")
        #expect(svg.contains("(\(gridPoints) rates, each a weighted estimate from the same paths)"), "the chart's note")
        #expect(!svg.contains("the table's"))
    }
}
