/// What `margin-stress calibrate` estimates from a price file.
public struct CalibrationOptions: Sendable, Equatable {
    /// How volatilities and correlations are estimated.
    public enum Method: String, Sendable, CaseIterable { case sample, ewma }
    /// The shock model written to `market.distribution.type`.
    public enum Model: String, Sendable, CaseIterable {
        case gaussian, studentT = "student-t", garch, filteredHistorical = "filtered-historical", historical
    }
    /// The variance recursion of `garch`: GJR (Glosten, Jagannathan and Runkle 1993, with the leverage term gamma)
    /// or plain GARCH(1,1) (Bollerslev 1986, gamma = 0).
    public enum GARCHVariant: String, Sendable, CaseIterable { case gjr, plain }
    /// Shrinkage of the correlation matrix.
    public enum Shrinkage: String, Sendable, CaseIterable { case none, ledoitWolf = "ledoit-wolf" }

    public var file: String
    public var selection: PriceHistory.Selection
    public var method: Method
    /// EWMA decay (RiskMetrics: 0.94 daily).
    public var lambda: Double
    public var shrinkage: Shrinkage
    public var model: Model
    public var jumps: Bool
    /// Periods per year of the data (252 trading days, 365 calendar days).
    public var daysPerYear: Double
    /// A cash asset (price 1, volatility 0, uncorrelated) appended to the assets, e.g. the account's currency.
    public var cash: String?
    /// `garch`: GJR (default) or plain GARCH(1,1).
    public var garchVariant: GARCHVariant = .gjr

    public init(file: String, selection: PriceHistory.Selection = .init(), method: Method = .sample,
                lambda: Double = 0.94, shrinkage: Shrinkage = .none, model: Model = .gaussian, jumps: Bool = false,
                daysPerYear: Double = 252, cash: String? = nil) {
        self.cash = cash
        self.file = file
        self.selection = selection
        self.method = method
        self.lambda = lambda
        self.shrinkage = shrinkage
        self.model = model
        self.jumps = jumps
        self.daysPerYear = daysPerYear
    }

    /// Returns the estimators need: GARCH 30, jumps 100, otherwise 2 (or more when the selection asks).
    var minimumReturns: Int {
        max(selection.minimumReturns, jumps ? 100 : (model == .garch ? 30 : 2))
    }
}
