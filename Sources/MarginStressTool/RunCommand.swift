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
        if let report {
            do {
                try Self.checkWritable(report)
            } catch {
                printError("--report: cannot write \(report): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
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
            let page = HTMLReport(summary: summary, scenario: s, scenarioPath: scenario.file, date: date).html
            do {
                try page.write(toFile: report, atomically: true, encoding: .utf8)
                if !quiet { printError("wrote the report to \(report)") }
            } catch {
                printError("--report: cannot write \(report): \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
    }

    /// Why a report file cannot be written, in words.
    struct ReportPathError: LocalizedError {
        var reason: String
        var errorDescription: String? { reason }
    }

    /// Throws unless a file can be written at `path`: its directory (created if needed) must take new files and
    /// the path must not be a directory or a read-only file. Nothing is left behind when the file did not exist.
    static func checkWritable(_ path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw ReportPathError(reason: "it is a directory; give a file name such as report.html") }
            if !fm.isWritableFile(atPath: path) { throw ReportPathError(reason: "the file exists and is not writable") }
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        // The nearest existing ancestor must be a directory: a file in the way cannot be created through.
        var ancestor = parent
        while !fm.fileExists(atPath: ancestor, isDirectory: &isDirectory) && ancestor != "/" && !ancestor.isEmpty {
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        if fm.fileExists(atPath: ancestor, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ReportPathError(reason: "\(ancestor) is a file, not a directory")
        }
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw ReportPathError(reason: "cannot create the directory \(parent): \(error.localizedDescription)")
        }
        // Create and remove a probe file: the only sure test that the directory takes new files.
        let probe = (parent as NSString).appendingPathComponent(".margin-stress-report-\(ProcessInfo.processInfo.processIdentifier)")
        guard fm.createFile(atPath: probe, contents: nil) else {
            throw ReportPathError(reason: "the directory \(parent) does not take new files")
        }
        try? fm.removeItem(atPath: probe)
    }
}
