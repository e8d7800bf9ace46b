import Foundation
import Testing
@testable import MarginStress

/// `exchange --report`: the HTML page has the distributions' charts, the cascade depths and the contributors to bad
/// debt; the JSON summary reads back.
@Suite("Exchange report")
struct ExchangeReportTests {
    @Test("the HTML report draws each non-empty distribution and names the largest contributors; the JSON reads back")
    func page() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, book) = try ExchangeADLTests.randomBook(dir, seed: 5, count: 80)
        let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: ExchangeADLTests.rules(s, fund: 10_000, fee: 0.005))
        let driver = BlockDriver(paths: 512, workers: 2)
        let partial = await driver.run(analysis, blocks: 0..<driver.totalBlocks).partial
        #expect(partial.pathsWithADL > 0)
        let summary = ExchangeSummary(scenario: s, analysis: analysis, names: book.names, partial: partial)
        // Every histogram counts every path once.
        for (key, bins) in summary.histograms { #expect(bins.reduce(0) { $0 + $1.count } == 512, "\(key)") }
        let html = ExchangeHTMLReport(summary: summary, date: Date(timeIntervalSince1970: 0)).html()
        for title in ["Liquidated notional per path", "Bad debt per path", "Insurance fund loss per path",
                      "Auto-deleveraging notional per path", "Cascade depth", "Largest contributors to bad debt"] {
            #expect(html.contains(title), "\(title)")
        }
        #expect(html.contains(summary.topBadDebt[0].account))
        #expect(!html.contains("<script"))
        let json = try Exporter.encoder().encode(summary)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let back = try decoder.decode(ExchangeSummary.self, from: json)
        #expect(back.histograms == summary.histograms && back.autoDeleveraging.anyADL.count == partial.pathsWithADL)
    }
}
