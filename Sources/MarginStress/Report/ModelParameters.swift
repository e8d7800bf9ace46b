import Foundation

/// The shock model's parameters as the reports show them in the account section (terminal, JSON `model`, HTML):
/// per asset the GARCH recursion (garch, or filtered-historical's filter), the history window, the jumps and the
/// stress overlay. Nil (absent from the JSON) for Gaussian and Student-t shocks without overlays.
public struct ModelParameters: Sendable, Codable, Equatable {
    /// One asset's variance recursion `h <- omega + (alpha + gamma 1{eps < 0}) eps² + beta h`, per period of the data.
    public struct GARCHRow: Sendable, Codable, Equatable {
        public var asset: String
        public var omega: Double
        public var alpha: Double
        public var gamma: Double
        public var beta: Double
        /// sqrt(h_1): the volatility of the first simulated period, per period (before a stress factor).
        public var startVolatility: Double
        /// Per-period mean log-return.
        public var mean: Double
        /// alpha + beta + gamma / 2.
        public var persistence: Double
    }

    /// The window a historical model resamples.
    public struct History: Sendable, Codable, Equatable {
        public var file: String?
        public var periods: Int
        public var firstDate: String?
        public var lastDate: String?
        /// "iid" or "stationary".
        public var bootstrap: String
        public var meanBlockLength: Double?
        /// filtered-historical: "ewma" or "garch".
        public var filter: String?
        public var lambda: Double?
    }

    public struct Jumps: Sendable, Codable, Equatable {
        /// Expected jumps per year.
        public var intensity: Double
        /// "normal" or "double-exponential".
        public var sizeDistribution: String
        public var mean: Double?
        public var standardDeviation: Double?
        public var probabilityUp: Double?
        public var meanUp: Double?
        public var meanDown: Double?
        /// Per asset that takes the jump.
        public var betas: [String: Double]
    }

    public struct Stress: Sendable, Codable, Equatable {
        public var volatilityFactor: Double
        public var correlationBlend: Double
        /// Simple return at t0, per asset shocked.
        public var shock: [String: Double]
        /// The dates of the replayed returns, in order (`market.stress.replay`); nil: no replay.
        public var replayedDates: [String]? = nil
    }

    /// Periods of the data per year (models estimated on data).
    public var periodsPerYear: Double?
    public var garch: [GARCHRow]?
    public var history: History?
    public var jumps: Jumps?
    public var stress: Stress?
    /// Steps per period of the data when more than one (a Brownian bridge between closes); nil otherwise.
    public var stepsPerPeriod: Int?

    /// The parameters of `s`'s model, or nil when it has none to show (Gaussian or Student-t, no overlay).
    public init?(scenario s: Scenario) {
        periodsPerYear = s.dataPeriodsPerYear
        switch s.distribution {
        case .garch(let g):
            garch = s.assets.indices.compactMap { i in
                g.assets[i].map { Self.row(s.assets[i].symbol, $0, variance: $0.variance) }
            }
        case .historical(let h), .filteredHistorical(let h):
            var bootstrap = "iid", length: Double? = nil
            if case .stationary(let l) = h.bootstrap { bootstrap = "stationary"; length = l }
            var filter: String? = nil, lambda: Double? = nil
            if case .filteredHistorical = s.distribution {
                switch h.filter ?? .ewma(lambda: 0.94) {
                case .ewma(let l):
                    filter = "ewma"
                    lambda = l
                case .garch: filter = "garch"
                }
                garch = s.assets.indices.compactMap { i in
                    guard !h.returns[i].isEmpty else { return nil }
                    switch h.filter ?? .ewma(lambda: 0.94) {
                    case .ewma(let l):
                        let next = HistoryFilter.ewma(h.returns[i], lambda: l).next
                        let p = GARCHSpec.Parameters(omega: 0, alpha: 1 - l, beta: l, gamma: 0, variance: next, mean: 0)
                        return Self.row(s.assets[i].symbol, p, variance: next)
                    case .garch:
                        guard let p = h.garch?[i] else { return nil }
                        return Self.row(s.assets[i].symbol, p, variance: HistoryFilter.garch(h.returns[i], p).next)
                    }
                }
            }
            history = History(file: h.file, periods: h.periods, firstDate: h.firstDate, lastDate: h.lastDate,
                              bootstrap: bootstrap, meanBlockLength: length, filter: filter, lambda: lambda)
        default: break
        }
        if let j = s.jumps {
            var jumps = Jumps(intensity: j.intensity, sizeDistribution: "normal",
                              betas: Dictionary(uniqueKeysWithValues: s.assets.indices.filter { j.betas[$0] != 0 }
                                  .map { (s.assets[$0].symbol, j.betas[$0]) }))
            switch j.sizes {
            case .normal(let m, let sd):
                jumps.mean = m
                jumps.standardDeviation = sd
            case .doubleExponential(let p, let up, let down):
                jumps.sizeDistribution = "double-exponential"
                jumps.probabilityUp = p
                jumps.meanUp = up
                jumps.meanDown = down
            }
            self.jumps = jumps
        }
        if let st = s.stress {
            stress = Stress(volatilityFactor: st.volatilityFactor, correlationBlend: st.correlationBlend,
                            shock: Dictionary(uniqueKeysWithValues: s.assets.indices.filter { st.shock[$0] != 0 }
                                .map { (s.assets[$0].symbol, st.shock[$0]) }), replayedDates: st.replay?.replayedDates)
        }
        if let m = s.stepsPerDataPeriod, m > 1 { stepsPerPeriod = m }
        if garch == nil && history == nil && jumps == nil && stress == nil { return nil }
    }

    static func row(_ symbol: String, _ p: GARCHSpec.Parameters, variance: Double) -> GARCHRow {
        GARCHRow(asset: symbol, omega: p.omega, alpha: p.alpha, gamma: p.gamma, beta: p.beta,
                 startVolatility: max(0, variance).squareRoot(), mean: p.mean, persistence: p.alpha + p.beta + p.gamma / 2)
    }

    /// A number in 4 significant digits ("2.1e-06", "0.0734", "0.91").
    public static func figure(_ x: Double) -> String {
        x == 0 ? "0" : (abs(x) < 1e-3 || abs(x) >= 1e5 ? String(format: "%.3g", x) : String(format: "%.4g", x))
    }

    /// The terminal lines (indented two spaces), as under "Account at start".
    public var lines: [String] {
        var out: [String] = []
        let f = Self.figure
        if let h = history {
            var line = "  history: \(h.periods) periods"
            if let file = h.file { line += " of \(file)" }
            if let a = h.firstDate, let b = h.lastDate { line += " (\(a) to \(b))" }
            line += h.bootstrap == "stationary" ? ", stationary bootstrap, mean block \(f(h.meanBlockLength ?? 1))" : ", i.i.d."
            if let filter = h.filter { line += ", filter \(filter == "ewma" ? "EWMA(\(f(h.lambda ?? 0.94)))" : "GARCH")" }
            out.append(line)
        }
        if let rows = garch, !rows.isEmpty {
            let unit = periodsPerYear.map { "per period of the data (\(f($0)) a year)" } ?? "per period of the data"
            out.append("  variance recursion h <- omega + (alpha + gamma 1{eps < 0}) eps^2 + beta h, \(unit):")
            let width = max(8, (rows.map(\.asset.count).max() ?? 0) + 2)
            func cells(_ first: String, _ rest: [String]) -> String {
                "    " + first.padding(toLength: width, withPad: " ", startingAt: 0)
                    + rest.map { $0.padding(toLength: max(12, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
                    .replacingOccurrences(of: " +$", with: "", options: .regularExpression)
            }
            out.append(cells("asset", ["omega", "alpha", "gamma", "beta", "persistence", "start vol", "mean"]))
            for r in rows {
                out.append(cells(r.asset, [f(r.omega), f(r.alpha), f(r.gamma), f(r.beta), f(r.persistence), f(r.startVolatility), f(r.mean)]))
            }
        }
        if let j = jumps {
            var line = "  jumps: \(f(j.intensity)) a year, \(j.sizeDistribution)"
            if let m = j.mean, let sd = j.standardDeviation { line += " (mean \(f(m)), sd \(f(sd)))" }
            if let p = j.probabilityUp, let u = j.meanUp, let d = j.meanDown { line += " (up \(f(p)), mean up \(f(u)), mean down \(f(d)))" }
            line += ", betas " + j.betas.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value))" }.joined(separator: ", ")
            out.append(line)
        }
        if let st = stress {
            var line = "  stress: volatility x\(f(st.volatilityFactor)), correlation blend \(f(st.correlationBlend))"
            if !st.shock.isEmpty {
                line += ", shock at t0 " + st.shock.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value * 100))%" }.joined(separator: ", ")
            }
            if let days = st.replayedDates, !days.isEmpty {
                line += ", replay of \(days.count) day\(days.count == 1 ? "" : "s") (\(days.joined(separator: ", ")))"
            }
            out.append(line)
        }
        if let m = stepsPerPeriod {
            out.append("  steps: \(m) per period of the data, a Brownian bridge between the closes")
        }
        return out
    }
}
