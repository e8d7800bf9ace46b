import Foundation

/// The calibrated `market` section as YAML (with a comment block of what was estimated and its standard errors)
/// or JSON (`{"market": ...}`, the same content without comments).
extension Calibration {
    /// The `market` section.
    public var market: CalibrationNode {
        let d = history.symbols.count
        let prices = history.lastPrices
        var section: [(String, CalibrationNode)] = []
        var assets: [CalibrationNode] = (0..<d).map { a in
            .map([("symbol", .string(history.symbols[a])), ("price", .number(prices[a])), ("volatility", .number(volatilities[a]))])
        }
        if let cash = options.cash { assets.append(.map([("symbol", .string(cash)), ("price", .number(1)), ("volatility", .number(0))])) }
        section.append(("assets", .list(assets)))
        let all = d + (options.cash == nil ? 0 : 1)
        if all > 1 {
            section.append(("correlationMatrix", .list((0..<all).map { i in
                .list((0..<all).map { j in
                    .number(i == j ? 1 : (i >= d || j >= d ? 0 : (correlation[i * d + j] * 1e6).rounded() / 1e6))
                })
            })))
        }
        var distribution: [(String, CalibrationNode)] = [("type", .string(options.model.rawValue))]
        if let t = studentT { distribution.append(("degreesOfFreedom", .number((t.degreesOfFreedom * 100).rounded() / 100))) }
        if [.garch, .historical, .filteredHistorical].contains(options.model) {
            distribution.append(("daysPerYear", .number(options.daysPerYear)))
        }
        if let garch {
            distribution.append(("garch", .list(zip(history.symbols, garch).map { symbol, fit in
                let p = fit.parameters
                return .map([("asset", .string(symbol)), ("omega", .number(p.omega)), ("alpha", .number(p.alpha)),
                             ("beta", .number(p.beta)), ("gamma", .number(p.gamma)), ("variance", .number(fit.nextVariance)),
                             ("mean", .number(p.mean))])
            })))
        }
        if options.model == .historical || options.model == .filteredHistorical {
            var h: [(String, CalibrationNode)] = [("file", .string(options.file)), ("window", .number(Double(history.returnCount))),
                                                 ("from", .string(history.dates[0])), ("to", .string(history.dates[history.count - 1])),
                                                 ("bootstrap", .string("iid"))]
            if options.model == .filteredHistorical {
                h.append(("filter", .string("ewma")))
                h.append(("lambda", .number(options.lambda)))
            }
            distribution.append(("history", .map(h)))
        }
        section.append(("distribution", .map(distribution)))
        if let jumps, let jumpBetas {
            let p = jumps.parameters
            section.append(("jumps", .map([
                ("intensity", .number(p.intensity * options.daysPerYear)), ("sizeDistribution", .string("normal")),
                ("mean", .number(p.jumpMean)), ("standardDeviation", .number(p.jumpStandardDeviation)),
                ("betas", .map(zip(history.symbols, jumpBetas).map { ($0, .number(($1 * 1e4).rounded() / 1e4)) })),
            ])))
        }
        return .map(section)
    }

    public var json: String {
        CalibrationNode.map([("market", market)]).json + "\n"
    }

    public var yaml: String {
        comments.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n" + CalibrationNode.map([("market", market)]).block(indent: 0)
    }

    /// The comment block: data, method, and each estimate with its standard error.
    public var comments: [String] {
        let f = CalibrationNode.format
        let n = history.returnCount, d = history.symbols.count
        var lines = [
            "Calibrated by `margin-stress calibrate` from \(options.file): \(n) log-returns of \(d) asset\(d == 1 ? "" : "s"),",
            "\(history.dates[0]) to \(history.dates[history.count - 1]); prices are the last row's (\(history.dates[history.count - 1])).",
            "Periods per year: \(f(options.daysPerYear)). Drift is left at 0; the annualised mean log-return is reported below only.",
        ]
        switch options.method {
        case .sample:
            lines.append("Volatility: sample standard deviation of daily log-returns x sqrt(\(f(options.daysPerYear))); se = vol / sqrt(2(n-1)) (i.i.d. Gaussian).")
        case .ewma:
            lines.append("Volatility: EWMA (RiskMetrics, lambda \(f(options.lambda))) after the last return, annualised; se ~ vol / sqrt(2 n_eff),")
            lines.append("n_eff = (1 + lambda) / (1 - lambda) = \(f(ewmaEffectiveSize)) (approximate).")
        }
        for (a, s) in history.symbols.enumerated() {
            lines.append("  \(s): volatility \(f(volatilities[a])) (se \(f(volatilityStandardErrors[a]))), mean log-return \(f(meanReturns[a]))/yr (se \(f(meanStandardErrors[a])))")
        }
        let source: String
        switch options.model {
        case .garch: source = "of the GARCH-standardised residuals"
        case .filteredHistorical: source = "of the EWMA-standardised residuals (lambda \(f(options.lambda)))"
        default: source = options.method == .ewma ? "EWMA (lambda \(f(options.lambda)))" : "sample"
        }
        if d > 1 {
            lines.append("Correlation: \(source); largest se (1 - rho^2) / sqrt(n - 3) = \(f(largestCorrelationStandardError)).")
        }
        if let s = shrinkageIntensity {
            lines.append("Ledoit-Wolf shrinkage toward the identity: intensity \(f(s)) (C = (1 - s) C_sample + s I).")
        }
        if let r = repairDistance {
            lines.append("The estimated correlation was not positive definite: replaced by the nearest correlation matrix (Higham), Frobenius distance \(f(r)).")
        }
        if let t = studentT {
            lines.append("Student-t degrees of freedom (multivariate, maximum likelihood with mean and covariance fixed): \(f(t.degreesOfFreedom))"
                         + (t.standardError.map { " (se \(f($0)))" } ?? " (at the bound 500: close to Gaussian)") + ".")
        }
        if let garch {
            lines.append("\(options.garchVariant == .gjr ? "GJR-GARCH(1,1)" : "GARCH(1,1) (gamma 0)") per asset, Gaussian quasi-maximum likelihood, robust (sandwich) se; per-day units;")
            lines.append("variance = the conditional variance forecast for the first simulated day.")
            for (s, fit) in zip(history.symbols, garch) {
                let p = fit.parameters, e = fit.standardErrors
                func pair(_ v: Double, _ se: Double?) -> String { f(v) + (se.map { " (se \(f($0)))" } ?? "") }
                lines.append("  \(s): omega \(pair(p.omega, e?.omega)), alpha \(pair(p.alpha, e?.alpha)), gamma \(pair(p.gamma, e?.gamma)), beta \(pair(p.beta, e?.beta)), persistence \(f(p.persistence))")
            }
        }
        if let jumps {
            let p = jumps.parameters, e = jumps.standardErrors
            let y = options.daysPerYear
            lines.append("Jumps: Merton jump-diffusion by maximum likelihood on the equal-weight average of the log-returns;")
            lines.append("  intensity \(f(p.intensity * y))/yr" + (e.map { " (se \(f($0.intensity * y)))" } ?? "")
                         + ", mean \(f(p.jumpMean))" + (e.map { " (se \(f($0.jumpMean)))" } ?? "")
                         + ", standard deviation \(f(p.jumpStandardDeviation))" + (e.map { " (se \(f($0.jumpStandardDeviation)))" } ?? ""))
            if p.intensity > 0.199 {
                lines.append("  The intensity is at its bound (0.2 per period): frequent small jumps stand for volatility clustering here; prefer --model garch.")
            }
            lines.append("  betas: each asset's jump-probability-weighted regression on the average; volatilities above include jump days.")
        }
        if options.model == .historical || options.model == .filteredHistorical {
            lines.append("history.file is the path given to calibrate: make it relative to the scenario file that includes this section.")
        }
        return lines
    }
}
