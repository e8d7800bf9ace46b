import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress run [FILE]`: simulate and report.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and report the liquidation probability and distributions.",
        discussion: """
            Ctrl-C (SIGINT) or SIGTERM stops the run after the blocks in flight: the result of every completed \
            block is printed and written (marked as interrupted), and the exit code is 130 or 143. With \
            --checkpoint the partial result is also saved every few seconds, and --resume continues it to a result \
            bit-identical to an uninterrupted run.
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var sharding: ShardOptions
    @OptionGroup var display: ProgressOptions

    @Flag(help: "Attribute liquidation losses and the 99% ES to positions (a second pass over the same paths).")
    var attribution = false

    @Option(help: ArgumentHelp("Save the partial result to this file every few seconds and when interrupted.", valueName: "file.json"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Continue the run saved in this checkpoint (same scenario, options and --shard).", valueName: "file.json"))
    var resume: String?

    /// Seconds between checkpoints.
    static let checkpointInterval = 5.0

    func run() async throws {
        let s = try scenario.load()
        try refuseUnsupported(s, .run, attribution: attribution, sharded: sharding.isSharded)
        if RareEventRunner.wanted(s) { return try await runRare(s) }
        try output.prepare()
        let clock = ContinuousClock(), start = clock.now
        let runner: SimulationRunner
        do {
            runner = try SimulationRunner(scenario: RareEventRunner.plainScenario(s))
        } catch {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
        let (blocks, shard) = try sharding.blocks(runner.driver)
        let resumed = try resumeState(RunPartial.self, scenario: s, blocks: blocks)
        let control = RunControl()
        InterruptHandling.install(control)
        let progress = SimulationProgress(total: runner.driver.paths(inBlocks: blocks))
        if let resumed { progress.add(runner.driver.paths(inBlocks: blocks.lowerBound..<resumed.end)) }
        let bar = display.start(progress, quiet: output.quiet)
        let header = partialHeader(s, blocks: blocks, shard: shard, driver: runner.driver)
        let saver: BlockDriver.Checkpointing<RunPartial>? = checkpointSaver(s, header: header,
                                                                            workers: runner.driver.workerCount(blocks: blocks.count))
        let result = await runner.run(blocks: blocks, resuming: resumed, progress: progress, control: control, checkpoint: saver)
        await bar?.finish()
        let file = PartialResultFile(header: header(result.blocks, result.interruptedBy, result.simulationSeconds, result.workers),
                                     scenario: s, result: result.partial)
        // The result goes to the checkpoint, the partial file, and back to the file resumed from.
        for path in Set([checkpoint, sharding.partial, resume].compactMap({ $0 })).sorted() {
            do { try file.write(to: path) } catch {
                printError("cannot write the partial result to \(path): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
        var summary = RunSummary(scenario: s, runner: runner, result: result, totalSeconds: (clock.now - start) / .seconds(1),
                                 everyStep: output.everyStep)
        summary.describeCoverage(result: result, planned: blocks, shard: shard, resumeHint: checkpoint ?? sharding.partial)
        var signal = result.interruptedBy
        if attribution && signal == nil {
            // The second pass over the same paths reports its progress as the first did.
            let pass = SimulationProgress(total: runner.driver.paths(inBlocks: result.blocks))
            let passBar = display.start(pass, quiet: output.quiet)
            summary.attribution = await runner.attribution(of: result, progress: pass, control: control)
            await passBar?.finish()
            if summary.attribution == nil, let stopped = control.stoppedBy {
                signal = stopped
                summary.warnings.append("INTERRUPTED during the attribution pass: the run's figures are complete; the attribution is left out")
            }
        }
        try output.emit(summary, scenario: s, scenarioPath: scenario.file)
        if let signal { throw InterruptHandling.exitCode(signal) }
    }

    /// `run` with continuous monitoring or importance sampling: the plain pass, then the weighted one, both
    /// over this shard's blocks, saved together to --partial and --checkpoint and resumable.
    func runRare(_ s: Scenario) async throws {
        try output.prepare()
        let clock = ContinuousClock(), start = clock.now
        let run: RareEventRun
        do { run = try RareEventRun(scenario: s) } catch {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
        let (blocks, shard) = try sharding.blocks(run.driver)
        let resumed = try resumeState(RareRunPartial.self, scenario: s, blocks: blocks)
        let control = RunControl()
        InterruptHandling.install(control)
        let progress = SimulationProgress(total: run.paths(inBlocks: blocks))
        if let resumed { progress.add(run.pathsDone(resumed, blocks: blocks)) }
        let bar = display.start(progress, quiet: output.quiet)
        let header = partialHeader(s, blocks: blocks, shard: shard, driver: run.driver)
        let saver: BlockDriver.Checkpointing<RareRunPartial>? = checkpointSaver(s, header: header,
                                                                                workers: run.driver.workerCount(blocks: blocks.count))
        let outcome = await run.run(blocks: blocks, resuming: resumed, progress: progress, control: control, checkpoint: saver)
        await bar?.finish()
        let p = outcome.partial
        let file = PartialResultFile(header: header(outcome.blocks, outcome.interruptedBy, p.plainSeconds + p.rareSeconds,
                                                    outcome.rare?.workers ?? outcome.plain.workers),
                                     scenario: s, result: p)
        for path in Set([checkpoint, sharding.partial, resume].compactMap({ $0 })).sorted() {
            do { try file.write(to: path) } catch {
                printError("cannot write the partial result to \(path): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
        var summary = RunSummary(scenario: s, runner: run.plain, result: outcome.plain,
                                 totalSeconds: (clock.now - start) / .seconds(1), everyStep: output.everyStep)
        summary.describeCoverage(result: outcome.plain, planned: run.plainBlocks(blocks), shard: shard,
                                 resumeHint: checkpoint ?? sharding.partial)
        if let pass = outcome.rare, pass.interruptedBy == nil {
            summary.rareEvent = RareEventSummary(scenario: s, analysis: run.second.analysis, result: pass, plain: outcome.plain)
        } else if outcome.plain.interruptedBy == nil {
            summary.warnings.append("INTERRUPTED during the rare-event pass: the plain figures are complete; the weighted ones are left out\(checkpoint.map { " (--resume \($0) continues them)" } ?? "")")
        }
        try output.emit(summary, scenario: s, scenarioPath: scenario.file)
        if let signal = outcome.interruptedBy { throw InterruptHandling.exitCode(signal) }
    }

    /// The checkpoint given to --resume, checked against this run.
    /// The header of this run's partial result files: the blocks done, the signal that stopped it, seconds, workers.
    func partialHeader(_ s: Scenario, blocks: Range<Int>, shard: (index: Int, count: Int)?,
                       driver: BlockDriver) -> @Sendable (Range<Int>, Int32?, Double, Int) -> PartialResultHeader {
        let scenarioFile = scenario.file, total = driver.totalBlocks
        return { range, signal, seconds, workers in
            PartialResultHeader(command: "run", arguments: [], scenario: s, blocks: range, plannedEnd: blocks.upperBound,
                                totalBlocks: total, interruptedBy: signal,
                                simulationSeconds: seconds, workers: workers, scenarioFile: scenarioFile, shard: shard)
        }
    }

    /// Writes the partial result to --checkpoint every `checkpointInterval` seconds (nil without --checkpoint).
    func checkpointSaver<R: MergeablePartial>(_ s: Scenario, header: @escaping @Sendable (Range<Int>, Int32?, Double, Int) -> PartialResultHeader,
                                              workers: Int) -> BlockDriver.Checkpointing<R>? {
        guard let checkpoint else { return nil }
        return .init(interval: Self.checkpointInterval) { partial, range in
            try? PartialResultFile(header: header(range, nil, 0, workers), scenario: s, result: partial).write(to: checkpoint)
        }
    }

    func resumeState<R: MergeablePartial>(_: R.Type, scenario s: Scenario, blocks: Range<Int>) throws -> (partial: R, end: Int)? {
        guard let resume else { return nil }
        do {
            let file = try PartialResults.read(R.self, at: resume)
            let h = file.header
            guard h.command == "run", h.scenarioDigest == s.digest else {
                printError("--resume \(resume): saved from another scenario or settings (digest \(h.scenarioDigest), this run \(s.digest)); give the same file, options and --shard")
                throw ExitCode(64)
            }
            guard h.firstBlock == blocks.lowerBound, h.plannedEnd == blocks.upperBound, h.endBlock <= blocks.upperBound else {
                printError("--resume \(resume): saved for blocks \(h.firstBlock)..<\(h.plannedEnd), this run covers \(blocks.lowerBound)..<\(blocks.upperBound); give the same --shard")
                throw ExitCode(64)
            }
            return (file.result, h.endBlock)
        } catch let problem as PartialResults.Problem {
            printError("--resume: \(problem)")
            throw ExitCode(66)
        }
    }
}

/// The output options of `run` (and of `merge` for a run's shards).
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the summary as JSON on standard output instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("Write summary.json, the histogram CSVs and the SVG charts into this directory.",
                               valueName: "dir"))
    var export: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts, tables, how to reproduce) to this file.",
                               valueName: "file.html"))
    var report: String?

    @Flag(help: "No progress bar or file notes on standard error.")
    var quiet = false

    @Flag(help: "Keep every step in the per-step series (survival curve, liquidations by step); by default runs of more than 1,000 steps keep about 1,000 points, merging steps.")
    var everyStep = false

    /// Checks, before anything is simulated, that the outputs can be written.
    func prepare() throws {
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
    }

    /// Prints the summary and writes the files asked for.
    func emit(_ summary: RunSummary, scenario s: Scenario, scenarioPath: String?) throws {
        let text = json ? try Exporter.json(summary) : TerminalReport(summary: summary).text
        OutputSize.warnIfLarge(text.utf8.count, "standard output")
        print(text)
        if let export {
            do {
                let contents = try Exporter.files(summary)
                OutputSize.warnIfLarge(contents.reduce(0) { $0 + $1.contents.utf8.count }, "--export \(export)")
                let files = try Exporter.write(contents, to: export)
                if !quiet { printError("wrote \(files.count) files to \(export)") }
            } catch {
                printError("--export: cannot write into \(export): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
        if let report {
            try ReportFile.write(HTMLReport(summary: summary, scenario: s, scenarioPath: scenarioPath, date: Date()).html,
                                 to: report, quiet: quiet)
        }
    }
}
