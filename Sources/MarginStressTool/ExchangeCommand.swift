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
        try refuseUnsupported(s, .exchange)
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
        let book: AccountBook
        if let accounts, let positions, let collateral {
            do {
                let raw = try ScenarioLoader.read(path: scenario.file ?? "")
                let schedules = try ScenarioValidator.schedules(of: raw, source: scenario.file ?? "")
                book = try AccountBook(accounts: accounts, positions: positions, collateral: collateral, market: s, schedules: schedules)
            } catch {
                printError("\(error)")
                throw ExitCode(65)
            }
        } else {
            book = AccountBook(scenario: s)
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
        let analysis: ExchangeAnalysis
        do { analysis = try ExchangeAnalysis(book: book, scenario: s, rules: rules) } catch {
            printError("cannot factor the correlation matrix: \(error)")
            throw ExitCode.failure
        }
        let control = RunControl()
        InterruptHandling.install(control)
        let driver = BlockDriver(paths: s.paths, workers: s.workers)
        let progress = SimulationProgress(total: s.paths)
        let bar = display.start(progress, quiet: quiet)
        let outcome = await driver.run(analysis, blocks: 0..<driver.totalBlocks, progress: progress, control: control)
        await bar?.finish()
        var summary = ExchangeSummary(scenario: s, analysis: analysis, names: book.names, partial: outcome.partial,
                                      everyStep: everyStep)
        if let signal = outcome.interruptedBy {
            summary.warnings.append("INTERRUPTED by \(signal == 2 ? "SIGINT" : "SIGTERM"): these figures rest on the \(outcome.partial.paths) paths completed")
        }
        let jsonText = String(decoding: try Exporter.encoder().encode(summary), as: UTF8.self)
        let text = json ? jsonText : summary.text
        OutputSize.warnIfLarge(text.utf8.count, "standard output")
        print(text)
        if !json && !quiet {
            let unitSteps = Double(analysis.valuation.unitCount) * Double(outcome.partial.paths) * Double(s.steps)
            printError("\(Honest.format(outcome.seconds, decimals: 1)) s on \(outcome.workers) workers: \(Honest.format(unitSteps / max(outcome.seconds, 1e-9) / 1e6, decimals: 1)) million account-path-steps per second")
        }
        if let export {
            try ExportDirectory.write([("exchange.json", jsonText + "\n"), ("exchange_accounts.csv", summary.accountsCSV)], to: export, quiet: quiet)
        }
        if let report { try ReportFile.write(ExchangeHTMLReport(summary: summary, date: Date()).html(), to: report, quiet: quiet) }
        if let signal = outcome.interruptedBy { throw InterruptHandling.exitCode(signal) }
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
