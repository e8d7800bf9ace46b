import Foundation
import Testing
@testable import MarginStress

/// Same seed, same bits: for any worker count, and for any split into shards merged afterwards (in any order,
/// through the partial result files' JSON).
@Suite("Shards, merge and workers")
struct ShardMergeTests {
    /// `run` with `workers` workers, as JSON without timing.
    func whole(_ s: Scenario, workers: Int) async throws -> String {
        var s = s
        s.workers = workers
        let runner = try SimulationRunner(scenario: s)
        return try RunSummary(scenario: s, runner: runner, result: await runner.run(), totalSeconds: 0).jsonWithoutTiming()
    }

    /// A partial result through its file encoding and back.
    func roundTrip<R: MergeablePartial>(_ file: PartialResultFile<R>) throws -> PartialResultFile<R> {
        try PartialResults.decoder().decode(PartialResultFile<R>.self, from: try file.encoded())
    }

    func header(_ command: String, _ s: Scenario, _ blocks: Range<Int>, total: Int) -> PartialResultHeader {
        PartialResultHeader(command: command, arguments: [], scenario: s, blocks: blocks, plannedEnd: blocks.upperBound,
                            totalBlocks: total, interruptedBy: nil, simulationSeconds: 0, workers: 1)
    }

    /// `run` split into `shards` shards (two workers each), merged in reverse order.
    func sharded(_ s: Scenario, shards: Int) async throws -> String {
        let runner = try SimulationRunner(scenario: s)
        var files: [(path: String, file: PartialResultFile<RunPartial>)] = []
        for i in 0..<shards {
            let blocks = runner.driver.blocks(ofShard: i, of: shards)
            let r = await runner.run(blocks: blocks)
            let file = PartialResultFile(header: header("run", s, r.blocks, total: runner.driver.totalBlocks), scenario: s,
                                         result: r.partial)
            files.append(("shard-\(i)", try roundTrip(file)))
        }
        let merged = try PartialResults.merge(files.reversed())
        let result = SimulationResult(partial: merged.result, blocks: merged.header.blocks, totalBlocks: merged.header.totalBlocks,
                                      pathsRequested: s.paths, stoppedAtPrecision: false, interruptedBy: nil,
                                      simulationSeconds: 0, workers: 1)
        return try RunSummary(scenario: merged.scenario, runner: try SimulationRunner(scenario: merged.scenario), result: result,
                              totalSeconds: 0).jsonWithoutTiming()
    }

    func checkRun(_ s: Scenario) async throws {
        let reference = try await whole(s, workers: 1)
        for workers in [2, 7] { #expect(try await whole(s, workers: workers) == reference, "workers \(workers)") }
        for shards in [1, 3, 4] { #expect(try await sharded(s, shards: shards) == reference, "shards \(shards)") }
        #expect(reference.contains("\"liquidation\""))
    }

    @Test("default scenario: workers 1, 2, 7 and shards 1, 3, 4 give the same JSON")
    func defaultScenario() async throws {
        try await checkRun(try EngineScenarios.defaultScenario(ScenarioOverrides(paths: 30_001, steps: 48)))
    }

    @Test("every cross feature at once (tiers, volatile collateral, funding, costs, partial liquidation, Student-t)")
    func everyFeature() async throws {
        for partial in [false, true] {
            let s = try EngineScenarios.everyFeature(partial: partial)
            let summary = try JSONDecoder().decode(RunSummary.self, from: Data(try await whole(s, workers: 2).utf8))
            #expect((summary.liquidationOutcome.partiallyLiquidated != nil) == partial)
            #expect(summary.liquidation.count > 0)
            #expect((summary.liquidationOutcome.meanCostWhenLiquidated ?? 0) > 0)
            try await checkRun(s)
        }
    }

    @Test("isolated mode and antithetic sampling")
    func isolatedAndAntithetic() async throws {
        var file = DefaultScenario.file
        file.account?.mode = "isolated"
        try await checkRun(try ScenarioValidator.validate(ScenarioOverrides(paths: 20_000, steps: 48).applied(to: file),
                                                          source: "default"))
        try await checkRun(try EngineScenarios.defaultScenario(ScenarioOverrides(paths: 20_000, steps: 48, antithetic: true)))
    }

    @Test("tune and compare: workers and shards give the same counts")
    func tuneAndCompare() async throws {
        for antithetic in [false, true] {
            var s = try EngineScenarios.defaultScenario(ScenarioOverrides(paths: 20_000, steps: 48, antithetic: antithetic))
            let grid = Tuner.spaced(0.2...20, points: 200, logarithmic: true)
            s.workers = 1
            let reference = await (try Tuner(scenario: s, question: .scale, asset: nil, grid: grid)).run().partial
            let compareReference = await (try CompareRunner(scenario: s)).run().partial
            s.workers = 7
            #expect(await (try Tuner(scenario: s, question: .scale, asset: nil, grid: grid)).run().partial == reference)
            #expect(await (try CompareRunner(scenario: s)).run().partial == compareReference)
            s.workers = 2
            let total = BlockDriver(paths: s.paths, workers: 2).totalBlocks
            for shards in [3, 4] {
                var tunes: [(path: String, file: PartialResultFile<GridCounts>)] = []
                var compares: [(path: String, file: PartialResultFile<CompareRunner.Tally>)] = []
                for i in 0..<shards {
                    let blocks = BlockDriver(paths: s.paths, workers: 2).blocks(ofShard: i, of: shards)
                    let t = await (try Tuner(scenario: s, question: .scale, asset: nil, grid: grid)).run(blocks: blocks)
                    let c = await (try CompareRunner(scenario: s)).run(blocks: blocks)
                    tunes.append(("t\(i)", try roundTrip(PartialResultFile(header: header("tune", s, blocks, total: total),
                                                                          scenario: s, result: t.partial))))
                    compares.append(("c\(i)", try roundTrip(PartialResultFile(header: header("compare", s, blocks, total: total),
                                                                             scenario: s, result: c.partial))))
                }
                #expect(try PartialResults.merge(tunes.reversed()).result == reference)
                #expect(try PartialResults.merge(compares.shuffled()).result == compareReference)
            }
        }
    }

    @Test("merge names the missing and the doubled shard, and refuses other scenarios and interrupted shards")
    func mergeErrors() async throws {
        let s = try EngineScenarios.defaultScenario(ScenarioOverrides(paths: 4_000, steps: 12))
        let runner = try SimulationRunner(scenario: s)
        let total = runner.driver.totalBlocks
        var files: [(path: String, file: PartialResultFile<RunPartial>)] = []
        for i in 0..<4 {
            let blocks = runner.driver.blocks(ofShard: i, of: 4)
            let r = await runner.run(blocks: blocks)
            files.append(("p\(i).json", PartialResultFile(header: header("run", s, blocks, total: total), scenario: s, result: r.partial)))
        }
        func message(_ f: [(path: String, file: PartialResultFile<RunPartial>)]) -> String {
            do { _ = try PartialResults.merge(f) } catch { return error.description }
            return ""
        }
        let gap = message([files[0], files[1], files[3]])
        #expect(gap.contains("missing") && gap.contains("after p1.json"), "\(gap)")
        let doubled = message(files + [files[2]])
        #expect(doubled.contains("p2.json") && doubled.contains("also in"), "\(doubled)")
        let tail = message(Array(files.prefix(3)))
        #expect(tail.contains("missing after p2.json"), "\(tail)")
        var other = files[3]
        other.file.header.scenarioDigest = "0000000000000000"
        #expect(message([files[0], files[1], files[2], other]).contains("different scenarios"))
        var cut = files[3]
        cut.file.header.endBlock -= 1
        cut.file.header.interruptedBy = 2
        #expect(message([files[0], files[1], files[2], cut]).contains("interrupted"))
    }

    @Test("a run stopped after some blocks and resumed is bit-identical to one never stopped")
    func resume() async throws {
        let s = try EngineScenarios.everyFeature(ScenarioOverrides(paths: 70_000), partial: true)
        let runner = try SimulationRunner(scenario: s)
        let all = 0..<runner.driver.totalBlocks
        let first = await runner.run(blocks: 0..<100)
        let saved = try roundTrip(PartialResultFile(header: header("run", s, first.blocks, total: all.count), scenario: s,
                                                    result: first.partial))
        let resumed = await runner.run(blocks: all, resuming: (saved.result, saved.header.endBlock))
        let whole = await runner.run()
        #expect(resumed.partial == whole.partial)
        #expect(resumed.blocks == all)
        #expect(try RunSummary(scenario: s, runner: runner, result: resumed, totalSeconds: 0).jsonWithoutTiming()
                == RunSummary(scenario: s, runner: runner, result: whole, totalSeconds: 0).jsonWithoutTiming())
    }

    @Test("a stop request finishes the blocks in flight and returns a contiguous range of completed blocks")
    func stopKeepsCompletedBlocks() async throws {
        let s = try EngineScenarios.defaultScenario(ScenarioOverrides(paths: 2_000_000, steps: 168, workers: 2))
        let runner = try SimulationRunner(scenario: s)
        let control = RunControl()
        let progress = SimulationProgress(total: s.paths)
        Task.detached {
            while progress.completedPaths < 50_000 { try? await Task.sleep(for: .milliseconds(5)) }
            control.stop(signal: 15)
        }
        let partial = await runner.run(progress: progress, control: control)
        #expect(partial.interruptedBy == 15)
        #expect(partial.blocks.lowerBound == 0 && partial.blocks.upperBound < runner.driver.totalBlocks)
        #expect(partial.outcomes.paths == runner.driver.paths(inBlocks: partial.blocks))
        // The completed blocks are exactly those blocks: a run of just them gives the same result.
        let again = await runner.run(blocks: partial.blocks)
        #expect(again.partial == partial.partial)
    }
}
