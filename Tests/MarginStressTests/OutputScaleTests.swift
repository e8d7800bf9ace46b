import Foundation
import Testing

/// Outputs stay bounded: per-step series keep about 1,000 points (merged steps, stated as `stepsPerPoint`) unless
/// `--every-step`; the thinning is exact and reproducible across workers and shards; a warning precedes an output
/// above 50 MB.
@Suite("output scale: per-step series thinned")
struct OutputScaleTests {
    static let example = packageRoot.appendingPathComponent("examples/leveraged-directional.yaml").path

    static func timeToLiquidation(_ json: String) throws -> [String: Any] {
        try #require(try ShardCLI.object(json)["timeToLiquidation"] as? [String: Any])
    }

    @Test("--steps 100000: 1,001 survival points and histogram bins, stepsPerPoint 100; --every-step keeps all 100,001, and the thinned points are those steps exactly")
    func stepsCapped() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["run", Self.example, "--steps", "100000", "--paths", "256", "--json", "--quiet"]
        let thin = try ShardCLI.ok(args + ["--export", dir.path])
        let t = try Self.timeToLiquidation(thin.stdout)
        let survival = try #require(t["survival"] as? [[String: Any]])
        #expect(survival.count == 1001)
        #expect((t["histogram"] as? [Any])?.count ?? 0 <= 1001)
        #expect(t["stepsPerPoint"] as? Int == 100)
        let csv = try String(contentsOf: dir.appendingPathComponent("survival.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1002)
        let histogramCSV = try String(contentsOf: dir.appendingPathComponent("time_to_liquidation_histogram.csv"), encoding: .utf8)
        #expect(histogramCSV.split(separator: "\n").count <= 1002)

        let full = try ShardCLI.ok(args + ["--every-step"])
        let f = try Self.timeToLiquidation(full.stdout)
        let every = try #require(f["survival"] as? [[String: Any]])
        #expect(every.count == 100_001)
        #expect(f["stepsPerPoint"] == nil)
        #expect(f["meanDays"] as? Double == t["meanDays"] as? Double)
        for (i, point) in survival.enumerated() {
            #expect(NSDictionary(dictionary: point) == NSDictionary(dictionary: every[i * 100]), "point \(i)")
        }
        // Merged bins add up to the per-step counts.
        let bins = try #require(t["histogram"] as? [[String: Any]]), allBins = try #require(f["histogram"] as? [[String: Any]])
        #expect(bins.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == allBins.reduce(0) { $0 + ($1["count"] as? Int ?? 0) })
    }

    @Test("--steps 1000000 (the issue's 249 MB of JSON): under 1 MB on stdout and in summary.json, no size warning")
    func millionSteps() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ShardCLI.ok(["run", Self.example, "--steps", "1000000", "--paths", "64", "--json", "--export", dir.path])
        #expect(r.stdout.utf8.count < 1_000_000)
        let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("summary.json").path)[.size] as? Int
        #expect((size ?? .max) < 1_000_000)
        #expect(try Self.timeToLiquidation(r.stdout)["stepsPerPoint"] as? Int == 1000)
        #expect(!r.stderr.contains("warning: writing"), "\(r.stderr)")
    }

    @Test("thinned output is the same bits for 1 or 2 workers and for two shards merged")
    func reproducible() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["run", Self.example, "--steps", "5000", "--paths", "1024"]
        let one = try ShardCLI.withoutTiming(try ShardCLI.ok(args + ["--workers", "1", "--json", "--quiet"]).stdout)
        let two = try ShardCLI.withoutTiming(try ShardCLI.ok(args + ["--workers", "2", "--json", "--quiet"]).stdout)
        #expect(one == two)
        var parts: [String] = []
        for i in 0..<2 {
            let part = dir.appendingPathComponent("part-\(i).json").path
            parts.append(part)
            try ShardCLI.ok(args + ["--shard", "\(i)/2", "--partial", part, "--json", "--quiet"])
        }
        let merged = try ShardCLI.withoutTiming(try ShardCLI.ok(["merge"] + parts + ["--json", "--quiet"]).stdout)
        #expect(merged == one)
        #expect((one["timeToLiquidation"] as? [String: Any])?["stepsPerPoint"] as? Int == 5)
    }

    @Test("compare and exchange thin their per-step series too")
    func compareAndExchange() throws {
        let compare = try ShardCLI.ok(["compare", packageRoot.appendingPathComponent("examples/cross-vs-isolated.yaml").path,
                                       "--steps", "20000", "--paths", "256", "--json", "--quiet"])
        let c = try ShardCLI.object(compare.stdout)
        for mode in ["cross", "isolated"] {
            let t = try #require((c[mode] as? [String: Any])?["timeToLiquidation"] as? [String: Any])
            #expect((t["survival"] as? [Any])?.count == 1001, "\(mode)")
            #expect(t["stepsPerPoint"] as? Int == 20, "\(mode)")
        }
        let exchange = try ShardCLI.ok(["exchange", Self.example, "--steps", "20000", "--paths", "256", "--json", "--quiet"])
        let e = try ShardCLI.object(exchange.stdout)
        #expect((e["liquidationsByStep"] as? [Any])?.count == 1001)
        #expect((e["fundExhaustedByStep"] as? [Any])?.count == 1001)
        #expect(e["stepsPerPoint"] as? Int == 20)
        let full = try ShardCLI.object(try ShardCLI.ok(["exchange", Self.example, "--steps", "20000", "--paths", "256",
                                                        "--json", "--quiet", "--every-step"]).stdout)
        #expect((full["liquidationsByStep"] as? [Int])?.reduce(0, +) == (e["liquidationsByStep"] as? [Int])?.reduce(0, +))
        #expect((full["liquidationsByStep"] as? [Any])?.count == 20_001)
    }

    @Test("an output above the warning size is announced on stderr before it is written (threshold lowered for the test)")
    func sizeWarning() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ShardCLI.ok(["run", Self.example, "--paths", "256", "--json", "--export", dir.path,
                                 "--report", dir.appendingPathComponent("r.html").path],
                                environment: ["MARGINSTRESS_OUTPUT_WARNING_BYTES": "1000"])
        #expect(r.stderr.contains("MB to standard output"), "\(r.stderr)")
        #expect(r.stderr.contains("MB to --export \(dir.path)"))
        #expect(r.stderr.contains("MB to --report"))
        let quiet = try ShardCLI.ok(["run", Self.example, "--paths", "256", "--json"])
        #expect(!quiet.stderr.contains("warning: writing"))
    }
}
