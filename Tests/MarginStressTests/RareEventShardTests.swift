import Foundation
import Synchronization
import Testing
@testable import MarginStress

/// `run` with continuous monitoring and importance sampling in shards, partial result files and checkpoints:
/// both passes (the plain pilot and the weighted pass) written, merged and resumed bit for bit.
@Suite("Rare events in shards and checkpoints")
struct RareEventShardTests {
    /// Three assets, both options on, 34,000 paths: 133 blocks for the weighted pass, 128 (one round) for the
    /// pilot, so the last shards have no pilot blocks.
    func scenario(workers: Int, tilt: Bool = true) throws -> Scenario {
        var s = try RareEventTests().threeAssets(steps: 24, paths: 34_000, seed: 61, continuous: true, tilt: tilt)
        s.workers = workers
        return s
    }

    func file(_ s: Scenario, _ outcome: RareEventRun.Outcome, planned: Range<Int>, total: Int) -> PartialResultFile<RareRunPartial> {
        PartialResultFile(header: PartialResultHeader(command: "run", arguments: [], scenario: s, blocks: outcome.blocks,
                                                      plannedEnd: planned.upperBound, totalBlocks: total,
                                                      interruptedBy: nil, simulationSeconds: 1, workers: 1),
                          scenario: s, result: outcome.partial)
    }

    @Test("workers 1, 2, 7 and 7 shards merged through files: both passes bit-identical, both options on")
    func shards() async throws {
        let one = try await RareEventRun(scenario: scenario(workers: 1)).run(blocks: 0..<133)
        #expect(one.partial.plainEnd == 128 && one.plain.outcomes.paths == 32_768 && one.partial.rare.paths == 34_000)
        #expect(one.partial.rare.hits > 0)
        for w in [2, 7] {
            let r = try await RareEventRun(scenario: scenario(workers: w)).run(blocks: 0..<133)
            #expect(r.partial.plain == one.partial.plain && r.partial.rare == one.partial.rare, "workers \(w)")
        }
        let s = try scenario(workers: 2)
        let run = try RareEventRun(scenario: s)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rare-shards-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [(path: String, file: PartialResultFile<RareRunPartial>)] = []
        for i in [6, 0, 3, 1, 5, 2, 4] {
            let blocks = run.driver.blocks(ofShard: i, of: 7)
            let path = dir.appendingPathComponent("\(i).json").path
            try file(s, await run.run(blocks: blocks), planned: blocks, total: 133).write(to: path)
            files.append((path, try PartialResults.read(RareRunPartial.self, at: path)))
        }
        let merged = try PartialResults.merge(files)
        #expect(merged.result.plain == one.partial.plain)
        #expect(merged.result.rare == one.partial.rare)
        #expect(merged.result.plainEnd == 128)
        let whole = run.outcome(merged: merged.result, workers: 2)
        let a = RareEventSummary(scenario: s, analysis: run.second.analysis, result: try #require(whole.rare), plain: whole.plain)
        let b = RareEventSummary(scenario: s, analysis: run.second.analysis, result: try #require(one.rare), plain: one.plain)
        #expect(a.liquidation == b.liquidation && a.badDebt == b.badDebt && a.effectiveSampleSize == b.effectiveSampleSize)
        #expect(a.plainProbability == b.plainProbability && a.observedVarianceReduction == b.observedVarianceReduction)
    }

    /// Saves every checkpoint of a run (interval 0: after every round).
    final class Saves: Sendable {
        let list = Mutex<[(RareRunPartial, Range<Int>)]>([])
        var checkpointing: BlockDriver.Checkpointing<RareRunPartial> {
            .init(interval: 0) { p, r in self.list.withLock { $0.append((p, r)) } }
        }
    }

    @Test("resumed from a checkpoint in either pass: bit-identical (importance sampling; continuous without a pilot)",
          arguments: [true, false])
    func resume(tilt: Bool) async throws {
        let s = try scenario(workers: 2, tilt: tilt)
        let run = try RareEventRun(scenario: s)
        let saves = Saves()
        let full = await run.run(blocks: 0..<133, checkpoint: saves.checkpointing)
        let list = saves.list.withLock { $0 }
        // The pilot is one round (no checkpoint inside it); without a tilt the plain pass has two rounds.
        #expect(list.count == (tilt ? 1 : 2))
        #expect(list.contains { $0.0.plainEnd == (tilt ? 128 : 133) && $0.1 == 0..<128 })
        for (partial, range) in list {
            let r = await run.run(blocks: 0..<133, resuming: (partial, range.upperBound))
            #expect(r.partial.plain == full.partial.plain, "resumed at plain \(partial.plainEnd), second \(range)")
            #expect(r.partial.rare == full.partial.rare, "resumed at plain \(partial.plainEnd), second \(range)")
            #expect(r.blocks == 0..<133)
        }
    }
}
