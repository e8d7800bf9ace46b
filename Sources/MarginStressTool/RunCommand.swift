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

    @Option(help: ArgumentHelp("Write summary.json and the histogram CSVs into this directory.", valueName: "dir"))
    var export: String?

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func run() async throws {
        let s = try scenario.load()
        if let export {
            // Fail before simulating, not after, when the results could not be written.
            do {
                try FileManager.default.createDirectory(atPath: export, withIntermediateDirectories: true)
            } catch {
                printError("--export: cannot create the directory \(export): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
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
        let summary = RunSummary(scenario: s, runner: runner, result: result,
                                 totalSeconds: (clock.now - start) / .seconds(1))
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
    }
}
