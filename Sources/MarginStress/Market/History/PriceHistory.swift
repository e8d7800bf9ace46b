import Foundation

/// Daily (or any periodic) closing prices of some assets, one row per date, ascending, every price positive.
///
/// Built from a CSV file by `PriceHistory(contentsOfFile:selection:)` or `PriceHistory(csv:source:selection:)`
/// (see `PriceHistory+CSV.swift` for the two accepted forms). Only the selected assets and dates are kept, and
/// only they are checked: a column with gaps that is not selected does not stop a calibration of the others.
///
/// Log-return of asset `a` over period `t` (from row `t` to row `t + 1`): `r_t = log(P_{t+1} / P_t)`.
public struct PriceHistory: Sendable, Equatable {
    /// Which part of a file to keep.
    public struct Selection: Sendable, Equatable {
        /// Column names (wide form) or symbols (long form) in the order wanted; nil keeps every column.
        public var assets: [String]?
        /// First date kept (ISO `YYYY-MM-DD`, inclusive); nil: the file's first.
        public var from: String?
        /// Last date kept (inclusive); nil: the file's last.
        public var to: String?
        /// Keep only the last `window` returns (`window + 1` prices) up to `to`; nil keeps all from `from`.
        public var window: Int?
        /// Fewer returns than this is an error (estimators need a few).
        public var minimumReturns: Int

        public init(assets: [String]? = nil, from: String? = nil, to: String? = nil, window: Int? = nil,
                    minimumReturns: Int = 2) {
            self.assets = assets
            self.from = from
            self.to = to
            self.window = window
            self.minimumReturns = minimumReturns
        }
    }

    /// Where the prices came from (the path as given), for messages.
    public let source: String
    /// The selected assets' names, in selection order.
    public let symbols: [String]
    /// ISO dates (`YYYY-MM-DD`), strictly ascending, one per row.
    public let dates: [String]
    /// `prices[a][t]`: the price of asset `a` on `dates[t]`, positive.
    public let prices: [[Double]]
    /// The file line each row came from (1-based, header = 1; long form: the line of the row's first price).
    public let lines: [Int]

    public init(source: String, symbols: [String], dates: [String], prices: [[Double]], lines: [Int]) {
        precondition(prices.count == symbols.count && prices.allSatisfy { $0.count == dates.count })
        precondition(lines.count == dates.count)
        self.source = source
        self.symbols = symbols
        self.dates = dates
        self.prices = prices
        self.lines = lines
    }

    /// Number of dates (rows).
    public var count: Int { dates.count }
    /// Number of returns, `count - 1`.
    public var returnCount: Int { max(0, dates.count - 1) }
    /// The last row's prices, one per asset (the calibrated market's spot prices).
    public var lastPrices: [Double] { prices.map { $0[$0.count - 1] } }

    /// `logReturns()[a][t] = log(prices[a][t + 1] / prices[a][t])`, `returnCount` per asset.
    /// - Complexity: O(assets x rows).
    public func logReturns() -> [[Double]] {
        prices.map { column in
            (0..<(column.count - 1)).map { Foundation.log(column[$0 + 1] / column[$0]) }
        }
    }

    /// The date each return ends on (`dates[1...]`).
    public var returnDates: [String] { Array(dates.dropFirst()) }

    /// The index of an asset by name.
    public func index(of symbol: String) -> Int? { symbols.firstIndex(of: symbol) }
}
