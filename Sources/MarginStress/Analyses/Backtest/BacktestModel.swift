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
    /// Filtered historical simulation with a GJR-GARCH(1,1) filter per asset: each asset's returns of the last
    /// `window` days standardised by the conditional volatility of its GJR-GARCH-t fit on the last `fitWindow`
    /// returns (re-estimated every `refit` forecast dates, as `garch`), z_t = (r_t - mu) / sqrt(h_t), joint residual
    /// vectors drawn i.i.d. and rescaled along each path by the GJR recursion started at the fit's forecast.
    case filteredHistoricalGARCH(window: Int, fitWindow: Int)

    /// The name on the command line and in every output.
    public var name: String {
        switch self {
        case .gaussian: "gaussian"
        case .studentT: "student-t"
        case .garch: "garch"
        case .historical: "historical"
        case .filteredHistorical: "filtered-historical"
        case .filteredHistoricalGARCH: "filtered-historical-garch"
        }
    }

    public var description: String {
        switch self {
        case .gaussian(let l): "gaussian EWMA(\(l))"
        case .studentT(let nu, let l): "student-t(\(Self.trim(nu))) EWMA(\(l))"
        case .garch(let w, let l): "GJR-GARCH(1,1)-t per asset on \(w) days, residual correlation EWMA(\(l))"
        case .historical(let w): "historical simulation on \(w) days (i.i.d.)"
        case .filteredHistorical(let w, let l): "filtered historical simulation on \(w) days, EWMA(\(l)) filter"
        case .filteredHistoricalGARCH(let w, let f): "filtered historical simulation on \(w) days, GJR-GARCH(1,1)-t filter per asset fitted on \(f) days"
        }
    }

    static func trim(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    /// The EWMA decay the model's covariance uses.
    public var lambda: Double {
        switch self {
        case .gaussian(let l), .studentT(_, let l), .garch(_, let l), .filteredHistorical(_, let l): l
        case .historical, .filteredHistoricalGARCH: 0.94  // the EWMA covariance is kept but not used
        }
    }

    public var distribution: Scenario.Distribution {
        switch self {
        case .gaussian: .gaussian
        case .studentT(let nu, _): .studentT(degreesOfFreedom: nu)
        case .garch: .studentT(degreesOfFreedom: 8)  // replaced by the fitted degrees of freedom at each date
        case .historical, .filteredHistorical, .filteredHistoricalGARCH: .gaussian  // not used: the market resamples the window
        }
    }

    /// Names accepted by `--model`, in the order the references are listed.
    public static let names = ["gaussian", "student-t", "garch", "historical", "filtered-historical", "filtered-historical-garch"]

    /// Returns the model needs before its first forecast date (its window), or nil for the EWMA models.
    public var window: Int? {
        switch self {
        case .gaussian, .studentT: nil
        case .garch(let w, _), .historical(let w), .filteredHistorical(let w, _): w
        case .filteredHistoricalGARCH(let w, let f): max(w, f)
        }
    }

    /// Days the historical models resample (nil for the others).
    public var historyWindow: Int? {
        switch self {
        case .historical(let w), .filteredHistorical(let w, _), .filteredHistoricalGARCH(let w, _): w
        default: nil
        }
    }

    /// The model called `name`, with the references' settings (`lambda`, Student-t `degreesOfFreedom`).
    public static func named(_ name: String, lambda: Double = 0.94, degreesOfFreedom: Double = 4,
                             window: Int = 1_000, historyWindow: Int = 500) -> BacktestModel? {
        switch name {
        case "garch": .garch(window: window, lambda: lambda)
        case "historical": .historical(window: historyWindow)
        case "filtered-historical": .filteredHistorical(window: historyWindow, lambda: lambda)
        case "filtered-historical-garch": .filteredHistoricalGARCH(window: historyWindow, fitWindow: window)
        case "gaussian": .gaussian(lambda: lambda)
        case "student-t": .studentT(degreesOfFreedom: degreesOfFreedom, lambda: lambda)
        default: nil
        }
    }
}
