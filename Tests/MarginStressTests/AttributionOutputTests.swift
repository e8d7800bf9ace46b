import Foundation
import Testing
@testable import MarginStress

/// `run --attribution`: the attribution reaches every output, with the JSON's numbers: the table, the HTML report
/// (its own section and the reproduce command) and the CSV files of `--export`.
@Suite("attribution in the HTML report and CSV files")
struct AttributionOutputTests {
    /// A CSV number and the JSON's agree to the CSV's printing (shortest round-trip digits may differ in the last place).
    func same(_ csv: String, _ json: Any?) -> Bool {
        guard let a = Double(csv), let b = json as? Double else { return false }
        return abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)
    }

    @Test("run --attribution --json --export --report: CSV rows and HTML table cells match the JSON")
    func everyOutput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("r.html")
        let r = try ShardCLI.ok(["run", ShardCLI.example("hedged-btc-eth.yaml"), "--paths", "20000", "--attribution", "--json",
                                 "--quiet", "--export", dir.path, "--report", page.path])
        let a = try #require(try ShardCLI.object(r.stdout)["attribution"] as? [String: Any])
        let liquidated = try #require(a["liquidated"] as? [String: Any])
        let positions = try #require(liquidated["positions"] as? [[String: Any]])
        let es = try #require(a["componentExpectedShortfall"] as? [String: Any])
        let contributions = try #require(es["positions"] as? [[String: Any]])
        #expect(positions.count == 2 && contributions.count == 2)

        let csv = try String(contentsOf: dir.appendingPathComponent("attribution_liquidated.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(csv[0] == ["asset", "meanLoss", "share", "driverFrequency"])
        #expect(csv.count == positions.count + 1)
        for (row, p) in zip(csv.dropFirst(), positions) {
            #expect(row[0] == p["asset"] as? String)
            #expect(same(row[1], p["meanLoss"]), "\(row[1]) \(p["meanLoss"] ?? "")")
            #expect(same(row[2], p["share"]), "\(row[2]) \(p["share"] ?? "")")
            #expect(same(row[3], p["driverFrequency"]), "\(row[3]) \(p["driverFrequency"] ?? "")")
        }
        let esCSV = try String(contentsOf: dir.appendingPathComponent("attribution_es.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(esCSV.first == ["asset", "contribution"])
        #expect(esCSV.count == contributions.count + 3)
        for (row, c) in zip(esCSV.dropFirst(), contributions) {
            #expect(row[0] == c["asset"] as? String)
            #expect(same(row[1], c["contribution"]), "\(row[1]) \(c["contribution"] ?? "")")
        }
        #expect(same(esCSV.last?[1] ?? "", es["total"]))
        // The parts add up to the total (collateral moves and costs in "other").
        let sum = esCSV.dropFirst().dropLast().compactMap { Double($0[1]) }.reduce(0, +)
        #expect(abs(sum - (es["total"] as? Double ?? .nan)) <= 1e-6 * abs(sum))

        let html = try String(contentsOf: page, encoding: .utf8)
        expectSelfContained(html, charts: 4, "attribution report")
        #expect(html.contains("<h2>Attribution by position</h2>"))
        for c in contributions {
            let value = Honest.format(c["contribution"] as? Double ?? .nan, decimals: 0)
            #expect(html.contains("<tr><td>\(c["asset"] as? String ?? "")</td><td>\(value)</td></tr>"), "\(value)")
        }
        let total = Honest.format(es["total"] as? Double ?? .nan, decimals: 0)
        #expect(html.contains("<strong>\(total)</strong>"))
        #expect(html.contains("--attribution"), "the reproduce command leaves out --attribution")

        // Without --attribution: neither the section nor the files.
        let plain = dir.appendingPathComponent("plain")
        try ShardCLI.ok(["run", ShardCLI.example("hedged-btc-eth.yaml"), "--paths", "2000", "--quiet", "--export", plain.path,
                         "--report", plain.appendingPathComponent("r.html").path])
        #expect(!FileManager.default.fileExists(atPath: plain.appendingPathComponent("attribution_es.csv").path))
        #expect(!(try String(contentsOf: plain.appendingPathComponent("r.html"), encoding: .utf8)).contains("Attribution by position"))
    }
}
