import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress backtest PRICES.csv --book BOOK.yaml`: rolling out-of-sample backtest of VaR, ES and the
/// liquidation probability.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest VaR, ES and liquidation probabilities on a price history, strictly out of sample.",
        discussion: """
            For each date t from --from to --to, every model is calibrated on the returns up to t-1 only, the books \
            are simulated together over --horizon days (one step per daily close) through the engine, and the \
            forecasts are compared with what the closes did. Outputs state the horizon, the windows and how the \
            book is held (--hold weights: constant notional weights re-struck each day; quantities: constant \
            quantities struck on the first date). Liquidation is checked at closes only.
            """)

    @Argument(help: ArgumentHelp("Daily closes: CSV with a Date column and one column per asset (as pandas writes it), or long form date,symbol,price.", valueName: "prices.csv"))
    var prices: String

    @Option(name: .customLong("book"), help: ArgumentHelp("A book file (YAML or JSON: name, weights {SYMBOL: fraction of capital}, capital, leverage, maintenanceMarginRate); repeat for several books.", valueName: "book.yaml"))
    var books: [String] = []

    @Option(help: ArgumentHelp("First forecast date (YYYY-MM-DD); default the first date with 250 returns before it (or the longest window a model needs).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last forecast date (YYYY-MM-DD); default the last date the horizon allows.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Models, comma-separated: \(BacktestModel.names.joined(separator: ", ")).", valueName: "list"))
    var model = "gaussian,student-t"

    @Option(help: ArgumentHelp("EWMA decay of the covariance.", valueName: "lambda"))
    var lambda = 0.94

    @Option(name: .customLong("degrees-of-freedom"), help: "Student-t degrees of freedom.")
    var degreesOfFreedom = 4.0

    @Option(help: ArgumentHelp("VaR and ES levels, comma-separated.", valueName: "list"))
    var levels = "0.99,0.975"

    @Option(help: ArgumentHelp("Trading days ahead (one simulation step per day).", valueName: "days"))
    var horizon = 1

    @Flag(help: "With --horizon above 1, forecast every day (overlapping windows) instead of every horizon days.")
    var overlapping = false

    @Option(help: ArgumentHelp("Re-estimate model parameters (garch, filtered-historical-garch) every N forecast dates; the EWMA covariance and the GARCH variances move every day.", valueName: "N"))
    var refit = 20

    @Option(help: ArgumentHelp("Returns each GARCH fit uses (garch, filtered-historical-garch; the last ones before the date).", valueName: "days"))
    var window = 1_000

    @Option(name: .customLong("history-window"), help: ArgumentHelp("Days the historical, filtered-historical and filtered-historical-garch models resample (the last ones before the date).", valueName: "days"))
    var historyWindow = 500

    @Option(help: "How the book is held: weights (re-struck daily) or quantities (struck on the first date).")
    var hold: BacktestHold = .weights

    @Option(help: ArgumentHelp("Leverage of every book (positions = weights x leverage x capital); default each book's own.", valueName: "x"))
    var leverage: Double?

    @Option(name: .customLong("maintenance-rate"), help: ArgumentHelp("Maintenance margin rate of every book; default each book's own.", valueName: "rate"))
    var maintenanceRate: Double?

    @Option(help: "Paths simulated per date (shared by the books).")
    var paths = 20_000

    @Option(help: "Seed of the random streams (the same for every model).")
    var seed: UInt64 = 42

    @Option(help: "Worker threads; 0 for one per core.")
    var workers = 0

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("Write backtest.json and backtest.csv (one row per model, book and date) into this directory.", valueName: "dir"))
    var export: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (test table, traffic-light strip, exceedance charts, reliability diagrams) to this file.", valueName: "file.html"))
    var report: String?

    @OptionGroup var display: ProgressOptions

    @Flag(help: "No progress bar on standard error.")
    var quiet = false


    func parsedList<T>(_ text: String, _ name: String, _ parse: (String) -> T?) throws -> [T] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [T] = []
        for p in parts {
            guard let v = parse(p) else { throw ValidationError("--\(name): cannot read '\(p)'") }
            out.append(v)
        }
        if out.isEmpty { throw ValidationError("--\(name): give at least one value") }
        return out
    }

    func validate() throws {
        if books.isEmpty { throw ValidationError("--book: give at least one book file (name, weights {SYMBOL: fraction of capital})") }
        if horizon < 1 { throw ValidationError("--horizon: must be at least 1 day") }
        if refit < 1 { throw ValidationError("--refit: must be at least 1") }
        if paths < 100 { throw ValidationError("--paths: at least 100 paths a date, e.g. 20000") }
        if !(lambda > 0 && lambda < 1) { throw ValidationError("--lambda: must be in (0, 1), e.g. 0.94") }
        if !(degreesOfFreedom > 2) { throw ValidationError("--degrees-of-freedom: must exceed 2 (unit variance), e.g. 4") }
        if let leverage, !(leverage > 0) { throw ValidationError("--leverage: must be positive, e.g. 10") }
        if let m = maintenanceRate, !(m >= 0 && m < 1) { throw ValidationError("--maintenance-rate: must be in [0, 1), e.g. 0.05") }
        for name in model.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where BacktestModel.named(name) == nil {
            throw ValidationError("--model: unknown model '\(name)'; choose from \(BacktestModel.names.joined(separator: ", "))")
        }
        if horizon > 1 && model.contains("garch") {
            throw ValidationError("--model garch: only with --horizon 1 (the GARCH variance would have to evolve within the horizon); use gaussian or student-t for longer horizons")
        }
        if window < 100 { throw ValidationError("--window: at least 100 returns for a GARCH fit, e.g. 1000") }
        if historyWindow < 20 { throw ValidationError("--history-window: at least 20 days to resample, e.g. 500") }
        for l in levels.split(separator: ",") {
            guard let v = Double(l.trimmingCharacters(in: .whitespaces)), v > 0.5, v < 1 else {
                throw ValidationError("--levels: '\(l)' is not a level in (0.5, 1) such as 0.99")
            }
        }
    }

    func run() async throws {
        let clock = ContinuousClock(), start = clock.now
        try ExportDirectory.prepare(export)
        try ReportFile.check(report)
        let history: PriceHistory
        do { history = try PriceHistory(contentsOfFile: prices) } catch {
            printError("\(error)")
            throw ExitCode(FileManager.default.fileExists(atPath: prices) ? 65 : 66)
        }
        var loaded: [BacktestBook] = []
        for path in books {
            do {
                var b = try BacktestBook.load(path: path)
                if let leverage { b.leverage = leverage }
                if let maintenanceRate { b.maintenanceMarginRate = maintenanceRate }
                loaded.append(b)
            } catch {
                printError("\(error)")
                throw ExitCode(FileManager.default.fileExists(atPath: path) ? 65 : 66)
            }
        }
        let models = try parsedList(model, "model") { BacktestModel.named($0, lambda: lambda, degreesOfFreedom: degreesOfFreedom, window: window,
                                                                             historyWindow: historyWindow) }
        let settings = BacktestSettings(models: models, levels: try parsedList(levels, "levels") { Double($0) }, horizon: horizon,
                                        overlapping: overlapping, refit: refit, hold: hold, paths: paths, seed: seed, workers: workers)
        let backtester: Backtester
        do { backtester = try Backtester(prices: history, books: loaded, settings: settings) } catch {
            printError("\(error)")
            throw ExitCode(65)
        }
        let first = try dateIndex(from, history, default: min(1 + max(250, models.compactMap(\.window).max() ?? 0), history.count - 1), name: "from")
        let last = try dateIndex(to, history, default: history.count - 1, name: "to")
        let dates = backtester.forecastDates(first...max(first, last))
        if dates.isEmpty {
            printError("--from/--to: no forecast date between \(history.dates[first]) and \(history.dates[last]) leaves a return before it and \(horizon) day(s) after it")
            throw ExitCode(64)
        }
        let progress = SimulationProgress(total: dates.count * paths * models.count)
        let bar = display.start(progress, quiet: quiet)
        let series: [BacktestSeries]
        do { series = try await backtester.run(dates: dates, progress: progress) } catch let error as BacktestError {
            await bar?.finish()
            printError("\(error)")
            throw ExitCode(65)
        }
        await bar?.finish()
        let evaluations = series.map { BacktestEvaluation($0, levels: settings.levels, esSimulations: settings.esSimulations, seed: seed) }
        let summary = BacktestSummary(backtester: backtester, dates: dates, evaluations: evaluations,
                                      seconds: (clock.now - start) / .seconds(1), toolVersion: RunSummary.toolVersion)
        let jsonText = String(decoding: try Exporter.encoder().encode(summary), as: UTF8.self)
        print(json ? jsonText : BacktestReport.text(summary))
        if let export {
            try ExportDirectory.write([("backtest.json", jsonText + "\n"),
                                       ("backtest.csv", BacktestReport.csv(series, dates: history.dates, levels: settings.levels))],
                                      to: export, quiet: quiet)
        }
        if let report {
            try ReportFile.write(BacktestHTMLReport(summary: summary, series: series, dates: history.dates).html, to: report, quiet: quiet)
        }
    }

    /// The index of `date` among the prices' dates (the first date on or after it), or `default`.
    func dateIndex(_ date: String?, _ history: PriceHistory, default value: Int, name: String) throws -> Int {
        guard let date else { return value }
        guard let i = history.dates.firstIndex(where: { $0 >= date }) else {
            printError("--\(name): \(date) is after the last date of \(history.source) (\(history.dates.last ?? "none"))")
            throw ExitCode(64)
        }
        return name == "to" && history.dates[i] != date ? max(0, i - 1) : i
    }
}

extension BacktestHold: ExpressibleByArgument {}
