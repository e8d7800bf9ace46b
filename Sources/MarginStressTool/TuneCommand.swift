import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress tune FILE --target P`: the leverage frontier in one pass, and limits for a target probability.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Find the largest leverage for a target liquidation probability, or the maintenance rate for a bad-debt target.",
        discussion: """
            Scales every position (or those of --position) by k with the collateral fixed. One pass of paths gives \
            each path's critical scale, so the liquidation probability at every k comes from the same paths \
            (common random numbers), exactly at every point of a fine grid. The default answer is conservative: the \
            largest scale whose 95% interval lies at or below the target.

            With --maintenance-rate-for-bad-debt P it answers the exchange's question instead: the smallest flat \
            maintenance rate for which the probability of bad debt (equity below zero at liquidation) is at most P.
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var sharding: ShardOptions

    @Option(help: "Largest acceptable liquidation probability within the horizon, e.g. 0.01.")
    var target: Double?

    @Option(help: ArgumentHelp("Scale (or re-rate) only the positions on this asset; the others stay as they are.",
                               valueName: "asset"))
    var position: String?

    @Option(help: ArgumentHelp("Scales (or rates) covered, e.g. 0.1:20 (default: up to where the book starts at its maintenance margin).",
                               valueName: "A:B"))
    var range: String?

    /// The frontier table's rows when `--points` is not given.
    static let defaultPoints = 25

    @Option(help: "Rows of the frontier table.")
    var points = TuneCommand.defaultPoints

    @Option(name: .customLong("maintenance-rate-for-bad-debt"),
            help: ArgumentHelp("Find the smallest flat maintenance rate whose bad-debt probability is at most P.",
                               valueName: "P"))
    var badDebtTarget: Double?

    @Flag(help: "Print the result as JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("Write tune.json, frontier.csv and the frontier chart (SVG) into this directory.", valueName: "dir"))
    var export: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (the answer, the frontier chart and table, how to reproduce) to this file.",
                               valueName: "file.html"))
    var report: String?

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func validate() throws {
        if target == nil && badDebtTarget == nil {
            throw ValidationError("give --target P (a liquidation probability, e.g. 0.01) or --maintenance-rate-for-bad-debt P")
        }
        if target != nil && badDebtTarget != nil {
            throw ValidationError("give either --target or --maintenance-rate-for-bad-debt, not both")
        }
        for (name, value) in [("--target", target), ("--maintenance-rate-for-bad-debt", badDebtTarget)] {
            if let p = value, !(p > 0 && p < 1) {
                throw ValidationError("\(name) \(p): must be a probability strictly between 0 and 1, e.g. 0.01")
            }
        }
        if points < 2 || points > 10_000 {
            throw ValidationError("--points \(points): give between 2 and 10000 rows")
        }
        if let range, parseRange(range) == nil {
            throw ValidationError("--range \(range): write A:B with 0 <= A < B (A > 0 for scales), e.g. 0.1:20")
        }
    }

    func parseRange(_ text: String) -> ClosedRange<Double>? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite,
              a >= 0, a < b else { return nil }
        if badDebtTarget == nil && a <= 0 { return nil }
        return a...b
    }

    func run() async throws {
        let s = try scenario.load()
        try refuseUnsupported(s, badDebtTarget != nil ? .tuneRate : .tuneLeverage, sharded: sharding.isSharded)
        let asset = try positionAsset(s)
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
        let control = RunControl()
        InterruptHandling.install(control)
        do {
            var (tuner, table) = try plan(s, asset: asset)
            let counts: GridCounts
            var notes: [String] = []
            if tuner.question == .maintenanceRate && s.importanceSampling == true {
                // Importance sampling: the weighted pass (one process; shards refused by the capability table).
                let progress = SimulationProgress(total: s.paths)
                let bar = quiet ? nil : ProgressBar.startIfTerminal(progress)
                let (outcome, shift) = await tuner.weightedRun(progress: progress, control: control)
                await bar?.finish()
                if let signal = outcome.interruptedBy {
                    printError("tune: interrupted after \(outcome.partial.paths) of \(s.paths) paths; a weighted answer from part of the paths is not reported (run again)")
                    throw InterruptHandling.exitCode(signal)
                }
                let summary = tuner.weightedRateSummary(sums: outcome.partial, shift: shift, target: badDebtTarget!,
                                                        table: table, position: position)
                try output(rate: summary, scenario: s)
                return
            }
            if tuner.question == .scale && Tuner.needsResimulation(s) {
                // Tiered margin, funding or partial liquidation: not linear in the scale, so re-simulate each scale.
                let progress = SimulationProgress(total: s.paths * (table.count + 21))
                let bar = quiet ? nil : ProgressBar.startIfTerminal(progress)
                let found = try await Tuner.resimulatedCounts(scenario: s, asset: asset, table: table, target: target!,
                                                              progress: progress, control: control)
                await bar?.finish()
                if let signal = control.stoppedBy {
                    printError("tune: interrupted; a frontier re-simulated at only some scales is not reported (run again)")
                    throw InterruptHandling.exitCode(signal)
                }
                counts = found
                tuner.methodNote = Tuner.resimulationNote
            } else {
                let driver = BlockDriver(paths: s.paths, workers: s.workers)
                let (blocks, shard) = try sharding.blocks(driver)
                let progress = SimulationProgress(total: driver.paths(inBlocks: blocks))
                let bar = quiet ? nil : ProgressBar.startIfTerminal(progress)
                let outcome = await tuner.run(blocks: blocks, progress: progress, control: control)
                await bar?.finish()
                if let signal = outcome.interruptedBy {
                    printError("tune: interrupted after \(outcome.partial.paths) of \(driver.paths(inBlocks: blocks)) paths; a frontier from part of the paths is not reported (run again, or use --shard to split the work)")
                    throw InterruptHandling.exitCode(signal)
                }
                counts = outcome.partial
                if let path = sharding.partial {
                    try writePartial(PartialResultFile(command: "tune", arguments: tuneArguments, scenario: s, outcome: outcome,
                                                       planned: blocks, totalBlocks: driver.totalBlocks,
                                                       scenarioFile: scenario.file, shard: shard), to: path)
                }
                if let shard {
                    notes.append("SHARD \(shard.index)/\(shard.count): this answer rests on the shard's \(Honest.count(counts.paths)) paths only (blocks \(blocks.lowerBound)..<\(blocks.upperBound) of \(driver.totalBlocks)); `margin-stress merge` of every shard's --partial file gives the whole run")
                }
            }
            try output(tuner, counts: counts, table: table, scenario: s, notes: notes)
        } catch let error as LAPACKError {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
    }

    /// The asset of --position, checked against the account.
    func positionAsset(_ s: Scenario) throws -> Int? {
        guard let position else { return nil }
        guard let index = s.assets.firstIndex(where: { $0.symbol == position }),
              s.positions.contains(where: { $0.asset == index }) else {
            let held = Array(Set(s.positions.map { s.assets[$0.asset].symbol })).sorted()
            printError("--position \(position): the account holds no position on that asset (positions on: \(held.joined(separator: ", ")))")
            throw ExitCode(64)
        }
        return index
    }

    /// The tuner over the fine grid and the table's points, from the options.
    func plan(_ s: Scenario, asset: Int?) throws(LAPACKError) -> (Tuner, [Double]) {
        let question: Tuner.Question = badDebtTarget != nil ? .maintenanceRate : .scale
        let given = range.flatMap(parseRange)
        let probe = try Tuner(scenario: s, question: question, asset: asset, grid: [1])
        let table: [Double], grid: [Double]
        switch question {
        case .scale:
            let r = given ?? probe.defaultScaleRange
            table = Tuner.spaced(r, points: points, logarithmic: true)
            grid = Array(Set(Tuner.spaced(r, points: 4001, logarithmic: true) + table + [1])).sorted()
        case .maintenanceRate:
            let r = given ?? 0...0.05
            grid = (0...5000).map { Double($0) / 10_000 }
            table = Tuner.spaced(r, points: points, logarithmic: false).map { min(0.5, ($0 * 10_000).rounded() / 10_000) }
        }
        return (try Tuner(scenario: s, question: question, asset: asset, grid: grid), table)
    }

    /// The options that shape the answer, for the report's command that reproduces it.
    var tuneArguments: [String] {
        var words: [String] = []
        if let target { words += ["--target", "\(target)"] }
        if let badDebtTarget { words += ["--maintenance-rate-for-bad-debt", "\(badDebtTarget)"] }
        if let position { words += ["--position", position] }
        if let range { words += ["--range", range] }
        if points != Self.defaultPoints { words += ["--points", String(points)] }
        return words
    }

    func output(_ tuner: Tuner, counts: GridCounts, table: [Double], scenario s: Scenario, notes: [String] = []) throws {
        let date = Date()
        let answer: TuneHTMLReport.Answer
        let encoder = Exporter.encoder()
        let text: String, csv: String, summaryJSON: String
        var pictures: [(name: String, contents: String)] = []
        if let badDebtTarget {
            var summary = tuner.rateSummary(counts: counts, target: badDebtTarget, table: table, position: position)
            summary.warnings += notes
            return try output(rate: summary, scenario: s)
        }
        do {
            var summary = tuner.frontierSummary(counts: counts, target: target!, table: table, position: position)
            summary.warnings += notes
            summaryJSON = String(decoding: try encoder.encode(summary), as: UTF8.self)
            if export != nil { pictures.append((FrontierChart.fileName, try FrontierChart.svg(summary))) }
            answer = .leverage(summary)
            text = TuneReport.text(summary)
            csv = TuneReport.csv(summary)
        }
        try emit(answer: answer, summaryJSON: summaryJSON, text: text, csv: csv, pictures: pictures, scenario: s, date: date)
    }

    /// Prints and writes the answer to the rate question.
    func output(rate summary: RateSummary, scenario s: Scenario) throws {
        let summaryJSON = String(decoding: try Exporter.encoder().encode(summary), as: UTF8.self)
        var pictures: [(name: String, contents: String)] = []
        if export != nil { pictures.append((RateChart.fileName, try RateChart.svg(summary))) }
        try emit(answer: .maintenanceRate(summary), summaryJSON: summaryJSON, text: TuneReport.text(summary),
                 csv: TuneReport.csv(summary), pictures: pictures, scenario: s, date: Date())
    }

    func emit(answer: TuneHTMLReport.Answer, summaryJSON: String, text: String, csv: String,
              pictures: [(name: String, contents: String)], scenario s: Scenario, date: Date) throws {
        print(json ? summaryJSON : text)
        if let export {
            try ExportDirectory.write([("tune.json", summaryJSON + "\n"), ("frontier.csv", csv)] + pictures, to: export, quiet: quiet)
        }
        if let report {
            let page = try TuneHTMLReport(answer: answer, scenario: s, scenarioPath: scenario.file, date: date,
                                          tuneArguments: tuneArguments).html()
            try ReportFile.write(page, to: report, quiet: quiet)
        }
    }
}
