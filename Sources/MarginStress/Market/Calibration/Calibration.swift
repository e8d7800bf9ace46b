import Foundation

/// A market section estimated from price history: each asset's last price and annualised volatility, the
/// correlation matrix, the shock model's parameters, and every estimate's standard error for the comment block.
///
/// Volatility: `s sqrt(daysPerYear)` with `s` the per-period sample or EWMA standard deviation of log-returns.
/// Correlation: sample or EWMA (`SampleMoments`, `EWMA`) of the log-returns; for `garch` of the GARCH-standardised
/// residuals, for `filtered-historical` of the EWMA-standardised ones; optionally shrunk (`LedoitWolf`); when not
/// positive definite (fewer returns than assets, or EWMA with few effective observations) replaced by the
/// nearest correlation matrix with eigenvalues >= 1e-8 (`NearestCorrelation`), and the distance is reported.
public struct Calibration: Sendable {
    public let options: CalibrationOptions
    public let history: PriceHistory
    /// Annualised volatility per asset and its standard error (nil for EWMA: see `ewmaEffectiveSize`).
    public let volatilities: [Double]
    public let volatilityStandardErrors: [Double]
    /// Annualised mean log-return per asset and its standard error (reported, not written as a drift).
    public let meanReturns: [Double]
    public let meanStandardErrors: [Double]
    /// Row-major correlation written to the scenario.
    public let correlation: [Double]
    /// The largest correlation standard error `(1 - rho²) / sqrt(n - 3)`.
    public let largestCorrelationStandardError: Double
    public let shrinkageIntensity: Double?
    /// Frobenius distance of the nearest-correlation repair, when one was needed.
    public let repairDistance: Double?
    public let studentT: StudentTFit?
    public let garch: [GARCHFit]?
    public let jumps: JumpFit?
    public let jumpBetas: [Double]?

    /// `(1 + lambda) / (1 - lambda)`: the number of i.i.d. returns an EWMA's variance estimate is as precise as.
    public var ewmaEffectiveSize: Double { (1 + options.lambda) / (1 - options.lambda) }

    public init(_ options: CalibrationOptions) throws(CalibrationError) {
        self.options = options
        var selection = options.selection
        selection.minimumReturns = options.minimumReturns
        do {
            history = try PriceHistory(contentsOfFile: options.file, selection: selection)
        } catch {
            throw .history(error)
        }
        let returns = history.logReturns()
        let d = history.symbols.count, n = history.returnCount
        let sample = SampleMoments(returns: returns)
        let annual = options.daysPerYear.squareRoot()
        meanReturns = sample.mean.map { $0 * options.daysPerYear }
        meanStandardErrors = sample.meanStandardErrors.map { $0 * options.daysPerYear }
        let ewma = options.method == .ewma ? EWMA(returns: returns, lambda: options.lambda) : nil
        let perPeriod = ewma?.volatilities ?? sample.volatilities
        volatilities = perPeriod.map { $0 * annual }
        let effective = options.method == .ewma ? (1 + options.lambda) / (1 - options.lambda) : Double(n - 1)
        volatilityStandardErrors = volatilities.map { $0 / (2 * effective).squareRoot() }
        for (a, v) in volatilities.enumerated() where !(v > 0) {
            throw .estimation(history.symbols[a], EstimationError(message: "the price never changes in the window; drop the asset or widen the window"))
        }
        // The series whose correlation the model uses.
        var fits: [GARCHFit]?
        var dependence = returns
        switch options.model {
        case .garch:
            var found: [GARCHFit] = []
            for (a, r) in returns.enumerated() {
                do {
                    found.append(try GARCHFit(returns: r, leverage: options.garchVariant == .gjr, innovations: .gaussian))
                } catch {
                    throw .estimation(history.symbols[a], error)
                }
            }
            fits = found
            dependence = zip(found, returns).map { $0.standardisedResiduals($1) }
        case .filteredHistorical:
            dependence = returns.map { r in
                let v = EWMA.variancePath(r, lambda: options.lambda)
                return r.indices.map { r[$0] / v[$0].squareRoot() }
            }
        default:
            break
        }
        garch = fits
        var c: [Double]
        if options.model == .garch || options.model == .filteredHistorical {
            c = SampleMoments(returns: dependence).correlation
        } else {
            c = ewma?.correlation ?? sample.correlation
        }
        if options.shrinkage == .ledoitWolf {
            let lw = LedoitWolf(returns: dependence)
            shrinkageIntensity = lw.shrinkage
            c = c.indices.map { $0 / d == $0 % d ? 1 : (1 - lw.shrinkage) * c[$0] }
        } else {
            shrinkageIntensity = nil
        }
        if d > 1, (try? LAPACK.choleskyLower(c, order: d)) == nil {
            do {
                let repaired = try NearestCorrelation(c, order: d, minimumEigenvalue: 1e-8)
                c = repaired.matrix
                repairDistance = repaired.distance
            } catch {
                throw .estimation("correlation", EstimationError(message: "the nearest correlation matrix failed: \(error)"))
            }
        } else {
            repairDistance = nil
        }
        correlation = c
        largestCorrelationStandardError = SampleMoments(returns: dependence).correlationStandardErrors.max() ?? 0
        if options.model == .studentT {
            do {
                studentT = try StudentTFit(returns: returns)
            } catch {
                throw .estimation("degreesOfFreedom", error)
            }
        } else {
            studentT = nil
        }
        if options.jumps {
            let market = (0..<n).map { t in returns.reduce(0.0) { $0 + $1[t] } / Double(d) }
            do {
                let fit = try JumpFit(returns: market)
                jumps = fit
                jumpBetas = fit.betas(returns: returns, market: market)
            } catch {
                throw .estimation("jumps", error)
            }
        } else {
            jumps = nil
            jumpBetas = nil
        }
    }
}

/// Why a calibration failed: the price file (with file, row, column) or an estimator (with the asset or field).
public enum CalibrationError: Error, Sendable, CustomStringConvertible {
    case history(PriceHistoryError)
    case estimation(String, EstimationError)

    public var description: String {
        switch self {
        case .history(let e): return e.description
        case .estimation(let what, let e): return "\(what): \(e.message)"
        }
    }
}
