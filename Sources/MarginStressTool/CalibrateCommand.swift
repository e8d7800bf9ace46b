import ArgumentParser
import Foundation
import MarginStress

extension CalibrationOptions.Method: ExpressibleByArgument {}
extension CalibrationOptions.Model: ExpressibleByArgument {}
extension CalibrationOptions.Shrinkage: ExpressibleByArgument {}
extension CalibrationOptions.GARCHVariant: ExpressibleByArgument {}

/// `margin-stress calibrate PRICES.csv`: estimates a `market` section from price history and prints it.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Estimate a market section (prices, volatilities, correlations, shock model) from a price file.",
        discussion: """
            PRICES.csv is wide (Date,TICKER,... as pandas writes it) or long (date,symbol,price). Prints YAML with a \
            comment block (what was estimated, over which dates, each standard error), or JSON with --json, ready to \
            paste into a scenario. Prices are the last row's.
            """)

    @Argument(help: "The price file (CSV, wide or long form).")
    var file: String
    @Option(help: "Comma-separated assets to keep, in this order (default: every column).")
    var assets: String?
    @Option(help: "First date (YYYY-MM-DD, inclusive).")
    var from: String?
    @Option(help: "Last date (YYYY-MM-DD, inclusive).")
    var to: String?
    @Option(help: "Use only the last N returns (up to --to).")
    var window: Int?
    @Option(help: "Volatilities and correlations: sample or ewma.")
    var method: CalibrationOptions.Method = .sample
    @Option(help: "EWMA decay (also the filtered-historical filter).")
    var lambda: Double = 0.94
    @Option(help: "Correlation shrinkage: none or ledoit-wolf.")
    var shrink: CalibrationOptions.Shrinkage = .none
    @Option(help: "Shock model: gaussian, student-t, garch, historical or filtered-historical (EWMA filter, --lambda); history.file is written as given: make it relative to the scenario file.")
    var model: CalibrationOptions.Model = .gaussian
    @Option(help: "With --model garch: gjr (GJR-GARCH(1,1), with the leverage term gamma) or plain (GARCH(1,1), gamma 0).")
    var garch: CalibrationOptions.GARCHVariant = .gjr
    @Flag(help: "Also estimate market-wide Merton jumps (intensity, mean, spread, betas).")
    var jumps = false
    @Option(name: .customLong("days-per-year"), help: "Periods per year of the data: 252 (trading days) or 365.")
    var daysPerYear: Double = 252
    @Option(help: "Append a cash asset with this symbol (price 1, volatility 0), e.g. USD, for the account's collateral.")
    var cash: String?
    @Flag(help: "Print JSON instead of YAML.")
    var json = false

    func validate() throws {
        guard daysPerYear == 252 || daysPerYear == 365 else {
            throw ValidationError("--days-per-year must be 252 (trading days) or 365 (calendar days)")
        }
        guard lambda > 0 && lambda < 1 else { throw ValidationError("--lambda must be between 0 and 1, e.g. 0.94") }
        if let window, window < 2 { throw ValidationError("--window must be at least 2 returns") }
        if let cash, assets?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == cash }) == true {
            throw ValidationError("--cash \(cash) is also in --assets; name the cash asset once")
        }
        if garch == .plain && model != .garch { throw ValidationError("--garch plain applies to --model garch only; add --model garch or drop --garch") }
        if window != nil && from != nil { throw ValidationError("give --window or --from, not both (--window counts back from --to)") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            printError("calibrate: \(file): no such file; give a price CSV (Date,TICKER,... or date,symbol,price)")
            throw ExitCode(66)
        }
        let selection = PriceHistory.Selection(
            assets: assets.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            from: from, to: to, window: window)
        var options = CalibrationOptions(file: file, selection: selection, method: method, lambda: lambda, shrinkage: shrink,
                                         model: model, jumps: jumps, daysPerYear: daysPerYear, cash: cash)
        options.garchVariant = garch
        let calibration: Calibration
        do {
            calibration = try Calibration(options)
        } catch {
            printError("calibrate: \(error)")
            throw ExitCode(65)
        }
        print(json ? calibration.json : calibration.yaml, terminator: "")
    }
}
