import Foundation
import Testing

/// The issue's scale and progress findings, through the CLI: a 5,000-asset market whose assets are unused
/// validates and runs quickly; a 4-billion-path run in a pipe says how far it is within seconds.
@Suite("scale of input, progress of long runs")
struct ScaleWhyTests {
    /// The template scenario with `extra` unused assets added to its market.
    static func manyAssets(_ extra: Int) -> String {
        let assets = (0..<extra).map { "    - {symbol: X\($0), price: \(1 + $0 % 997), volatility: \(Double($0 % 150) / 100)}" }
        return scenarioText().replacingOccurrences(of: "  assets:\n", with: "  assets:\n" + assets.joined(separator: "\n") + "\n")
    }

    @Test("5,000 unused assets: validate under 10 s and run --paths 256 under 20 s of wall time on a loaded 2-core machine (13 s and 67 s before)")
    func unusedAssets() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wide.yaml")
        try Self.manyAssets(5000).write(to: file, atomically: true, encoding: .utf8)
        let start = Date()
        let v = try runCLI(["validate", file.path])
        let validateSeconds = Date().timeIntervalSince(start)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(validateSeconds < 10, "validate took \(validateSeconds) s")
        let runStart = Date()
        let r = try runCLI(["run", file.path, "--paths", "256", "--json", "--quiet"])
        let runSeconds = Date().timeIntervalSince(runStart)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(runSeconds < 20, "run took \(runSeconds) s")
    }

    @Test("a 4-billion-path run with stderr not a terminal prints progress lines (paths done of 4,000,000,000, rate, ETA) and stops cleanly on SIGINT")
    func fourBillionPaths() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try SignalledRun(["run", "--paths", "4000000000", "--json"], in: dir,
                                     environment: ["MARGINSTRESS_PROGRESS_INTERVAL": "0.2"])
        let deadline = Date().addingTimeInterval(30)
        var seen = false
        while Date() < deadline && child.process.isRunning {
            if let err = try? String(contentsOf: child.stderrURL, encoding: .utf8), err.contains("of 4,000,000,000 paths") {
                seen = true
                break
            }
            usleep(50_000)
        }
        #expect(seen, "no progress line within 30 s")
        if child.process.isRunning { child.process.interrupt() }
        let r = child.finish()
        #expect(r.status == 130, "\(r.stderr.suffix(500))")
        let line = r.stderr.split(separator: "\n").first { $0.hasPrefix("progress:") }
        #expect(line.map { $0.contains("paths/s") && $0.contains("ETA") } == true, "\(line ?? "")")
    }
}
