import Foundation
import Testing
@testable import MarginStress

/// `exchange --shard I/N --partial FILE` and `merge`: through the command line, the merged shards print exactly the
/// JSON of one process (every per-account figure, histogram, sketch quantile and contributor table), which is the
/// same for 1, 2 and 7 workers; a book changed after the shards ran is refused.
@Suite("Exchange shards")
struct ExchangeShardTests {
    /// A random book of 80 accounts with impact, a small fund, fees and auto-deleveraging (every accumulator used).
    static func arguments(_ dir: URL) throws -> [String] {
        _ = try ExchangeADLTests.randomBook(dir, seed: 5, count: 80)
        let scenario = dir.appendingPathComponent("book.yaml").path
        try ExchangeTests.scenarioYAML.write(toFile: scenario, atomically: true, encoding: .utf8)
        return ["exchange", scenario,
                "--accounts", dir.appendingPathComponent("accounts.csv").path,
                "--positions", dir.appendingPathComponent("positions.csv").path,
                "--collateral", dir.appendingPathComponent("collateral.csv").path,
                "--paths", "2048", "--depth", "BTC=2e7", "--depth", "ETH=5e6", "--depth", "SOL=1e6",
                "--insurance-fund", "10000", "--liquidation-fee-rate", "0.005", "--auto-deleverage", "--quiet"]
    }

    @Test("merged shards (3 of them, 2 workers each) print the JSON of one process, which 1, 2 and 7 workers share")
    func mergedEqualsOneProcess() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try Self.arguments(dir)
        var outputs: [String] = []
        for w in [1, 2, 7] {
            let r = try runCLI(base + ["--json", "--workers", String(w)])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(r.stdout)
        }
        #expect(outputs[0] == outputs[1] && outputs[0] == outputs[2])
        let whole = try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [String: Any]
        let adl = whole?["autoDeleveraging"] as? [String: Any]
        #expect((adl?["meanPositionsClosed"] as? Double ?? 0) > 0, "\(adl ?? [:])")
        var files: [String] = []
        for i in 0..<3 {
            let file = dir.appendingPathComponent("shard\(i).json").path
            let r = try runCLI(base + ["--json", "--workers", "2", "--shard", "\(i)/3", "--partial", file])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("SHARD \(i)/3"))
            files.append(file)
        }
        let merged = try runCLI(["merge", files[2], files[0], files[1], "--json", "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == outputs[0])
        // The export of the merge: the same exchange.json.
        let out = dir.appendingPathComponent("out").path
        let exported = try runCLI(["merge"] + files + ["--export", out, "--quiet"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let json = try String(contentsOfFile: out + "/exchange.json", encoding: .utf8)
        #expect(json == outputs[0])
        // A missing shard, and a book changed since the shards ran, are refused with the fix.
        let missing = try runCLI(["merge", files[0], files[2], "--json", "--quiet"])
        #expect(missing.status == 65 && missing.stderr.contains("shard 1/3"), "\(missing.stderr)")
        let positions = dir.appendingPathComponent("positions.csv")
        try (try String(contentsOf: positions, encoding: .utf8) + "r0,SOL,1,150\n").write(to: positions, atomically: true, encoding: .utf8)
        let changed = try runCLI(["merge"] + files + ["--json", "--quiet"])
        #expect(changed.status == 65 && changed.stderr.contains("changed since the shards ran"), "\(changed.stderr)")
        #expect(changed.stdout.isEmpty)
    }
}
