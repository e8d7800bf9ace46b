import Foundation

/// How the book is held from one forecast to the next.
public enum BacktestHold: String, Sendable, Codable, CaseIterable {
    /// Constant notional weights, re-struck each day: quantities q_i = w_i x leverage x capital / P_i,t-1.
    case weights
    /// Constant quantities, struck once at the first forecast date's prices.
    case quantities

    public var sentence: String {
        switch self {
        case .weights: "constant notional weights, re-struck each day"
        case .quantities: "constant quantities struck on the first date"
        }
    }
}

/// Everything a backtest run needs besides the prices and books.
public struct BacktestSettings: Sendable, Codable, Equatable {
    public var models: [BacktestModel]
    /// Forecast levels (0.99 = 99% VaR and ES).
    public var levels: [Double]
    /// Trading days ahead; one simulation step per day (closes only).
    public var horizon: Int
    /// Forecasts every `horizon` days (non-overlapping windows) when false, every day when true.
    public var overlapping: Bool
    /// The model is recalibrated every `refit` forecast dates; between refits the last calibration is used.
    public var refit: Int
    public var hold: BacktestHold
    public var paths: Int
    public var seed: UInt64
    public var workers: Int
    /// Quantiles of each forecast's tail kept for the Acerbi-Szekely simulation.
    public var tailSize: Int
    /// Returns averaged to start the EWMA (the first ones of the data, all before the first forecast).
    public var seedDays: Int
    /// Simulations of the Z2 statistic's distribution.
    public var esSimulations: Int

    public init(models: [BacktestModel], levels: [Double] = [0.99, 0.975], horizon: Int = 1, overlapping: Bool = false,
                refit: Int = 1, hold: BacktestHold = .weights, paths: Int = 20_000, seed: UInt64 = 42, workers: Int = 0,
                tailSize: Int = 32, seedDays: Int = 30, esSimulations: Int = 2_000) {
        self.models = models
        self.levels = levels
        self.horizon = horizon
        self.overlapping = overlapping
        self.refit = refit
        self.hold = hold
        self.paths = paths
        self.seed = seed
        self.workers = workers
        self.tailSize = tailSize
        self.seedDays = seedDays
        self.esSimulations = esSimulations
    }
}
