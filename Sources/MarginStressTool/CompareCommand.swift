import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress compare FILE`: cross against isolated margin on the same paths.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run the book under cross and isolated margin on the same paths and measure contagion.",
        discussion: """
            Every path is followed under both modes at once (same seed, same shocks). Isolated margins are the \
            positions' isolatedMargin values, or the collateral value split in proportion to initial margin. \
            Contagion is the probability that a position is liquidated under cross margin although it would have \
            survived on its own margin; the reverse is the positions that pooling saved.
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var sharding: ShardOptions

    @Flag(help: "Print the comparison as JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("Write compare.json, compare_positions.csv, compare_survival.csv and the SVG charts into this directory.",
                               valueName: "dir"))
    var export: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (both modes side by side, how to reproduce) to this file.",
                               valueName: "file.html"))
    var report: String?

    @OptionGroup var display: ProgressOptions

    @Flag(help: "Keep every step in the per-step series (survival curve, liquidations by step); by default runs of more than 1,000 steps keep about 1,000 points, merging steps.")
    var everyStep = false

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func run() async throws {
        let s = try scenario.load()
        try refuseUnsupported(s, .compare, sharded: sharding.isSharded)
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
        let clock = ContinuousClock(), start = clock.now
        let runner: CompareRunner
        do {
            runner = try CompareRunner(scenario: s)
        } catch {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
        let control = RunControl()
        InterruptHandling.install(control)
        let driver = BlockDriver(paths: s.paths, workers: s.workers)
        let (blocks, shard) = try sharding.blocks(driver)
        let progress = SimulationProgress(total: driver.paths(inBlocks: blocks))
        let bar = display.start(progress, quiet: quiet)
        let outcome = await runner.run(blocks: blocks, progress: progress, control: control)
        await bar?.finish()
        if let path = sharding.partial {
            try writePartial(PartialResultFile(command: "compare", arguments: [], scenario: s, outcome: outcome, planned: blocks,
                                               totalBlocks: driver.totalBlocks, scenarioFile: scenario.file, shard: shard),
                             to: path)
        }
        var summary = CompareSummary(scenario: s, modes: runner.modes, tally: outcome.partial, everyStep: everyStep)
        if let shard {
            summary.warnings.append("SHARD \(shard.index)/\(shard.count): these figures rest on the shard's \(Honest.count(outcome.partial.paths)) paths only (blocks \(blocks.lowerBound)..<\(blocks.upperBound) of \(driver.totalBlocks)); `margin-stress merge` of every shard's --partial file gives the whole run")
        }
        if let signal = outcome.interruptedBy {
            summary.warnings.append("INTERRUPTED by \(signal == 2 ? "SIGINT" : "SIGTERM"): these figures rest on the \(outcome.partial.paths) paths completed")
        }
        try emit(summary, scenario: s, runner: runner, seconds: (clock.now - start) / .seconds(1))
        if let signal = outcome.interruptedBy { throw InterruptHandling.exitCode(signal) }
    }

    /// Prints the comparison and writes the files asked for.
    func emit(_ summary: CompareSummary, scenario s: Scenario, runner: CompareRunner, seconds: Double) throws {
        let date = Date()
        let jsonText = String(decoding: try Exporter.encoder().encode(summary), as: UTF8.self)
        let text = json ? jsonText : CompareReport.text(summary)
        OutputSize.warnIfLarge(text.utf8.count, "standard output")
        print(text)
        if let export {
            let csv = CompareReport.positionsCSV(summary), survivalCSV = CompareReport.survivalCSV(summary)
            let charts = CompareCharts.all(summary).map { ($0.fileName, $0.document.render()) }
            try ExportDirectory.write([("compare.json", jsonText + "\n"), ("compare_positions.csv", csv),
                                       ("compare_survival.csv", survivalCSV)] + charts, to: export, quiet: quiet)
        }
        if let report {
            let page = CompareHTMLReport(summary: summary, scenario: s, scenarioPath: scenario.file, date: date,
                                         seconds: seconds).html
            try ReportFile.write(page, to: report, quiet: quiet)
        }
    }
}
