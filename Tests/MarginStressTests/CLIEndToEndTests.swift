import Foundation
import Testing

@Suite("CLI: end to end")
struct CLIEndToEndTests {
    @Test("run with no arguments runs the default scenario and prints the table")
    func defaultScenario() throws {
        let result = try runCLI(["run", "--paths", "20000", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("BTC/ETH/SOL cross-margin account on USDC"))
        #expect(result.stdout.contains("Liquidation within 7 days"))
        #expect(result.stdout.contains("99.9%"))
    }

    @Test("--json prints the summary with the documented keys")
    func json() throws {
        let result = try runCLI(["run", "--paths", "10000", "--steps", "24", "--json", "--quiet"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["paths"] as? Int == 10000)
        #expect(object["steps"] as? Int == 24)
        #expect(object["horizonDays"] as? Double == 7)
        #expect(object["seed"] as? Int == 42)
        let liquidation = object["liquidation"] as! [String: Any]
        for key in ["probability", "standardError", "interval95", "count"] { #expect(liquidation[key] != nil, "\(key)") }
        let pnl = object["terminalPnL"] as! [String: Any]
        for key in ["mean", "standardDeviation", "valueAtRisk", "expectedShortfall"] { #expect(pnl[key] != nil, "\(key)") }
        let var_ = pnl["valueAtRisk"] as! [String: Double]
        #expect(Set(var_.keys) == ["0.95", "0.99", "0.999"])
        #expect(var_["0.95"]! <= var_["0.99"]! && var_["0.99"]! <= var_["0.999"]!)
    }

    @Test("--export writes summary.json and CSVs with header lower,upper,count that sum to the paths")
    func export() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try runCLI(["run", "--paths", "5000", "--export", dir.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["terminal_pnl_histogram.csv", "minimum_equity_histogram.csv"] {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.first == "lower,upper,count")
            let total = lines.dropFirst().reduce(0) { $0 + Int($1.split(separator: ",")[2])! }
            #expect(total == 5000, "\(name) counts sum to \(total)")
            for line in lines.dropFirst() {
                let f = line.split(separator: ",").map { Double($0)! }
                #expect(f[0] <= f[1])
            }
        }
        let ttl = try String(contentsOf: dir.appendingPathComponent("time_to_liquidation_histogram.csv"), encoding: .utf8)
        #expect(ttl.hasPrefix("lower,upper,count\n"))
        let survival = try String(contentsOf: dir.appendingPathComponent("survival.csv"), encoding: .utf8)
        #expect(survival.hasPrefix("days,probability,lower95,upper95\n"))
        let summary = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        #expect((try JSONSerialization.jsonObject(with: summary) as? [String: Any])?["schemaVersion"] as? Int == 1)
    }

    @Test("every example file validates and runs")
    func examples() throws {
        let dir = packageRoot.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 3)
        for name in files {
            let path = dir.appendingPathComponent(name).path
            let validate = try runCLI(["validate", path])
            #expect(validate.status == 0, "\(name): \(validate.stderr)")
            let run = try runCLI(["run", path, "--paths", "4000", "--json", "--quiet"])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(object?["liquidation"] != nil, "\(name)")
        }
    }

    @Test("default-scenario prints a file that validates and gives the same result as the built-in run")
    func defaultScenarioRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printed = try runCLI(["default-scenario"])
        let file = dir.appendingPathComponent("default.yaml")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        func strip(_ json: String) throws -> NSDictionary {
            var o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            o["timing"] = nil
            return o as NSDictionary
        }
        let a = try runCLI(["run", file.path, "--paths", "3000", "--json", "--quiet"])
        let b = try runCLI(["run", "--paths", "3000", "--json", "--quiet"])
        #expect(try strip(a.stdout) == strip(b.stdout))
    }

    @Test("--help lists the subcommands")
    func help() throws {
        let result = try runCLI(["--help"])
        #expect(result.status == 0)
        for word in ["run", "validate", "default-scenario"] { #expect(result.stdout.contains(word)) }
    }
}
