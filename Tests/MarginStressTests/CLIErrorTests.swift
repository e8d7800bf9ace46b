import Foundation
import Testing

/// Each class of bad input, through the command line: the message names the field and the fix,
/// the exit code is 65 (invalid scenario) and nothing is simulated (no report on standard output).
@Suite("CLI: bad input")
struct CLIErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var changes: [String: String]
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown asset", changes: ["sol": "SOLL"],
             expected: ["account.positions[2].asset: \"SOLL\" is not a market asset (known: BTC, ETH, SOL, USDC)", "did you mean SOL?"]),
        Case(name: "missing asset symbol", changes: ["usdc": "\"\""], expected: ["market.assets[3].symbol: missing"]),
        Case(name: "duplicate asset", changes: ["usdc": "SOL"], expected: ["market.assets[3].symbol: \"SOL\" is listed twice"]),
        Case(name: "negative price", changes: ["price": "-5"], expected: ["market.assets[0].price: -5.0 is not positive"]),
        Case(name: "zero price", changes: ["price": "0"], expected: ["market.assets[0].price: 0.0 is not positive"]),
        Case(name: "NaN price", changes: ["price": ".nan"], expected: ["market.assets[0].price: nan is not a finite number"]),
        Case(name: "negative volatility", changes: ["vol": "-0.2"], expected: ["market.assets[0].volatility: -0.2 is negative"]),
        Case(name: "NaN volatility", changes: ["vol": ".nan"], expected: ["market.assets[0].volatility: nan is not a finite number"]),
        Case(name: "NaN quantity", changes: ["quantity": ".nan"], expected: ["account.positions[1].quantity: nan is not a finite number"]),
        Case(name: "infinite quantity", changes: ["quantity": ".inf"], expected: ["account.positions[1].quantity: inf is not a finite number"]),
        Case(name: "infinite amount", changes: ["amount": "-.inf"], expected: ["account.collateral[0].amount: -inf is not a finite number"]),
        Case(name: "haircut of 1", changes: ["haircut": "1"], expected: ["account.collateral[0].haircut: 1.0 is outside [0, 1)"]),
        Case(name: "negative haircut", changes: ["haircut": "-0.1"], expected: ["account.collateral[0].haircut: -0.1 is outside [0, 1)"]),
        Case(name: "correlation above 1", changes: ["correlation": "correlations: [[BTC, ETH, 1.2]]"],
             expected: ["market.correlations[0]: correlation 1.2 is outside [-1, 1]"]),
        Case(name: "asymmetric matrix",
             changes: ["correlation": "correlationMatrix: [[1, 0.5, 0, 0], [0.4, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]"],
             expected: ["market.correlationMatrix[0][1]: 0.5 differs from [1][0] = 0.4; the matrix must be symmetric"]),
        Case(name: "diagonal not 1",
             changes: ["correlation": "correlationMatrix: [[1, 0, 0, 0], [0, 0.9, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]"],
             expected: ["market.correlationMatrix[1][1]: diagonal entry is 0.9"]),
        Case(name: "wrong size", changes: ["correlation": "correlationMatrix: [[1, 0], [0, 1]]"],
             expected: ["market.correlationMatrix: must be 4 x 4", "BTC, ETH, SOL, USDC"]),
        Case(name: "not positive definite",
             changes: ["correlation": "correlations: [[BTC, ETH, 0.9], [BTC, SOL, 0.9], [ETH, SOL, -0.9]]"],
             expected: ["market.correlations: the correlation matrix is not positive definite (smallest eigenvalue -0.8"]),
        Case(name: "not positive definite, as a matrix",
             changes: ["correlation": "correlationMatrix: [[1, 0.9, 0.9, 0], [0.9, 1, -0.9, 0], [0.9, -0.9, 1, 0], [0, 0, 0, 1]]"],
             expected: ["market.correlationMatrix: the correlation matrix is not positive definite (smallest eigenvalue -0.8"]),
        Case(name: "zero paths", changes: ["paths": "0"], expected: ["simulation.paths: 0 must be at least 1"]),
        Case(name: "zero steps", changes: ["steps": "0"], expected: ["simulation.steps: 0 must be at least 1"]),
        Case(name: "unknown distribution", changes: ["distribution": "{type: cauchy}"],
             expected: ["market.distribution.type: \"cauchy\" is not a known distribution; use one of: gaussian, student-t"]),
        Case(name: "degrees of freedom 2", changes: ["distribution": "{type: student-t, degreesOfFreedom: 2}"],
             expected: ["market.distribution.degreesOfFreedom: 2.0 must be > 2"]),
        Case(name: "unknown field", changes: ["distribution": "{type: gaussian, dof: 3}"],
             expected: ["market.distribution.dof: unknown field"]),
        Case(name: "text where a number belongs", changes: ["steps": "many"], expected: ["simulation.steps: the text \"many\" is not a whole number"]),
        Case(name: "unparsable file", changes: ["distribution": "{type: gaussian"], expected: ["line", "column"]),
    ]

    @Test("each bad input: message, exit code 65, nothing simulated", arguments: cases)
    func badInput(_ c: Case) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try scenarioText(c.changes).write(to: file, atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try runCLI([command, file.path, "--quiet"].filter { command == "run" || $0 != "--quiet" })
            #expect(result.status == 65, "\(command): exit \(result.status), stderr: \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command) must not report on bad input: \(result.stdout)")
            for expected in c.expected {
                #expect(result.stderr.contains(expected), "\(command) stderr lacks \(expected): \(result.stderr)")
            }
        }
    }

    @Test("the template itself is valid, so each case above fails for its own reason")
    func templateIsValid() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("good.yaml")
        try scenarioText().write(to: file, atomically: true, encoding: .utf8)
        let result = try runCLI(["validate", file.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("validate lists every problem, not just the first")
    func everyProblem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try scenarioText(["sol": "SOLL", "price": "-1", "haircut": "2", "steps": "0", "distribution": "{type: gaussian, dof: 3}"]).write(to: file, atomically: true, encoding: .utf8)
        let result = try runCLI(["validate", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("5 problems"))
        for field in ["account.positions[2].asset", "market.assets[0].price", "account.collateral[0].haircut", "simulation.steps",
                      "market.distribution.dof"] {
            #expect(result.stderr.contains(field + ":"), "missing \(field): \(result.stderr)")
        }
    }

    @Test("an export directory that cannot be created stops before simulating, with exit 73")
    func exportNotWritable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let result = try runCLI(["run", "--paths", "1000", "--quiet", "--export", blocker.appendingPathComponent("out").path])
        #expect(result.status == 73)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--export: cannot create the directory"))
    }

    @Test("a misspelt asset close to two names suggests both")
    func suggestionTies() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try scenarioText(["sol": "ETC"]).write(to: file, atomically: true, encoding: .utf8)
        let result = try runCLI(["validate", file.path])
        #expect(result.stderr.contains("did you mean BTC or ETH?"), "\(result.stderr)")
    }

    @Test("a missing file exits 66 and an unknown option exits 64")
    func missingFileAndUsage() throws {
        let missing = try runCLI(["run", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no such file"))
        let usage = try runCLI(["run", "--no-such-option"])
        #expect(usage.status == 64)
        let badPaths = try runCLI(["run", "--paths", "0", "--quiet"])
        #expect(badPaths.status == 65)
        #expect(badPaths.stderr.contains("--paths (simulation.paths): 0 must be at least 1"))
    }
}
