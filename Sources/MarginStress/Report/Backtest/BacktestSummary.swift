import Foundation

/// What `backtest --json` prints: the run's settings (stated in every output: horizon, windows, hold, closes-only
/// monitoring), the books, and every model's tests on every book.
public struct BacktestSummary: Sendable, Encodable {
    public struct Book: Sendable, Encodable {
        public var name: String
        public var weights: [String: Double]
        public var capital: Double
        public var leverage: Double
        public var maintenanceMarginRate: Double
    }

    public var schemaVersion = 1
    public var command = "backtest"
    public var toolVersion: String
    public var prices: String
    /// First and last forecast dates and their number.
    public var from: String
    public var to: String
    public var forecasts: Int
    public var horizonDays: Int
    public var windows: String
    public var hold: BacktestHold
    public var holdDescription: String
    public var refitEvery: Int
    public var paths: Int
    public var seed: UInt64
    public var levels: [Double]
    public var liquidationMonitoring = "closes only: equity against maintenance margin at each daily close within the horizon"
    public var models: [String: String]
    public var books: [Book]
    public var results: [BacktestEvaluation]
    public var seconds: Double

    public init(backtester: Backtester, dates: [Int], evaluations: [BacktestEvaluation], seconds: Double, toolVersion: String) {
        let s = backtester.settings, p = backtester.prices
        self.toolVersion = toolVersion
        prices = p.source
        from = dates.first.map { p.dates[$0] } ?? ""
        to = dates.last.map { p.dates[$0] } ?? ""
        forecasts = dates.count
        horizonDays = s.horizon
        windows = s.horizon == 1 ? "one day" : (s.overlapping ? "overlapping \(s.horizon)-day windows, one forecast a day" : "non-overlapping \(s.horizon)-day windows")
        hold = s.hold
        holdDescription = s.hold.sentence
        refitEvery = s.refit
        paths = s.paths
        seed = s.seed
        levels = s.levels
        models = Dictionary(uniqueKeysWithValues: s.models.map { ($0.name, $0.description) })
        books = backtester.books.map { Book(name: $0.name, weights: Dictionary(uniqueKeysWithValues: $0.weights.map { ($0.symbol, $0.weight) }),
                                             capital: $0.capital, leverage: $0.leverage, maintenanceMarginRate: $0.maintenanceMarginRate) }
        results = evaluations
        self.seconds = seconds
    }
}
