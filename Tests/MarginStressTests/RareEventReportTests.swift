import Foundation
import Testing
@testable import MarginStress

/// The rare-event block in the HTML report and in `--export`'s `rare_event.csv`.
@Suite("Rare events in the report and the export")
struct RareEventReportTests {
    @Test("HTML card and rare_event.csv carry the weighted estimates, SE, ESS and variance reduction")
    func reportAndExport() async throws {
        let s = try RareEventTests().threeAssets(steps: 24, paths: 5_000, seed: 91, continuous: true, tilt: true)
        let run = try RareEventRun(scenario: s)
        let outcome = await run.run(blocks: 0..<run.driver.totalBlocks)
        var summary = RunSummary(scenario: s, runner: run.plain, result: outcome.plain, totalSeconds: 1)
        let rare = RareEventSummary(scenario: s, analysis: run.second.analysis, result: try #require(outcome.rare), plain: outcome.plain)
        summary.rareEvent = rare
        let html = HTMLReport(summary: summary, scenario: s, scenarioPath: nil, date: Date(timeIntervalSince1970: 0)).html
        #expect(html.contains("<h2>Rare-event estimate</h2>"))
        for label in ["Liquidation probability", "Bad-debt probability", "Effective sample size", "Variance reduction",
                      "Plain pilot", "Projected time to ±10% at 95%"] {
            #expect(html.contains(label), "\(label)")
        }
        #expect(html.contains(Honest.percent(rare.liquidation.probability, error: rare.liquidation.standardError)))
        // Without the second pass the card is absent.
        var plain = summary
        plain.rareEvent = nil
        #expect(!HTMLReport(summary: plain, scenario: s, scenarioPath: nil, date: Date()).html.contains("Rare-event"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rare-export-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Exporter.write(summary, to: dir)
        let rows = try String(contentsOfFile: dir + "/rare_event.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 4)
        #expect(rows[0] == ["estimate", "probability", "standardError", "lower95", "upper95", "paths", "hits",
                            "varianceReduction", "effectiveSampleSize", "meanLikelihoodRatio"])
        #expect(rows.map { $0[0] } == ["estimate", "liquidation", "badDebt", "plainLiquidation"])
        let l = rare.liquidation
        #expect(Double(rows[1][1]) == l.probability && Double(rows[1][2]) == l.standardError)
        #expect(Double(rows[1][7]) == l.varianceReduction && Double(rows[1][8]) == rare.effectiveSampleSize)
        #expect(Int(rows[1][5]) == 5_000 && Int(rows[3][5]) == rare.plainPaths)
        #expect(Double(rows[3][1]) == rare.plainProbability)
        try Exporter.write(plain, to: dir + "/plain")
        #expect(!FileManager.default.fileExists(atPath: dir + "/plain/rare_event.csv"))
    }
}
