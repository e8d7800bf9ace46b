import Foundation
import Testing

/// The numerical gate (issue "Validation is a gate"): every scenario `validate` accepts runs to finite numbers;
/// beyond what the engine represents, validation refuses with the field and the limit. Through the CLI.
@Suite("CLI: numerical gate")
struct NumericalGateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: [String]
        var testDescription: String { name }
    }

    static func horizon(_ h: String) -> String { scenarioText().replacingOccurrences(of: "horizon: 7d", with: "horizon: \(h)") }

    /// The inputs that crashed `run` after `validate` said "valid", or ran to nonsense.
    static let refused: [Case] = [
        Case(name: "volatility 1e6", text: scenarioText(["vol": "1e6"]),
             expected: ["market.assets[0].volatility: 1000000.0 a year", "limit of 280", "the largest volatility for this horizon is 79.3"]),
        Case(name: "volatility 1e155", text: scenarioText(["vol": "1e155"]), expected: ["market.assets[0].volatility: 1e+155"]),
        Case(name: "horizon 1e6y", text: horizon("1000000y"), expected: ["market.assets[0].volatility: 0.6 a year over the horizon of 3.65e+08 days", "shorten simulation.horizon"]),
        Case(name: "price 1e308", text: scenarioText(["price": "1e308"]), expected: ["market.assets[0].price: 1e+308 is above the largest amount the simulation represents, 1e15"]),
        Case(name: "quantity 1e308", text: scenarioText(["quantity": "1e308"]), expected: ["account.positions[1].quantity: notional |1e+308| x price 3000 = inf is above"]),
        Case(name: "collateral 1e308", text: scenarioText(["amount": "1e308"]), expected: ["account.collateral[0].amount: 1e+308 x price 1 = 1e+308 is above"]),
        Case(name: "price 1e-300", text: scenarioText(["price": "1e-300"]), expected: ["market.assets[0].price: 1e-300 is below the smallest price"]),
    ]

    @Test("inputs beyond the engine's range are refused by validate and run, naming the field and the limit", arguments: refused)
    func refusedBeyondLimits(_ c: Case) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml")
        try c.text.write(to: file, atomically: true, encoding: .utf8)
        for args in [["validate", file.path], ["run", file.path, "--paths", "256", "--quiet"], ["tune", file.path, "--target", "0.01", "--paths", "256", "--quiet"]] {
            let r = try runCLI(args)
            #expect(r.status == 65, "\(args[0]): exit \(r.status): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            for e in c.expected { #expect(r.stderr.contains(e), "\(args[0]) stderr lacks \(e): \(r.stderr)") }
        }
    }

    /// Every number in a JSON document, as text, is finite: the encoder writes non-finite numbers as strings.
    static func nonFinite(_ json: String) -> [String] {
        json.split(separator: "\n").filter { $0.contains("\"nan\"") || $0.contains("\"inf\"") || $0.contains("\"-inf\"") }.map(String.init)
    }

    @Test("accepted extremes run to finite numbers: volatility 55 with Student-t(2.5) shocks, collateral 1e-308, 256 paths")
    func acceptedExtremesAreFinite() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = [
            scenarioText(["vol": "55", "distribution": "{type: student-t, degreesOfFreedom: 2.5}"]),
            scenarioText(["vol": "55"]),
            scenarioText(["amount": "1e-308"]),
            scenarioText(["quantity": "1e-308"]),
        ]
        for (n, text) in cases.enumerated() {
            let file = dir.appendingPathComponent("s\(n).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            #expect(try runCLI(["validate", file.path]).status == 0)
            let out = dir.appendingPathComponent("out\(n)")
            let r = try runCLI(["run", file.path, "--paths", "256", "--json", "--quiet", "--export", out.path])
            #expect(r.status == 0, "case \(n): \(r.stderr)")
            #expect(Self.nonFinite(r.stdout).isEmpty, "case \(n): \(Self.nonFinite(r.stdout))")
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".csv") || name.hasSuffix(".json") {
                let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
                let cells = text.split(whereSeparator: { ",\n[]\" :".contains($0) })
                #expect(!cells.contains { ["nan", "inf", "-inf"].contains($0) }, "case \(n): \(name) has a non-finite number")
            }
            if n == 2 { #expect(!r.stdout.contains("\"leverage\""), "leverage is absent when equity/gross is not finite") }
        }
    }

    @Test("256 paths: the 99.9% ES standard error is absent with its reason in JSON, table and HTML, never nan")
    func tooFewPathsAbsentWithReason() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml")
        try scenarioText().write(to: file, atomically: true, encoding: .utf8)
        let html = dir.appendingPathComponent("r.html")
        let json = try runCLI(["run", file.path, "--paths", "256", "--json", "--quiet"])
        #expect(json.status == 0)
        #expect(Self.nonFinite(json.stdout).isEmpty, "\(Self.nonFinite(json.stdout))")
        #expect(json.stdout.contains("\"expectedShortfallStandardError.0.999\" : \"ES rests on"), "\(json.stdout)")
        let table = try runCLI(["run", file.path, "--paths", "256", "--quiet", "--report", html.path])
        #expect(table.stdout.contains("n/a: expectedShortfallStandardError.0.999: ES rests on"), "\(table.stdout)")
        #expect(!table.stdout.contains(" nan") && !table.stdout.contains(" inf"))
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("n/a: ES rests on"))
    }
}
