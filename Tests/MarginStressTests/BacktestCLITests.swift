import Foundation
import Testing

@Suite("backtest command")
struct BacktestCLITests {
    static let books = ["equal-weight", "long-short", "amd"].flatMap { ["--book", packageRoot.appendingPathComponent("examples/backtest/\($0).yaml").path] }
    static let prices = packageRoot.appendingPathComponent("examples/sp500-2010-2017.csv").path

    @Test("three books, two models: JSON states the hold and horizon; the export's CSV has a row per model, book and date")
    func endToEnd() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try runCLI(["backtest", Self.prices] + Self.books + ["--from", "2011-03-01", "--to", "2011-03-31", "--paths", "500",
                            "--json", "--export", dir.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["hold"] as? String == "weights" && json["horizonDays"] as? Int == 1)
        #expect((json["results"] as? [Any])?.count == 6)
        let days = json["forecasts"] as! Int
        #expect(days == 23)
        let csv = try String(contentsOf: dir.appendingPathComponent("backtest.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 1 + 6 * days)
        #expect(lines[0] == "date,model,book,VaR99,ES99,hit99,VaR97.5,ES97.5,hit97.5,realisedPnL,predictedLiquidation,realisedLiquidation")
        let page = dir.appendingPathComponent("backtest.html")
        let report = try runCLI(["backtest", Self.prices] + Self.books + ["--from", "2011-03-01", "--to", "2011-03-31", "--paths", "500",
                                 "--model", "gaussian", "--report", page.path, "--quiet"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        for section in ["VaR and ES tests", "Liquidation probability", "Exceedances", "constant notional weights, re-struck each day"] {
            #expect(html.contains(section), "report lacks \(section)")
        }
        let text = try runCLI(["backtest", Self.prices] + Self.books + ["--from", "2011-03-01", "--to", "2011-03-10", "--paths", "500",
                               "--hold", "quantities", "--model", "gaussian"])
        #expect(text.status == 0 && text.stdout.contains("constant quantities struck on the first date"), "\(text.stdout)")
    }

    @Test("errors name the book field and the fix")
    func errors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("bad.yaml")
        try "name: bad\nweights: {AAPL: 0.5, ZZZZ: 0.5}\n".write(to: book, atomically: true, encoding: .utf8)
        let r = try runCLI(["backtest", Self.prices, "--book", book.path, "--paths", "500"])
        #expect(r.status == 65 && r.stderr.contains("bad.weights.ZZZZ") && r.stderr.contains("no column ZZZZ"), "\(r.stderr)")
        let high = try runCLI(["backtest", Self.prices, "--book", book.path, "--leverage", "30", "--paths", "500"])
        #expect(high.status != 0)
        let model = try runCLI(["backtest", Self.prices, "--book", book.path, "--model", "gausian"])
        #expect(model.status == 64 && model.stderr.contains("unknown model 'gausian'"), "\(model.stderr)")
    }
}
