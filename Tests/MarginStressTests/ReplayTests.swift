import Foundation
import Testing
@testable import MarginStress

/// `market.stress.replay`: the file's days replayed in order at the start of the horizon.
@Suite("stress replay")
struct ReplayTests {
    /// Log-returns of X and Y (300 days, `HistoricalShockTests.returns`) with two crash days put in: day 40
    /// X -25%, Y +10%; day 120 X -4%, Y +3%.
    static let x: [Double] = {
        var r = HistoricalShockTests.returns(300, seed: 31)
        r[40] = log(0.75)
        r[120] = log(0.96)
        return r
    }()
    static let y: [Double] = {
        var r = HistoricalShockTests.returns(300, seed: 32)
        r[40] = log(1.10)
        r[120] = log(1.03)
        return r
    }()

    /// Long 1 X at 100, short 2 Y at 50 (the `HistoricalShockTests` book) with `cash`, `distribution` and a replay.
    static func scenario(replay: String, distribution: String = "{type: gaussian}", volatility: Double = 0.3,
                         steps: Int = 10, days: Int = 10, cash: Double = 40, paths: Int = 2_048, workers: Int = 0) throws -> Scenario {
        try PairBook.scenario(
            name: "replay", csv: HistoricalShockTests.csv(x, y), cash: cash, volatilityX: volatility, volatilityY: volatility,
            market: ["distribution: \(distribution)", "stress: {replay: \(replay)}"],
            simulation: "{horizon: \(days)d, steps: \(steps), paths: \(paths), seed: 3, workers: \(workers), daysPerYear: 365}")
    }

    static let dates: [String] = {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        let first = format.date(from: "2020-01-01")!
        return (1...300).map { format.string(from: first + Double($0) * 86_400) }  // return t ends on day t + 1
    }()

    @Test("worst N: the N lowest one-day PnLs of the book, by an independent computation, in date order")
    func worst() throws {
        let s = try Self.scenario(replay: "{file: prices.csv, worst: 6}")
        let replay = try #require(s.stress?.replay)
        // The book: +1 X at 100, -2 Y at 50, cash: PnL_t = 100 (e^x - 1) - 100 (e^y - 1).
        let pnl = (0..<300).map { 100 * (exp(Self.x[$0]) - 1) - 100 * (exp(Self.y[$0]) - 1) }
        let expected = Array(pnl.indices.sorted { pnl[$0] < pnl[$1] }.prefix(6)).sorted()
        #expect(replay.replayedDates == expected.map { Self.dates[$0] })
        #expect(expected.contains(40))  // the crash day put in
        #expect(replay.returns[0] == expected.map { Self.x[$0] } || zip(replay.returns[0], expected.map { Self.x[$0] }).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(replay.returns[2].isEmpty)
    }

    @Test("with a zero-volatility continuation the prices are the file's price ratios, in the order given")
    func exactRatios() throws {
        let days = [120, 40, 7]
        let list = days.map { Self.dates[$0] }.joined(separator: ", ")
        let s = try Self.scenario(replay: "{file: prices.csv, dates: [\(list)]}", volatility: 1e-12, steps: 5, days: 5)
        let paths = try HistoricalShockTests.logPaths(s, blocks: 1)
        var lx = 0.0, ly = 0.0
        for (t, day) in days.enumerated() {
            lx += Self.x[day]
            ly += Self.y[day]
            #expect(paths.x.allSatisfy { abs($0[t] - lx) < 1e-12 } && paths.y.allSatisfy { abs($0[t] - ly) < 1e-12 }, "step \(t + 1)")
        }
        #expect(paths.x.allSatisfy { abs($0[4] - lx) < 1e-9 }, "the continuation does not move")
    }

    @Test("a replay that crosses the barrier liquidates every path at that step")
    func barrier() async throws {
        // Cash 15: day 120 (X -4%, Y +3%) loses 7 and leaves 8 > margin 0.2; day 40 (X -25%, Y +10%) loses about
        // 34 more: every path is liquidated at step 2.
        let s = try Self.scenario(replay: "{file: prices.csv, dates: [\(Self.dates[120]), \(Self.dates[40])]}", cash: 15, paths: 3_000)
        let run = try await Matrix.run(s)
        #expect(run.outcomes.liquidationsByStep[2] == 3_000 && run.moments.liquidations == 3_000, "\(run.outcomes.liquidationsByStep.prefix(4))")
    }

    @Test("GARCH continues from the variance its recursion reaches through the replay; runs are reproducible")
    func garchContinuation() async throws {
        let garch = "{type: garch, garch: [{asset: X, omega: 1.0e-5, alpha: 0.08, beta: 0.88, gamma: 0.05, variance: 4.0e-4, mean: 0.0002}, {asset: Y, omega: 2.0e-5, alpha: 0.1, beta: 0.85, variance: 6.0e-4}]}"
        let s = try Self.scenario(replay: "{file: prices.csv, worst: 3}", distribution: garch, paths: 5_001)
        let market = try SimulationRunner(scenario: s).market
        let replay = try #require(s.stress?.replay)
        var hx = 4.0e-4, hy = 6.0e-4
        for t in 0..<3 {
            let ex = replay.returns[0][t] - 0.0002, ey = replay.returns[1][t]
            hx = 1.0e-5 + (0.08 + (ex < 0 ? 0.05 : 0)) * ex * ex + 0.88 * hx
            hy = 2.0e-5 + 0.1 * ey * ey + 0.85 * hy
        }
        let start = try #require(market.garch?.startVariance)
        #expect(abs(start[0] - hx) <= 1e-15 * hx && abs(start[1] - hy) <= 1e-15 * hy, "\(start) vs \(hx), \(hy)")
        #expect(hx > 2 * 4.0e-4, "the crash days raise the variance")
        let lines = try #require(ModelParameters(scenario: s)).lines
        #expect(lines.contains { $0.hasPrefix("  stress:") && $0.contains("replay of 3 days (\(replay.replayedDates.joined(separator: ", ")))") }, "\(lines)")
        var jsons: [String] = []
        for workers in [1, 2, 7] {
            let w = try Self.scenario(replay: "{file: prices.csv, worst: 3}", distribution: garch, paths: 5_001, workers: workers)
            jsons.append(try Exporter.json(try await simulate(w)))
        }
        #expect(jsons[0] == jsons[1] && jsons[0] == jsons[2])
        #expect(try await Matrix.shardedRun(s, shards: 3) == Matrix.json(s, try await Matrix.run(s)))
    }

    @Test("validation: worst or dates, a date the file lacks, too many days, with the bridge")
    func validation() throws {
        func problem(_ replay: String, steps: Int = 10, days: Int = 10, distribution: String = "{type: gaussian}") -> String {
            do { _ = try Self.scenario(replay: replay, distribution: distribution, steps: steps, days: days); return "" } catch { return "\(error)" }
        }
        #expect(problem("{file: prices.csv}").contains("market.stress.replay: give worst"))
        #expect(problem("{file: prices.csv, worst: 2, dates: [2020-01-05]}").contains("not both"))
        #expect(problem("{file: prices.csv, worst: 0}").contains("market.stress.replay.worst"))
        #expect(problem("{file: prices.csv, dates: [2020-01-01]}").contains("market.stress.replay.dates[0]: 2020-01-01 has no return"))
        #expect(problem("{file: prices.csv, dates: [01/05/2020]}").contains("market.stress.replay.dates[0]"))
        #expect(problem("{file: nothere.csv, worst: 2}").contains("nothere.csv: no such file"))
        #expect(problem("{file: prices.csv, worst: 400}", steps: 400, days: 400).contains("holds 300 returns"))
        #expect(problem("{file: prices.csv, worst: 11}").contains("11 periods"))
        let hist = "{type: historical, history: {file: prices.csv}}"
        #expect(problem("{file: prices.csv, worst: 2}", steps: 20, distribution: hist).contains("finer than the data's period"))
        #expect(problem("{file: prices.csv, worst: 2}", distribution: hist).isEmpty)
    }
}
