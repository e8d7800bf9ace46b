/// `market.distribution.history`, validated: the price window a historical model resamples, and how.
///
/// `historical` draws each period's joint vector of log-returns `r_t = log(P_{t+1} / P_t)` from the window: i.i.d.
/// (each period uniform over the window) or by the stationary bootstrap (Politis and Romano 1994: the next period
/// continues the block, wrapping around the window's end, with probability 1 - 1/meanBlockLength, else a new block
/// starts at a uniform period, so block lengths are geometric with mean meanBlockLength). Dependence across assets,
/// fat tails and, with blocks, short-range dependence in time are the data's own.
///
/// `filtered-historical` (Barone-Adesi, Giannopoulos and Vosper 1999) resamples, the same way, the joint vectors of
/// standardised residuals z_t = (r_t - mean) / sqrt(h_t), with h each asset's filtered variance (EWMA or GARCH), and
/// rescales them by the variance each simulated path generates from its own returns (`FilteredHistoricalShocks`).
///
/// The returns come from a file (`file`, read by `Scenario.loadingHistory()` after validation) or are given in
/// memory (`init(returns:...)`, e.g. by a backtest that already holds the prices).
public struct HistorySpec: Sendable, Equatable, Codable {
    public enum Bootstrap: Sendable, Equatable, Codable {
        case iid
        /// Politis-Romano stationary bootstrap with geometric block lengths of this mean (>= 1; 1 is i.i.d.).
        case stationary(meanBlockLength: Double)
    }

    /// How filtered-historical standardises each asset's returns.
    public enum Filter: Sendable, Equatable, Codable {
        /// RiskMetrics: h_{t+1} = lambda h_t + (1 - lambda) r_t², h_1 = the window's mean of r² (`EWMA.variancePath`).
        case ewma(lambda: Double)
        /// The GARCH(1,1) / GJR recursion of `market.distribution.garch` (per asset), with its mean.
        case garch
    }

    /// The file as written in the scenario (nil: returns given in memory).
    public var file: String?
    /// The path the file is read from: `file` resolved against the scenario file's folder (not part of the digest).
    public var path: String?
    public var window: Int?
    public var from: String?
    public var to: String?
    public var bootstrap: Bootstrap
    /// filtered-historical only (nil for historical).
    public var filter: Filter?
    /// Filter garch: per asset of `Scenario.assets` (nil for an asset without an entry).
    public var garch: [GARCHSpec.Parameters?]?
    /// Periods of the data per year; nil: the simulation's days per year.
    public var daysPerYear: Double?
    /// The window's log-returns per asset of `Scenario.assets` (empty for an asset that does not move), filled by
    /// `Scenario.loadingHistory()` or given; every non-empty column has the same length.
    public var returns: [[Double]] = []
    /// The dates of the first and last return of the window, once read from a file.
    public var firstDate: String? = nil
    public var lastDate: String? = nil

    enum CodingKeys: String, CodingKey {
        case file, window, from, to, bootstrap, filter, garch, daysPerYear, returns, firstDate, lastDate
    }

    /// A model read from `file` (by `Scenario.loadingHistory()`).
    public init(file: String, path: String? = nil, window: Int? = nil, from: String? = nil, to: String? = nil,
                bootstrap: Bootstrap = .iid, filter: Filter? = nil, garch: [GARCHSpec.Parameters?]? = nil,
                daysPerYear: Double? = nil) {
        self.file = file
        self.path = path
        self.window = window
        self.from = from
        self.to = to
        self.bootstrap = bootstrap
        self.filter = filter
        self.garch = garch
        self.daysPerYear = daysPerYear
    }

    /// A model of returns already in memory: `returns[i]` holds asset i's per-period log-returns (asset order of
    /// `Scenario.assets`; empty for an asset that does not move), oldest first, all the same length T >= 1.
    public init(returns: [[Double]], bootstrap: Bootstrap = .iid, filter: Filter? = nil,
                garch: [GARCHSpec.Parameters?]? = nil, daysPerYear: Double? = nil) {
        let lengths = Set(returns.map(\.count).filter { $0 > 0 })
        precondition(lengths.count == 1, "every moving asset's returns, over the same T >= 1 periods")
        self.returns = returns
        self.bootstrap = bootstrap
        self.filter = filter
        self.garch = garch
        self.daysPerYear = daysPerYear
    }

    /// True once the returns are known (read from the file or given).
    public var isLoaded: Bool { returns.contains { !$0.isEmpty } }
    /// Periods in the window (T).
    public var periods: Int { returns.first { !$0.isEmpty }?.count ?? 0 }
}

extension Scenario {
    /// The history a historical or filtered-historical model resamples; nil for the other models.
    public var historySpec: HistorySpec? {
        get {
            switch distribution {
            case .historical(let h), .filteredHistorical(let h): return h
            default: return nil
            }
        }
        set {
            guard let newValue else { return }
            switch distribution {
            case .historical: distribution = .historical(newValue)
            case .filteredHistorical: distribution = .filteredHistorical(newValue)
            default: break
            }
        }
    }
}

extension HistorySpec {
    static func trim(_ x: Double) -> String {
        var text = String(x)
        while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// "-block(5)" for the stationary bootstrap, "" for i.i.d. (the suffix of the model's name).
    public var bootstrapKey: String {
        if case .stationary(let length) = bootstrap { return "-block(\(Self.trim(length)))" }
        return ""
    }

    /// "the 500 periods of prices.csv (2016-01-04 to 2017-12-29)", or "the 500 periods given".
    public var windowText: String {
        let source = file.map { "of \($0)" } ?? "given"
        let dates = firstDate.flatMap { a in lastDate.map { " (\(a) to \($0))" } } ?? ""
        return "the \(periods) periods \(source)\(dates)"
    }

    /// "i.i.d." or "by the stationary block bootstrap (mean block length 5)".
    public var bootstrapText: String {
        if case .stationary(let length) = bootstrap {
            return "by the stationary block bootstrap (mean block length \(Self.trim(length)) periods)"
        }
        return "i.i.d."
    }

    /// "EWMA(0.94) volatility" or "GARCH volatility".
    public var filterText: String {
        switch filter {
        case .garch?: return "GARCH(1,1) volatility"
        case .ewma(let lambda)?: return "EWMA(\(Self.trim(lambda))) volatility"
        case nil: return "volatility"
        }
    }
}
