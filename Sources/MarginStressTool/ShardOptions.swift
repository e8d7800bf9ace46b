import ArgumentParser
import Foundation
import MarginStress

/// `--shard I/N` and `--partial FILE`: run one range of the scenario's blocks and keep its result for `merge`.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run only shard I of N (0-based, e.g. 0/4), a contiguous range of the blocks of 256 paths; 'auto' reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX with MARGINSTRESS_SHARD_COUNT.",
        valueName: "I/N|auto"))
    var shard: String?

    @Option(help: ArgumentHelp("Write this run's partial result (for `margin-stress merge`) to this file.", valueName: "file.json"))
    var partial: String?

    /// True when the run is a shard, or keeps a result to merge: the capability table's "shards" feature.
    var isSharded: Bool { shard != nil || partial != nil }

    /// Checks the option's form before anything runs, so a mistake gets the command's own usage line.
    func validate() throws {
        _ = try resolved()
    }

    /// The shard asked for, or nil for every block.
    func resolved(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        if shard == "auto" {
            let count = env["SLURM_ARRAY_TASK_COUNT"] ?? env["MARGINSTRESS_SHARD_COUNT"]
            var index = env["SLURM_ARRAY_TASK_ID"] ?? env["JOB_COMPLETION_INDEX"] ?? env["AWS_BATCH_JOB_ARRAY_INDEX"]
            // A Slurm array need not start at 0 (--array=1-4): the shard is the task's place from the first.
            if let id = env["SLURM_ARRAY_TASK_ID"].flatMap(Int.init), let first = env["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) {
                let step = env["SLURM_ARRAY_TASK_STEP"].flatMap(Int.init) ?? 1
                index = String((id - first) / max(step, 1))
            }
            if index != nil && count == nil {
                throw ValidationError("--shard auto: the array index is set (\(index!)) but not the shard count; set MARGINSTRESS_SHARD_COUNT (Kubernetes, AWS Batch) or SLURM_ARRAY_TASK_COUNT, or give --shard I/N")
            }
            guard let index, let count else {
                throw ValidationError("--shard auto: no array index in the environment; set SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (Slurm), or JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) with MARGINSTRESS_SHARD_COUNT, or give --shard I/N")
            }
            return try Self.parse("\(index)/\(count)", source: "--shard auto (\(index) of \(count) from the environment)")
        }
        return try Self.parse(shard, source: "--shard \(shard)")
    }

    static func parse(_ text: String, source: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
            throw ValidationError("\(source): write I/N with 0 <= I < N, e.g. --shard 0/4 for the first of four shards")
        }
        return (i, n)
    }

    /// The blocks of the run this process covers, with a refusal when a shard would be empty.
    func blocks(_ driver: BlockDriver) throws -> (range: Range<Int>, shard: (index: Int, count: Int)?) {
        guard let s = try resolved() else { return (0..<driver.totalBlocks, nil) }
        if s.count > driver.totalBlocks {
            throw ValidationError("--shard \(s.index)/\(s.count): the run has only \(driver.totalBlocks) blocks of \(BlockDriver.blockSize) paths; use at most \(driver.totalBlocks) shards or more paths")
        }
        return (driver.blocks(ofShard: s.index, of: s.count), s)
    }
}

/// Stops a run cleanly on SIGINT (Ctrl-C) or SIGTERM (a scheduler's cancel): the driver finishes the blocks in
/// flight and the command reports what was completed. A second signal ends the process at once.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install(_ control: RunControl) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if control.stoppedBy != nil {
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
                printError("\n\(sig == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"): finishing the blocks in flight and reporting what is done; signal again to stop at once")
                control.stop(signal: sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The exit code of a run stopped by `signal`: 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
    static func exitCode(_ signal: Int32) -> ExitCode { ExitCode(128 + signal) }
}

/// Refuses, with the capability table's sentences, what a command does not support; exit code 64.
func refuseUnsupported(_ s: Scenario, _ command: Capabilities.Command, attribution: Bool = false, sharded: Bool = false) throws {
    let refusals = Capabilities.refusals(s, command, attribution: attribution, sharded: sharded)
    guard !refusals.isEmpty else { return }
    for r in refusals { printError(r) }
    throw ExitCode(64)
}

/// Writes a partial result file; exit code 73 when it cannot.
func writePartial<R: MergeablePartial>(_ file: PartialResultFile<R>, to path: String) throws {
    do { try file.write(to: path) } catch {
        printError("--partial: cannot write \(path): \(error.localizedDescription)")
        throw ExitCode(73)
    }
}
