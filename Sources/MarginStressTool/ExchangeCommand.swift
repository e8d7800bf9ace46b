import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress exchange SCENARIO --accounts A --positions P --collateral C`: a whole book on the same paths.
struct ExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Mark every account of a book on the same paths: liquidations, liquidated notional and bad debt.",
        discussion: """
            The scenario file gives the market, the margin schedules by name (account.marginSchedules) and the \
            simulation; the book's accounts, positions and collateral come from three CSV tables (as pandas writes \
            them). Without the tables, the book is the scenario's own account. Every account is marked at every \
            step on the same paths and liquidated whole when its equity falls below maintenance margin; the \
            liquidation flow moves prices (--depth), the insurance fund pays bad debt, and beyond it \
            auto-deleveraging closes the most profitable opposite positions (profit ratio x effective leverage) \
            at the bankrupt position's price.
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var sharding: ShardOptions

    /// Set by `merge` (from a shard's file): the digest the scenario file and tables must have.
    @Option(help: .hidden)
    var bookDigest: String?

    @Option(help: ArgumentHelp("Accounts table: account,mode,schedule.", valueName: "accounts.csv"))
    var accounts: String?

    @Option(help: ArgumentHelp("Positions table: account,asset,quantity,entryPrice.", valueName: "positions.csv"))
    var positions: String?

    @Option(help: ArgumentHelp("Collateral table: account,asset,amount[,haircut].", valueName: "collateral.csv"))
    var collateral: String?

    @Option(help: ArgumentHelp("Impact law of the liquidation flow: linear or sqrt (in flow over depth).", valueName: "law"))
    var impact: String = "linear"

    @Option(help: ArgumentHelp("Depth of an asset in quote currency, e.g. BTC=2e8 (repeat per asset); without it, no impact on that asset.",
                               valueName: "SYMBOL=D"))
    var depth: [String] = []

    @Option(help: ArgumentHelp("Impact coefficient of an asset (default 1), e.g. BTC=0.5.", valueName: "SYMBOL=C"))
    var impactCoefficient: [String] = []

    @Option(help: ArgumentHelp("Half-life of the impact across steps, in hours (default: no decay).", valueName: "hours"))
    var impactHalfLife: Double?

    @Option(help: "Most rounds of a cascade within one step (reported when reached).")
    var maxRounds: Int = 20

    @Option(help: "Insurance fund at the start, in quote currency (default: the scenario's venue preset's, else 0).")
    var insuranceFund: Double?

    @Option(help: "Liquidation fee paid into the fund, as a fraction of the notional liquidated (out of the equity left; default: the scenario's venue preset's, else 0).")
    var liquidationFeeRate: Double?

    @Option(help: ArgumentHelp("Liquidation style: full, chunks (Hyperliquid: 20% chunks above 100,000 of notional, backstop below 2/3 of maintenance) or fillable-price (dYdX penalty, capped at 1.5%); default: the scenario's venue preset's, else full.",
                               valueName: "style"))
    var liquidationStyle: String?

    @Flag(name: .customLong("auto-deleverage"),
          help: "Close bad debt beyond the insurance fund against the ranked opposite positions (auto-deleveraging); without it the bad debt stays uncovered. Each event ranks every open account: slow for large books whose fund runs out.")
    var autoDeleverage = false

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("Write exchange.json and exchange_accounts.csv (per-account liquidation probability with its Wilson interval) into this directory.",
                               valueName: "dir"))
    var export: String?

    @OptionGroup var display: ProgressOptions

    @Flag(help: "Keep every step in the per-step series (survival curve, liquidations by step); by default runs of more than 1,000 steps keep about 1,000 points, merging steps.")
    var everyStep = false

    @Option(help: ArgumentHelp("Write an HTML report (distributions, cascade depths, largest contributors to bad debt) to this file.",
                               valueName: "FILE.html"))
    var report: String?

    @Flag(help: "No progress bar on standard error.")
    var quiet = false

    func validate() throws {
        let given = [accounts, positions, collateral].compactMap { $0 }.count
        if given != 0 && given != 3 {
            throw ValidationError("give all three tables (--accounts, --positions, --collateral) or none (the scenario's own account)")
        }
    }

    func run() async throws {
        let s = try scenario.load()
        try refuseUnsupported(s, .exchange, sharded: sharding.isSharded)
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
        let (book, analysis, digest) = try plan(s)
        let control = RunControl()
        InterruptHandling.install(control)
        let driver = BlockDriver(paths: s.paths, workers: s.workers)
        let (blocks, shard) = try sharding.blocks(driver)
        let progress = SimulationProgress(total: driver.paths(inBlocks: blocks))
        let bar = display.start(progress, quiet: quiet)
        let outcome = await driver.run(analysis, blocks: blocks, progress: progress, control: control)
        await bar?.finish()
        if let path = sharding.partial {
            try writePartial(PartialResultFile(command: "exchange", arguments: exchangeArguments(bookDigest: digest), scenario: s,
                                               outcome: outcome, planned: blocks, totalBlocks: driver.totalBlocks,
                                               scenarioFile: scenario.file, shard: shard), to: path)
        }
        var notes: [String] = []
        if let shard {
            notes.append("SHARD \(shard.index)/\(shard.count): these figures rest on the shard's \(Honest.count(outcome.partial.paths)) paths only (blocks \(blocks.lowerBound)..<\(blocks.upperBound) of \(driver.totalBlocks)); `margin-stress merge` of every shard's --partial file gives the whole run")
        }
        if let signal = outcome.interruptedBy {
            notes.append("INTERRUPTED by \(signal == 2 ? "SIGINT" : "SIGTERM"): these figures rest on the \(outcome.partial.paths) paths completed")
        }
        try output(analysis, names: book.names, partial: outcome.partial, scenario: s, notes: notes,
                   seconds: outcome.seconds, workers: outcome.workers)
        if let signal = outcome.interruptedBy { throw InterruptHandling.exitCode(signal) }
    }

    /// The book, the analysis and the digest of the files read (scenario file and tables), or a printed problem
    /// and its exit code (65 a file, 64 an option).
    func plan(_ s: Scenario) throws -> (book: AccountBook, analysis: ExchangeAnalysis, digest: String) {
        let book: AccountBook
        let digest: String
        do {
            digest = try BookDigest.of(files: [scenario.file, accounts, positions, collateral].compactMap { $0 })
            if let bookDigest, bookDigest != digest {
                throw BookError(issues: [BookIssue(file: "--book-digest", message: "the scenario file and book tables read now have digest \(digest), the shards read \(bookDigest): they changed since the shards ran; merge with the files the shards read, from the directory they ran in (the tables are named as on their command line)")])
            }
            if let accounts, let positions, let collateral {
                let raw = try ScenarioLoader.read(path: scenario.file ?? "")
                let schedules = try ScenarioValidator.schedules(of: raw, source: scenario.file ?? "")
                book = try AccountBook(accounts: accounts, positions: positions, collateral: collateral, market: s, schedules: schedules)
            } else {
                book = AccountBook(scenario: s)
            }
        } catch {
            printError("\(error)")
            throw ExitCode(65)
        }
        let rules: ExchangeRules
        var preset: VenuePreset? = nil
        do {
            if let file = scenario.file, let venue = try ScenarioLoader.read(path: file).account?.venue {
                preset = try VenuePresets.preset(venue, source: file)
            }
        } catch {
            printError("\(error)")
            throw ExitCode(65)
        }
        do {
            guard let law = ExchangeRules.Law(rawValue: impact) else {
                throw BookError(issues: [BookIssue(file: "--impact", message: "\"\(impact)\" is not an impact law; use linear or sqrt")])
            }
            var style: ExchangeRules.Style? = nil
            if let liquidationStyle {
                guard let st = ExchangeRules.Style(rawValue: liquidationStyle) else {
                    throw BookError(issues: [BookIssue(file: "--liquidation-style", message: "\"\(liquidationStyle)\" is not a liquidation style; use full, chunks or fillable-price")])
                }
                style = st
            }
            var r = try ExchangeRules(symbols: s.assets.map(\.symbol), law: law, depth: try pairs(depth, "--depth"),
                                      coefficient: try pairs(impactCoefficient, "--impact-coefficient"), halfLifeHours: impactHalfLife,
                                      maxRounds: maxRounds, insuranceFund: insuranceFund ?? preset?.insuranceFund ?? 0,
                                      liquidationFeeRate: liquidationFeeRate ?? preset?.liquidationFeeRate ?? 0,
                                      autoDeleverage: autoDeleverage)
            if let preset { r = r.applying(preset) }
            if let style { r.style = style }
            rules = r
        } catch {
            printError("\(error)")
            throw ExitCode(64)
        }
        do { return (book, try ExchangeAnalysis(book: book, scenario: s, rules: rules), digest) } catch {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
    }

    /// Prints the summary (table or JSON) and writes the files asked for; `seconds` and `workers` only for the
    /// throughput line on standard error.
    func output(_ analysis: ExchangeAnalysis, names: [String], partial: ExchangePartial, scenario s: Scenario,
                notes: [String], seconds: Double, workers: Int) throws {
        var summary = ExchangeSummary(scenario: s, analysis: analysis, names: names, partial: partial, everyStep: everyStep)
        summary.warnings += notes
        let jsonText = String(decoding: try Exporter.encoder().encode(summary), as: UTF8.self)
        let text = json ? jsonText : summary.text
        OutputSize.warnIfLarge(text.utf8.count, "standard output")
        print(text)
        if !json && !quiet {
            let unitSteps = Double(analysis.valuation.unitCount) * Double(partial.paths) * Double(s.steps)
            printError("\(Honest.format(seconds, decimals: 1)) s on \(workers) workers: \(Honest.format(unitSteps / max(seconds, 1e-9) / 1e6, decimals: 1)) million account-path-steps per second")
        }
        if let export {
            try ExportDirectory.write([("exchange.json", jsonText + "\n"), ("exchange_accounts.csv", summary.accountsCSV)], to: export, quiet: quiet)
        }
        if let report { try ReportFile.write(ExchangeHTMLReport(summary: summary, date: Date()).html(), to: report, quiet: quiet) }
    }

    /// The options that shape the result, as arguments (what a shard records and `merge` parses again), with the
    /// digest of the files read.
    func exchangeArguments(bookDigest digest: String) -> [String] {
        var words: [String] = []
        if let accounts, let positions, let collateral {
            words += ["--accounts", accounts, "--positions", positions, "--collateral", collateral]
        }
        words += ["--impact", impact]
        for d in depth { words += ["--depth", d] }
        for c in impactCoefficient { words += ["--impact-coefficient", c] }
        if let impactHalfLife { words += ["--impact-half-life", "\(impactHalfLife)"] }
        words += ["--max-rounds", String(maxRounds)]
        if let insuranceFund { words += ["--insurance-fund", "\(insuranceFund)"] }
        if let liquidationFeeRate { words += ["--liquidation-fee-rate", "\(liquidationFeeRate)"] }
        if let liquidationStyle { words += ["--liquidation-style", liquidationStyle] }
        if autoDeleverage { words.append("--auto-deleverage") }
        return words + ["--book-digest", digest]
    }

    /// `SYMBOL=VALUE` options as a dictionary.
    func pairs(_ items: [String], _ option: String) throws(BookError) -> [String: Double] {
        var out: [String: Double] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let v = Double(parts[1]) else {
                throw BookError(issues: [BookIssue(file: option, message: "\"\(item)\" is not SYMBOL=NUMBER, e.g. BTC=2e8")])
            }
            out[String(parts[0])] = v
        }
        return out
    }
}
