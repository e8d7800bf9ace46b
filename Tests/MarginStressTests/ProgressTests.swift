import Foundation
import Testing

/// `--progress auto|bar|lines|none` on every command that simulates: with standard error a pipe (as here), `auto`
/// gives plain lines (paths done, rate, ETA); `none` and `--quiet` give none; standard output is unaffected.
@Suite("progress on standard error")
struct ProgressTests {
    /// The environment with plain lines every 0.05 s instead of every 5 s, so that a run of a fraction of a second shows some.
    static let fastLines = ProcessInfo.processInfo.environment.merging(["MARGINSTRESS_PROGRESS_INTERVAL": "0.05"]) { $1 }
    static func example(_ name: String) -> String { packageRoot.appendingPathComponent("examples/\(name)").path }
    static var linePattern: Regex<(Substring, Substring)> { #/progress: [0-9,]+ of [0-9,]+ paths \([0-9.]+%\), [0-9,]+ paths/s, [0-9.]+ s elapsed, ETA ([0-9]+s|\?)/# }

    static func progressLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("progress:") }
    }

    /// The JSON on standard output without its timing fields (which differ between two runs).
    static func untimed(_ json: String) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["timing"] = nil
        object["seconds"] = nil
        return object as NSDictionary
    }

    @Test("run with standard error piped: progress lines by default, none with --progress none or --quiet; same JSON")
    func runPiped() throws {
        let args = ["run", Self.example("hedged-btc-eth.yaml"), "--paths", "300000", "--json"]
        let auto = try runCLI(args, fullEnvironment: Self.fastLines)
        #expect(auto.status == 0, "\(auto.stderr)")
        let lines = Self.progressLines(auto.stderr)
        #expect(!lines.isEmpty, "no progress line in: \(auto.stderr)")
        for line in lines { #expect(line.wholeMatch(of: Self.linePattern) != nil, "\(line)") }
        #expect(!auto.stderr.contains("\r"), "a bar was drawn on a pipe")
        #expect(!auto.stdout.contains("progress"))
        for quiet in [["--progress", "none"], ["--quiet"]] {
            let silent = try runCLI(args + quiet, fullEnvironment: Self.fastLines)
            #expect(silent.status == 0)
            #expect(Self.progressLines(silent.stderr).isEmpty, "\(quiet): \(silent.stderr)")
            #expect(try Self.untimed(silent.stdout) == Self.untimed(auto.stdout), "\(quiet): the JSON differs")
        }
        // --quiet with an explicit --progress keeps the progress.
        let both = try runCLI(args + ["--quiet", "--progress", "lines"], fullEnvironment: Self.fastLines)
        #expect(!Self.progressLines(both.stderr).isEmpty)
    }

    @Test("run --attribution: the second pass over the same paths prints progress lines too (the count starts again)")
    func attributionPass() throws {
        let args = ["run", Self.example("hedged-btc-eth.yaml"), "--paths", "300000", "--json", "--attribution"]
        let shown = try runCLI(args, fullEnvironment: Self.fastLines)
        #expect(shown.status == 0, "\(shown.stderr)")
        let done = Self.progressLines(shown.stderr).compactMap { line in
            line.wholeMatch(of: Self.linePattern).flatMap { _ in
                Int(line.dropFirst("progress: ".count).prefix(while: { $0 != " " }).filter(\.isNumber))
            }
        }
        #expect(zip(done, done.dropFirst()).contains { $1 < $0 }, "one pass of progress only: \(shown.stderr)")
        let silent = try runCLI(args + ["--progress", "none"], fullEnvironment: Self.fastLines)
        #expect(Self.progressLines(silent.stderr).isEmpty, "\(silent.stderr)")
    }

    @Test("tune, compare, exchange and backtest print progress lines on a pipe, none with --progress none",
          arguments: [
            ["tune", "hedged-btc-eth.yaml", "--target", "0.01", "--paths", "300000"],
            ["compare", "cross-vs-isolated.yaml", "--paths", "150000"],
            ["exchange", "hedged-btc-eth.yaml", "--paths", "150000"],
            // Long enough (2 models x 64 dates x 20,000 paths, about half a second) for lines every 0.05 s.
            ["backtest", "sp500-2010-2017.csv", "--book", "backtest/equal-weight.yaml", "--from", "2011-03-01",
             "--to", "2011-05-31", "--paths", "20000"],
          ])
    func otherCommands(_ arguments: [String]) throws {
        let args = arguments.map { $0.hasSuffix(".yaml") || $0.hasSuffix(".csv") ? Self.example($0) : $0 } + ["--json"]
        let shown = try runCLI(args, fullEnvironment: Self.fastLines)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(!Self.progressLines(shown.stderr).isEmpty, "\(arguments[0]): no progress line in \(shown.stderr)")
        #expect(shown.stdout.hasPrefix("{"), "\(arguments[0]): stdout is not the JSON")
        let none = try runCLI(args + ["--progress", "none"], fullEnvironment: Self.fastLines)
        #expect(none.status == 0)
        #expect(Self.progressLines(none.stderr).isEmpty, "\(arguments[0]): \(none.stderr)")
    }

    @Test("--progress takes only auto, bar, lines or none, and says so")
    func badMode() throws {
        let r = try runCLI(["run", "--progress", "sometimes"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("'auto', 'bar', 'lines' or 'none'"), "\(r.stderr)")
    }
}
