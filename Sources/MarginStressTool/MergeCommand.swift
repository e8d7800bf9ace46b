import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress merge FILE...`: the shards of one run, merged into exactly what one process would report.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the partial results of shards (--shard I/N --partial FILE) into the result of the whole run.",
        discussion: """
            The files must come from the same command, tool version, options and scenario (by digest), and their \
            blocks must cover the run once, with no gap and no overlap; an error names the missing or doubled \
            shard. Counts and sketches add exactly and sums are kept exactly, so the output (table, --json, \
            --export, --report) is the one-process command's, bit for bit apart from `timing`.
            """)

    @Argument(help: "The partial result files of every shard, in any order.")
    var files: [String]

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard !files.isEmpty else { throw ValidationError("give the partial result file of every shard") }
        for path in files where !FileManager.default.fileExists(atPath: path) {
            printError("merge: \(path): no such file; give the partial result file (--partial FILE) of every shard")
            throw ExitCode(66)
        }
        do {
            let command = try PartialResults.header(at: files[0]).command
            for path in files.dropFirst() {
                let other = try PartialResults.header(at: path).command
                if other != command {
                    printError("\(path): a result of `\(other)`, \(files[0]) of `\(command)`: merge the shards of one command")
                    throw ExitCode(65)
                }
            }
            switch command {
            case "run": try await mergeRun()
            case "tune": try await mergeTune()
            case "compare": try await mergeCompare()
            case "exchange": try await mergeExchange()
            default:
                printError("\(files[0]): a result of `\(command)`, which this version cannot merge")
                throw ExitCode(65)
            }
        } catch let problem as PartialResults.Problem {
            printError("merge: \(problem)")
            throw ExitCode(65)
        }
    }

    func merged<R: MergeablePartial>(_: R.Type) throws -> PartialResultFile<R> {
        let read = try files.map { path throws(PartialResults.Problem) in (path, try PartialResults.read(R.self, at: path)) }
        return try PartialResults.merge(read)
    }

    func mergeRun() async throws {
        try output.prepare()
        if RareEventRunner.wanted(try PartialResults.scenario(at: files[0])) { return try await mergeRareRun() }
        let file = try merged(RunPartial.self)
        let s = file.scenario, h = file.header
        let runner = try SimulationRunner(scenario: s)
        let result = SimulationResult(partial: file.result, blocks: h.blocks, totalBlocks: h.totalBlocks,
                                      pathsRequested: s.paths, stoppedAtPrecision: false, interruptedBy: nil,
                                      simulationSeconds: h.simulationSeconds, workers: h.workers)
        let summary = RunSummary(scenario: s, runner: runner, result: result, totalSeconds: h.simulationSeconds,
                                 everyStep: output.everyStep)
        try output.emit(summary, scenario: s, scenarioPath: h.scenarioFile)
    }

    /// The shards of a run with continuous monitoring or importance sampling: both passes merged.
    func mergeRareRun() async throws {
        let file = try merged(RareRunPartial.self)
        let s = file.scenario, h = file.header
        let run = try RareEventRun(scenario: s)
        let outcome = run.outcome(merged: file.result, workers: h.workers)
        var summary = RunSummary(scenario: s, runner: run.plain, result: outcome.plain, totalSeconds: h.simulationSeconds,
                                 everyStep: output.everyStep)
        if let pass = outcome.rare {
            summary.rareEvent = RareEventSummary(scenario: s, analysis: run.second.analysis, result: pass, plain: outcome.plain)
        }
        try output.emit(summary, scenario: s, scenarioPath: h.scenarioFile)
    }

    func mergeTune() async throws {
        let file = try merged(GridCounts.self)
        let command = try reparsed(TuneCommand.self, file.header, arguments: file.header.arguments)
        let s = file.scenario
        let (tuner, table) = try command.plan(s, asset: try command.positionAsset(s))
        try command.output(tuner, counts: file.result, table: table, scenario: s)
    }

    func mergeCompare() async throws {
        let file = try merged(CompareRunner.Tally.self)
        let command = try reparsed(CompareCommand.self, file.header, arguments: [])
        let s = file.scenario
        let runner = try CompareRunner(scenario: s)
        let summary = CompareSummary(scenario: s, modes: runner.modes, tally: file.result, everyStep: output.everyStep)
        try command.emit(summary, scenario: s, runner: runner, seconds: file.header.simulationSeconds)
    }

    /// The shards of `exchange`: the book is loaded again from the files the shards named (checked by digest).
    func mergeExchange() async throws {
        let file = try merged(ExchangePartial.self)
        let command = try reparsed(ExchangeCommand.self, file.header, arguments: file.header.arguments)
        let s = file.scenario
        let (book, analysis, _) = try command.plan(s)
        try command.output(analysis, names: book.names, partial: file.result, scenario: s, notes: [],
                           seconds: file.header.simulationSeconds, workers: file.header.workers)
    }

    /// The command whose shards are merged, parsed from `arguments` (what the shards recorded) and this merge's
    /// output options, on the shards' scenario file, its export folder and report path checked before any work.
    func reparsed<C: ShardedCommand>(_: C.Type, _ header: PartialResultHeader, arguments: [String]) throws -> C {
        var command = try C.parse(arguments + outputArguments)
        command.scenario.file = header.scenarioFile
        try ExportDirectory.prepare(command.export)
        try ReportFile.check(command.report)
        return command
    }

    /// The output options, as arguments of the command whose shards are merged.
    var outputArguments: [String] {
        var words: [String] = []
        if output.json { words.append("--json") }
        if let e = output.export { words += ["--export", e] }
        if let r = output.report { words += ["--report", r] }
        if output.quiet { words.append("--quiet") }
        if output.everyStep { words.append("--every-step") }
        return words
    }
}

/// A command whose shards `merge` combines by parsing it again (`MergeCommand.reparsed`).
protocol ShardedCommand: ParsableCommand {
    var scenario: ScenarioOptions { get set }
    var export: String? { get }
    var report: String? { get }
}

extension TuneCommand: ShardedCommand {}
extension CompareCommand: ShardedCommand {}
extension ExchangeCommand: ShardedCommand {}
