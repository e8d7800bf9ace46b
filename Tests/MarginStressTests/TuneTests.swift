import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MarginStress

@Suite("Tune: leverage frontier and maintenance rate")
struct TuneTests {
    /// The default scenario with fewer paths and steps, so that fresh runs at many scales stay quick.
    func book(paths: Int = 40_000, steps: Int = 48) throws -> Scenario {
        try ScenarioValidator.validate(ScenarioOverrides(paths: paths, steps: steps).applied(to: DefaultScenario.file),
                                       source: "default")
    }

    func scaled(_ s: Scenario, by k: Double, asset: Int? = nil) -> Scenario {
        var s = s
        for i in s.positions.indices where asset == nil || s.positions[i].asset == asset {
            s.positions[i].quantity *= k
        }
        return s
    }

    func frontier(_ s: Scenario, grid: [Double], asset: Int? = nil) async throws -> [Int] {
        let tuner = try Tuner(scenario: s, question: .scale, asset: asset, grid: grid)
        return await tuner.run().partial.counts
    }

    @Test("the frontier equals fresh runs of the scaled book, count for count, at k = 1 and elsewhere")
    func equalsFreshRuns() async throws {
        let s = try book()
        let grid = [0.5, 0.8, 1, 1.3, 1.7, 2.5]
        let counts = try await frontier(s, grid: grid)
        for (k, count) in zip(grid, counts) {
            let run = try await simulate(scaled(s, by: k))
            #expect(run.liquidation.count == count, "k = \(k): run \(run.liquidation.count), frontier \(count)")
        }
        #expect(counts[2] > 0 && counts.last! > counts[2])
    }

    @Test("scaling one position equals fresh runs with that position scaled")
    func onePosition() async throws {
        let s = try book()
        let btc = s.assets.firstIndex { $0.symbol == "BTC" }!
        let grid = [0.5, 1, 2, 3]
        let counts = try await frontier(s, grid: grid, asset: btc)
        for (k, count) in zip(grid, counts) {
            let run = try await simulate(scaled(s, by: k, asset: btc))
            #expect(run.liquidation.count == count, "k = \(k): run \(run.liquidation.count), frontier \(count)")
        }
    }

    @Test("the frontier is monotone in k and zero as k goes to 0 for a solvent book")
    func monotone() async throws {
        let s = try book()
        let grid = Tuner.spaced(0.001...30, points: 400, logarithmic: true)
        let counts = try await frontier(s, grid: grid)
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(counts[0] == 0)
        #expect(counts.last! == s.paths)  // beyond the scale where the book starts below maintenance margin
    }

    /// Long q at scale k with cash K: liquidated iff P < B(k) = (e - K / (k q)) / (1 - m).
    @Test("single long position: the frontier against the first-passage closed form within 4 se")
    func singleLong() async throws {
        let price = 50_000.0, vol = 0.8, q = 10.0, m = 0.005, cash = 150_000.0, steps = 60
        let s = try makeScenario(
            assets: [("BTC", price, vol)], positions: [PositionEntry(asset: "BTC", quantity: q, maintenanceMarginRate: m)],
            cash: cash, horizon: "30d", steps: steps, paths: 200_000, seed: 17)
        let grid = [0.6, 0.8, 1.0, 1.25, 1.5, 2.0]
        let counts = try await frontier(s, grid: grid)
        let T = 30.0 / 365
        for (k, count) in zip(grid, counts) {
            let barrier = (price - cash / (k * q)) / (1 - m)
            let expected = barrierProbability(b: log(barrier / price), nu: -vol * vol / 2, sigma: vol, T: T, dt: T / Double(steps))
            let p = Double(count) / 200_000, se = (p * (1 - p) / 200_000).squareRoot()
            #expect(abs(p - expected) < 4 * max(se, 1e-6), "k = \(k): \(p) ± \(se) vs \(expected)")
        }
    }

    @Test("the conservative limit is never above the point estimate, and both fall as the target falls")
    func limitsOrdered() async throws {
        let s = try book()
        let tuner = try Tuner(scenario: s, question: .scale, asset: nil,
                              grid: Tuner.spaced(0.2...20, points: 2001, logarithmic: true))
        let counts = await tuner.run().partial
        var previous: (Double, Double)? = nil
        for target in [0.05, 0.02, 0.01, 0.005, 0.002] {
            let summary = tuner.frontierSummary(counts: counts, target: target, table: [1], position: nil)
            let conservative = try #require(summary.maxScale), point = try #require(summary.pointEstimateMaxScale)
            #expect(conservative <= point)
            if let (c, p) = previous {
                #expect(conservative <= c && point <= p)
            }
            previous = (conservative, point)
        }
        #expect(previous!.0 < 1.0)  // 0.2% is below the book's current 0.5%
    }

    @Test("bad-debt probability at each flat rate equals fresh runs with every rate set to it")
    func badDebtEqualsRuns() async throws {
        let s = try book(paths: 30_000)
        let grid = [0.0, 0.002, 0.004, 0.008]
        let counts = await (try Tuner(scenario: s, question: .maintenanceRate, asset: nil, grid: grid)).run().partial.counts
        for (rate, count) in zip(grid, counts) {
            var r = s
            for i in r.positions.indices { r.positions[i].maintenanceMarginRate = rate }
            let run = try await simulate(r)
            #expect(run.minimumEquity.belowZero.count == count, "rate \(rate): run \(run.minimumEquity.belowZero.count), tune \(count)")
        }
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(counts[0] > counts[3])
    }
}

@Suite("CLI: tune")
struct TuneCLITests {
    @Test("tune --json has the documented keys and its current point is run's count")
    func json() throws {
        let tune = try runCLI(["tune", "--target", "0.01", "--paths", "20000", "--steps", "48", "--json", "--quiet"])
        #expect(tune.status == 0, "\(tune.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(tune.stdout.utf8)) as! [String: Any]
        for key in ["target", "maxScale", "maxLeverage", "frontier", "current"] { #expect(object[key] != nil, "\(key)") }
        let row = (object["frontier"] as! [[String: Any]])[0]
        for key in ["scale", "leverage", "probability", "interval95"] { #expect(row[key] != nil, "\(key)") }
        let run = try runCLI(["run", "--paths", "20000", "--steps", "48", "--json", "--quiet"])
        let liq = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any])["liquidation"] as! [String: Any]
        #expect((object["current"] as! [String: Any])["count"] as? Int == liq["count"] as? Int)
    }

    @Test("bad input: target outside (0, 1), empty range, unknown position asset")
    func badInput() throws {
        let cases: [([String], Int32, String)] = [
            (["--target", "1.5"], 64, "--target 1.5: must be a probability strictly between 0 and 1"),
            (["--target", "0"], 64, "--target 0.0: must be a probability strictly between 0 and 1"),
            (["--target", "0.01", "--range", "5:2"], 64, "--range 5:2: write A:B with 0 <= A < B"),
            (["--target", "0.01", "--range", "2:2"], 64, "--range 2:2"),
            (["--target", "0.01", "--position", "DOGE"], 64, "--position DOGE: the account holds no position on that asset (positions on: BTC, ETH, SOL)"),
            ([], 64, "give --target P"),
        ]
        for (arguments, status, message) in cases {
            let result = try runCLI(["tune", "--paths", "1000", "--quiet"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("tune --export writes tune.json and frontier.csv")
    func export() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try runCLI(["tune", "--target", "0.01", "--paths", "5000", "--points", "7", "--export", dir.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("frontier.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "scale,leverage,probability,lower95,upper95,count")
        #expect(lines.count == 8)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("tune.json").path))
        // The frontier picture: valid XML with the band, the target line and the limit marker.
        let svg = try String(contentsOf: dir.appendingPathComponent("frontier.svg"), encoding: .utf8)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "frontier.svg is not well-formed XML")
        #expect(svg.contains("Leverage frontier") && svg.contains("limit ") && svg.contains("target"))
    }
}

@Suite("Tune: tiered books by re-simulation")
struct TuneResimulationTests {
    @Test("a tiered book: counts at each scale are fresh runs, monotone, and the limits bracket the target")
    func tiered() async throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("examples/tiered-margin.yaml"), encoding: .utf8)
        let file = ScenarioOverrides(paths: 20_000, steps: 48).applied(to: try ScenarioLoader.decode(text, format: .yaml, source: "tiered"))
        let s = try ScenarioValidator.validate(file, source: "tiered")
        #expect(Tuner.needsResimulation(s))
        let table = [0.5, 1, 2]
        let counts = try await Tuner.resimulatedCounts(scenario: s, asset: nil, table: table, target: 0.05)
        let all = counts.counts
        #expect(zip(all, all.dropFirst()).allSatisfy { $0 <= $1 })
        for k in table {
            var scaled = s
            for i in scaled.positions.indices { scaled.positions[i].quantity *= k }
            let run = try await simulate(scaled)
            #expect(all[counts.firstIndex(atOrAbove: k)] == run.liquidation.count, "k = \(k)")
        }
        var tuner = try Tuner(scenario: s, question: .scale, asset: nil, grid: counts.grid)
        tuner.methodNote = "re-simulation"
        let summary = tuner.frontierSummary(counts: counts, target: 0.05, table: table, position: nil)
        let limit = try #require(summary.maxScale)
        #expect(limit > 0.5 && limit < 2)
        #expect(summary.gridRelativeSpacing < 0.01)  // ten bisection steps between table scales
        #expect(summary.method == "re-simulation")
    }
}
