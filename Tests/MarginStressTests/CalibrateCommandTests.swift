import Foundation
import Testing
@testable import MarginStress

@Suite("margin-stress calibrate")
struct CalibrateCommandTests {
    let prices = packageRoot.appendingPathComponent("examples/sp500-2010-2017.csv").path

    @Test("the calibrated market section makes a valid scenario; prices are the last row; JSON carries the same")
    func validScenario() throws {
        let r = try runCLI(["calibrate", prices, "--assets", "AAPL,JPM,XOM", "--window", "500", "--method", "ewma",
                            "--shrink", "ledoit-wolf", "--cash", "USD"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# Calibrated by `margin-stress calibrate`"))
        #expect(r.stdout.contains("{symbol: XOM, price: 63.27, volatility: "))
        let scenario = """
            name: calibrated
            account:
              mode: cross
              collateral:
                - {asset: USD, amount: 100000}
              positions:
                - {asset: AAPL, quantity: 1000, maintenanceMarginRate: 0.15}
                - {asset: XOM, quantity: -500, maintenanceMarginRate: 0.15}
            simulation: {horizon: 10d, steps: 10, paths: 1000}

            """ + r.stdout
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("s.yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let v = try runCLI(["validate", file.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let j = try runCLI(["calibrate", prices, "--assets", "AAPL,JPM,XOM", "--window", "500", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let market = try #require(object?["market"] as? [String: Any])
        #expect((market["assets"] as? [Any])?.count == 3)
        #expect((market["correlationMatrix"] as? [[Double]])?.count == 3)
    }

    @Test("garch and student-t write the agreed schema fields")
    func models() throws {
        let g = try runCLI(["calibrate", prices, "--assets", "JPM,XOM", "--from", "2014-01-01", "--model", "garch"])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(g.stdout.contains("type: garch") && g.stdout.contains("- {asset: JPM, omega: ") && g.stdout.contains("variance: "))
        let t = try runCLI(["calibrate", prices, "--assets", "JPM,XOM", "--window", "1000", "--model", "student-t"])
        #expect(t.stdout.contains("degreesOfFreedom: "))
    }

    /// `--garch plain` fits GARCH(1,1) (gamma 0): the written parameters are those of `GARCHFit(leverage: false)` on
    /// the same returns (printed to 6 significant digits), the comment names the recursion, and the flag is refused
    /// without `--model garch`.
    @Test("--garch plain writes GARCH(1,1) fits (gamma 0), as the estimator gives them")
    func plainGARCH() throws {
        let r = try runCLI(["calibrate", prices, "--assets", "JPM,XOM", "--from", "2014-01-01", "--model", "garch",
                            "--garch", "plain", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let market = try #require(object?["market"] as? [String: Any])
        let entries = try #require((market["distribution"] as? [String: Any])?["garch"] as? [[String: Any]])
        var selection = PriceHistory.Selection(assets: ["JPM", "XOM"], from: "2014-01-01")
        selection.minimumReturns = 30
        let returns = try PriceHistory(contentsOfFile: prices, selection: selection).logReturns()
        #expect(entries.count == 2)
        for (entry, r) in zip(entries, returns) {
            let fit = try GARCHFit(returns: r, leverage: false, innovations: .gaussian).parameters
            #expect(entry["gamma"] as? Double == 0)
            for (key, value) in [("omega", fit.omega), ("alpha", fit.alpha), ("beta", fit.beta)] {
                let written = try #require(entry[key] as? Double)
                #expect(abs(written - value) <= 1e-5 * abs(value) + 1e-12, "\(key): \(written) against \(value)")
            }
        }
        let yaml = try runCLI(["calibrate", prices, "--assets", "JPM", "--from", "2014-01-01", "--model", "garch", "--garch", "plain"])
        #expect(yaml.stdout.contains("# GARCH(1,1) (gamma 0) per asset"))
        let refused = try runCLI(["calibrate", prices, "--assets", "JPM", "--garch", "plain"])
        #expect(refused.status == 64 && refused.stderr.contains("--garch plain applies to --model garch only"))
    }

    /// The history models' sections (absolute price path, as given) pasted under an account validate and run, and
    /// the run's summary names the model.
    @Test("historical and filtered-historical sections round-trip through validate and run", arguments: ["historical", "filtered-historical"])
    func historyModels(model: String) throws {
        let r = try runCLI(["calibrate", prices, "--assets", "JPM,XOM", "--window", "500", "--model", model, "--cash", "USD"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("type: \(model)") && r.stdout.contains("file: \"\(prices)\"") && r.stdout.contains("window: 500"), "\(r.stdout)")
        let scenario = """
            name: calibrated \(model)
            account:
              mode: cross
              collateral:
                - {asset: USD, amount: 20000}
              positions:
                - {asset: JPM, quantity: 1000, maintenanceMarginRate: 0.1}
                - {asset: XOM, quantity: -500, maintenanceMarginRate: 0.1}
            simulation: {horizon: 10d, steps: 10, paths: 4096, daysPerYear: 252}

            """ + r.stdout
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("s.yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let v = try runCLI(["validate", file.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let run = try runCLI(["run", file.path, "--json", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(model == "historical" ? "\"historical\"" : "filtered-historical-ewma(0.94)"), "\(run.stdout.prefix(2000))")
    }

    @Test("errors: missing file 66; unknown asset, missing value, too few rows 65 naming row and column; bad options 64")
    func errors() throws {
        let missing = try runCLI(["calibrate", "/nonexistent/prices.csv"])
        #expect(missing.status == 66)
        let unknown = try runCLI(["calibrate", prices, "--assets", "APPL"])
        #expect(unknown.status == 65 && unknown.stderr.contains("column APPL: unknown asset; did you mean AAPL?"))
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("gap.csv")
        try "Date,A,B\n2020-01-02,1,2\n2020-01-03,,2\n2020-01-06,1.1,2.1\n".write(to: file, atomically: true, encoding: .utf8)
        let gap = try runCLI(["calibrate", file.path])
        #expect(gap.status == 65 && gap.stderr.contains("gap.csv, row 3, column A: missing price on 2020-01-03"))
        let few = try runCLI(["calibrate", prices, "--assets", "AAPL", "--window", "10", "--model", "garch"])
        #expect(few.status == 65 && few.stderr.contains("at least 30 are needed"))
        let days = try runCLI(["calibrate", prices, "--days-per-year", "250"])
        #expect(days.status == 64 && days.stderr.contains("252"))
        let both = try runCLI(["calibrate", prices, "--window", "100", "--from", "2015-01-01"])
        #expect(both.status == 64)
    }
}
