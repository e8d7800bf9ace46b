import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MarginStress

/// Decodes a summary printed by `--json`.
func decodeSummary<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(type, from: Data(text.utf8))
}

/// Checks that an HTML page is well-formed, self-contained, and has `charts` inline SVG pictures.
func expectSelfContained(_ html: String, charts: Int, _ name: String) {
    let parsed = ParsedXML(html)
    #expect(parsed.ok, "\(name): \(parsed.error ?? "")")
    #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
    #expect(parsed.count(of: "svg") == charts, "\(name): \(parsed.count(of: "svg")) charts")
    for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href=", "@font-face"] {
        #expect(!html.contains(forbidden), "\(name): \(forbidden)")
    }
    let addresses = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(30) }
    #expect(addresses.allSatisfy { $0.hasPrefix("http://www.w3.org/2000/svg") }, "\(name): \(addresses)")
}

@Suite("HTML reports of compare and tune")
struct CommandReportTests {
    @Test("compare --report: both modes side by side, numbers as in --json, three charts, a command that reproduces it")
    func compareReport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("compare.html"), export = dir.appendingPathComponent("out")
        let example = packageRoot.appendingPathComponent("examples/cross-vs-isolated.yaml").path
        let result = try runCLI(["compare", example, "--paths", "8000", "--steps", "56", "--json", "--quiet",
                                 "--report", page.path, "--export", export.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try decodeSummary(CompareSummary.self, result.stdout)
        let html = try String(contentsOf: page, encoding: .utf8)
        expectSelfContained(html, charts: 3, "compare report")
        let parsed = ParsedXML(html)
        for title in ["Survival under cross and isolated margin", "Liquidation probability by position",
                      "Contagion against rescue by the pool"] {
            #expect(parsed.texts.contains(title), "chart \(title)")
        }
        // Headline and table numbers are the JSON's, rounded as everywhere else.
        for mode in [summary.cross, summary.isolated] {
            let p = RunText.probability(mode.anyLiquidated)
            #expect(html.contains("<p class=\"value\">\(p.value)</p>"), "\(p.value)")
            #expect(html.contains("\(p.lower) to \(p.upper)"))
        }
        for position in summary.positions {
            let row = "<tr><td>\(position.asset)</td><td>\(HTMLText.plain(position.quantity))</td><td>\(RunText.money(position.isolatedMargin))</td>"
            #expect(html.contains(row), "\(row)")
            let contagion = RunText.probability(position.contagion)
            #expect(html.contains("<td>\(contagion.value) <span class=\"range\">(\(contagion.lower) to \(contagion.upper))</span></td>"))
        }
        #expect(html.contains("<th>Isolated margin</th>"))
        #expect(html.contains("margin-stress compare \(example) --paths 8000 --steps 56 --horizon 7d --seed 7"))
        #expect(html.contains(summary.scenarioDigest))
        // The same pictures are exported, with the two survival curves as CSV.
        for name in CompareCharts.fileNames {
            let svg = try String(contentsOf: export.appendingPathComponent(name), encoding: .utf8)
            #expect(svg.hasPrefix("<?xml") && ParsedXML(svg).ok, "\(name)")
        }
        let csv = try String(contentsOf: export.appendingPathComponent("compare_survival.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "days,cross,crossLower95,crossUpper95,isolated,isolatedLower95,isolatedUpper95")
        #expect(lines.count == 56 + 2)
        let last = lines.last!.split(separator: ",").compactMap { Double($0) }
        #expect(last[0] == 7)
        #expect(abs(last[1] - (1 - summary.cross.anyLiquidated.probability)) < 1e-12)
        #expect(abs(last[4] - (1 - summary.isolated.anyLiquidated.probability)) < 1e-12)
    }

    @Test("tune --report: the limit, the frontier chart and table as in --json, and the tune options in the command")
    func tuneReport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("tune.html")
        let result = try runCLI(["tune", "--target", "0.02", "--paths", "6000", "--steps", "48", "--points", "9",
                                 "--json", "--quiet", "--report", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try decodeSummary(FrontierSummary.self, result.stdout)
        let html = try String(contentsOf: page, encoding: .utf8)
        expectSelfContained(html, charts: 1, "tune report")
        #expect(ParsedXML(html).texts.contains("Leverage frontier"))
        #expect(html.contains("<p class=\"value\">\(HTMLText.leverage(summary.maxLeverage))</p>"))
        #expect(html.contains("at most 2% within 7 days"))
        #expect(summary.frontier.count == 9)
        #expect(html.components(separatedBy: "</tr>").count - 1 >= 9 + 1)
        for point in summary.frontier {
            #expect(html.contains("<td>\(Honest.format(point.scale, decimals: point.scale < 10 ? 3 : 2))x</td>"
                                  + "<td>\(HTMLText.leverage(point.leverage))</td>"), "row at scale \(point.scale)")
        }
        #expect(html.contains("margin-stress tune --paths 6000 --steps 48 --horizon 7d --seed 42 --target 0.02 --points 9"))
        #expect(html.contains("<h2>The account at the start</h2>"))
    }

    @Test("tune --maintenance-rate-for-bad-debt --report: the rate, its chart and table; --export writes the chart")
    func rateReport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("rate.html"), export = dir.appendingPathComponent("out")
        let result = try runCLI(["tune", "--maintenance-rate-for-bad-debt", "0.001", "--paths", "6000", "--steps", "48",
                                 "--points", "6", "--json", "--quiet", "--report", page.path, "--export", export.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try decodeSummary(RateSummary.self, result.stdout)
        let html = try String(contentsOf: page, encoding: .utf8)
        expectSelfContained(html, charts: 1, "rate report")
        #expect(ParsedXML(html).texts.contains("Bad debt against the maintenance rate"))
        let answer = summary.minimumRate.map { Honest.format($0 * 100, decimals: 2) + "%" } ?? "none up to 50%"
        #expect(html.contains("<p class=\"value\">\(answer)</p>"))
        #expect(html.contains("--maintenance-rate-for-bad-debt 0.001 --points 6"))
        let svg = try String(contentsOf: export.appendingPathComponent(RateChart.fileName), encoding: .utf8)
        #expect(ParsedXML(svg).ok && svg.contains("Bad debt against the maintenance rate"))
    }

    @Test("compare and tune check --report before simulating: exit code 73 and the reason")
    func unwritable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in [["compare"], ["tune", "--target", "0.01"]] {
            let result = try runCLI(command + ["--paths", "50000000", "--quiet", "--report", dir.path])
            #expect(result.status == 73, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("--report: cannot write \(dir.path): it is a directory"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("Chromium renders the compare and tune reports without console errors, with their charts",
          .enabled(if: chromiumPath != nil,
                   "chromium is not installed: the browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it)"))
    func browser() throws {
        let chromium = try #require(chromiumPath)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(arguments: [String], file: String, charts: Int, text: String)] = [
            (["compare", "--paths", "4000", "--steps", "48"], "compare.html", 3, "Survival under cross and isolated margin"),
            (["tune", "--target", "0.01", "--paths", "4000", "--steps", "48"], "tune.html", 1, "Leverage frontier"),
        ]
        for c in cases {
            let page = dir.appendingPathComponent(c.file)
            let result = try runCLI(c.arguments + ["--quiet", "--report", page.path])
            #expect(result.status == 0, "\(result.stderr)")
            let dom = try renderInChromium(chromium, page: page, scratch: dir.appendingPathComponent(c.file + ".profile"))
            #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
            #expect(dom.console.isEmpty, "\(c.file): console messages: \(dom.console)")
            #expect(dom.stdout.components(separatedBy: "<svg ").count - 1 == c.charts, "\(c.file): charts in the DOM")
            #expect(dom.stdout.contains(c.text), "\(c.file)")
        }
    }
}
