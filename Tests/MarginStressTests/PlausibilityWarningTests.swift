import Foundation
import Testing

/// Valid but unlikely values draw a warning naming the field, listed by `validate` and carried into the run's
/// table and JSON; they never stop the run. Through the CLI.
@Suite("CLI: plausibility warnings")
struct PlausibilityWarningTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "volatility 60 (a percentage typed as a fraction)", text: scenarioText(["vol": "60"]),
             expected: "market.assets[0].volatility: 60 is 6000% a year; volatilities are fractions: did you mean 0.6?"),
        Case(name: "maintenance rate 60%",
             text: scenarioText().replacingOccurrences(of: "{asset: BTC, quantity: 1, maintenanceMarginRate: 0.005}",
                                                       with: "{asset: BTC, quantity: 1, maintenanceMarginRate: 0.6}"),
             expected: "account.positions[0]: a maintenance margin rate of 60% is above 50%"),
        Case(name: "steps of 3.5 days for an account a day from liquidation", text: scenarioText(["amount": "2000", "steps": "2"]),
             expected: "simulation.steps: a step lasts 3.5 days, but equity is only"),
        Case(name: "horizon of 2 years", text: scenarioText().replacingOccurrences(of: "horizon: 7d", with: "horizon: 2y"),
             expected: "simulation.horizon: 2y is longer than a year"),
        Case(name: "leverage 210x",
             text: scenarioText(["amount": "500"]).replacingOccurrences(of: "maintenanceMarginRate: 0.005", with: "maintenanceMarginRate: 0.001")
                .replacingOccurrences(of: "maintenanceMarginRate: 0.01", with: "maintenanceMarginRate: 0.001"),
             expected: "account: leverage 210x is above 200x"),
        Case(name: "already below maintenance margin", text: scenarioText(["amount": "0"]),
             expected: "the account starts below maintenance margin"),
    ]

    @Test("each warning: listed by validate (exit 0), under the run table and in the JSON warnings", arguments: cases)
    func warned(_ c: Case) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml")
        try c.text.write(to: file, atomically: true, encoding: .utf8)
        let v = try runCLI(["validate", file.path])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("warning: " + c.expected), "\(v.stdout)")
        let table = try runCLI(["run", file.path, "--paths", "256", "--quiet"])
        #expect(table.status == 0 && table.stdout.contains("warning: " + c.expected), "\(table.stdout)")
        let json = try runCLI(["run", file.path, "--paths", "256", "--quiet", "--json"])
        #expect(json.status == 0 && json.stdout.contains("\"" + c.expected), "\(json.stdout.suffix(600))")
    }

    @Test("the examples draw none of these warnings")
    func examplesQuiet() throws {
        let dir = packageRoot.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
            let v = try runCLI(["validate", dir.appendingPathComponent(name).path])
            #expect(!v.stdout.contains("did you mean") && !v.stdout.contains("above 50%") && !v.stdout.contains("a step lasts"), "\(name): \(v.stdout)")
        }
    }
}
