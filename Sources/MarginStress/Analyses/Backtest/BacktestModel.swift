import Foundation

/// A forecasting model of the backtest, calibrated on data up to the day before each forecast.
///
/// - `gaussian`: RiskMetrics (J.P. Morgan 1996) EWMA covariance, Sigma_t = lambda Sigma_{t-1} + (1 - lambda) r_{t-1} r_{t-1}^T
///   (zero mean), Gaussian shocks.
/// - `studentT`: the same covariance with the engine's multivariate Student-t shocks (unit variance,
///   `nu` degrees of freedom, one mixing variable per step shared by all assets).
public enum BacktestModel: Sendable, Equatable, Codable, CustomStringConvertible {
    case gaussian(lambda: Double)
    case studentT(degreesOfFreedom: Double, lambda: Double)
    /// GJR-GARCH(1,1) with Student-t innovations per asset, fitted on the last `window` returns
    /// (`GARCHCovarianceFilter`), residual correlation by EWMA(lambda).
    case garch(window: Int, lambda: Double)
    /// Historical simulation: each day's joint return vector drawn i.i.d. from the last `window` days
    /// (`MarketModel(spot:history:)`, the engine's `HistoricalShocks`).
    case historical(window: Int)
    /// Filtered historical simulation (Barone-Adesi, Giannopoulos and Vosper 1999): the last `window` days'
    /// returns standardised by their EWMA(lambda) volatility, joint residual vectors drawn i.i.d. and rescaled by
    /// the EWMA volatility forecast for the date (`FilteredHistoricalShocks`).
    case filteredHistorical(window: Int, lambda: Double)

    /// The name on the command line and in every output.
    public var name: String {
        switch self {
        case .gaussian: "gaussian"
        case .studentT: "student-t"
        case .garch: "garch"
        case .historical: "historical"
        case .filteredHistorical: "filtered-historical"
        }
    }

    public var description: String {
        switch self {
        case .gaussian(let l): "gaussian EWMA(\(l))"
        case .studentT(let nu, let l): "student-t(\(Self.trim(nu))) EWMA(\(l))"
        case .garch(let w, let l): "GJR-GARCH(1,1)-t per asset on \(w) days, residual correlation EWMA(\(l))"
        case .historical(let w): "historical simulation on \(w) days (i.i.d.)"
        case .filteredHistorical(let w, let l): "filtered historical simulation on \(w) days, EWMA(\(l)) filter"
        }
    }

    static func trim(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    /// The EWMA decay the model's covariance uses.
    public var lambda: Double {
        switch self {
        case .gaussian(let l), .studentT(_, let l), .garch(_, let l), .filteredHistorical(_, let l): l
        case .historical: 0.94  // the EWMA covariance is kept but not used
        }
    }

    public var distribution: Scenario.Distribution {
        switch self {
        case .gaussian: .gaussian
        case .studentT(let nu, _): .studentT(degreesOfFreedom: nu)
        case .garch: .studentT(degreesOfFreedom: 8)  // replaced by the fitted degrees of freedom at each date
        case .historical, .filteredHistorical: .gaussian  // not used: the market resamples the window
        }
    }

    /// Names accepted by `--model`, in the order the references are listed.
    public static let names = ["gaussian", "student-t", "garch", "historical", "filtered-historical"]

    /// Returns the model needs before its first forecast date (its window), or nil for the EWMA models.
    public var window: Int? {
        switch self {
        case .gaussian, .studentT: nil
        case .garch(let w, _), .historical(let w), .filteredHistorical(let w, _): w
        }
    }

    /// The model called `name`, with the references' settings (`lambda`, Student-t `degreesOfFreedom`).
    public static func named(_ name: String, lambda: Double = 0.94, degreesOfFreedom: Double = 4,
                             window: Int = 1_000, historyWindow: Int = 500) -> BacktestModel? {
        switch name {
        case "garch": .garch(window: window, lambda: lambda)
        case "historical": .historical(window: historyWindow)
        case "filtered-historical": .filteredHistorical(window: historyWindow, lambda: lambda)
        case "gaussian": .gaussian(lambda: lambda)
        case "student-t": .studentT(degreesOfFreedom: degreesOfFreedom, lambda: lambda)
        default: nil
        }
    }
}
