import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress run [FILE]`: simulate and report.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and report the liquidation probability and distributions.")

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "Print the summary as JSON on standard output instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("Write summary.json, the histogram CSVs and the SVG charts into this directory.",
                               valueName: "dir"))
    var export: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts, tables, how to reproduce) to this file.",
                               valueName: "file.html"))
    var report: String?

    @Flag(help: "Attribute liquidation losses and the 99% ES to positions (a second pass over the same paths).")
    var attribution = false

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func run() async throws {
        let s = try scenario.load()
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
        let date = Date()
        let clock = ContinuousClock(), start = clock.now
        let runner: SimulationRunner
        do {
            runner = try SimulationRunner(scenario: s)
        } catch {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
        let progress = SimulationProgress(total: s.paths)
        let bar = quiet ? nil : ProgressBar.startIfTerminal(progress)
        let result = await runner.run(progress: progress)
        await bar?.finish()
        var summary = RunSummary(scenario: s, runner: runner, result: result,
                                 totalSeconds: (clock.now - start) / .seconds(1))
        if attribution {
            if s.mode == .isolated {
                printError("--attribution: attribution is for cross margin in this version")
                throw ExitCode(64)
            }
            summary.attribution = await runner.attribution(threshold: summary.terminalPnL.valueAtRisk["0.99"] ?? 0)
        }
        if json {
            print(try Exporter.json(summary))
        } else {
            print(TerminalReport(summary: summary).text)
        }
        if let export {
            do {
                let files = try Exporter.write(summary, to: export)
                if !quiet { printError("wrote \(files.count) files to \(export)") }
            } catch {
                printError("--export: cannot write into \(export): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
        if let report {
            try ReportFile.write(HTMLReport(summary: summary, scenario: s, scenarioPath: scenario.file, date: date).html,
                                 to: report, quiet: quiet)
        }
    }
}
