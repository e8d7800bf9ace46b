import Foundation

extension ScenarioValidator {
    /// Per-asset values keyed by symbol (`betas`, `shock`), in the order of `assets`, `fallback` where absent.
    mutating func perAsset(_ values: [String: Double]?, _ field: String, assets: [Scenario.Asset],
                           fallback: (Scenario.Asset) -> Double) -> [Double] {
        let symbols = assets.map(\.symbol)
        for (key, value) in (values ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !symbols.contains(key) {
                fail("\(field).\(key)", "\"\(key)\" is not an asset of market.assets; use one of: \(symbols.joined(separator: ", "))")
            } else if !value.isFinite {
                fail("\(field).\(key)", "\(value) is not a finite number")
            }
        }
        return assets.map { a in values?[a.symbol] ?? fallback(a) }
    }

    mutating func buildJumps(_ entry: JumpsEntry?, assets: [Scenario.Asset]) -> JumpOverlay? {
        guard let entry else { return nil }
        let field = "market.jumps"
        let intensity = finite(entry.intensity, "\(field).intensity", what: "the expected number of jumps per year, e.g. 4")
        if let intensity, intensity < 0 { fail("\(field).intensity", "\(intensity) is negative; give jumps per year >= 0") }
        let sizes: JumpOverlay.Sizes?
        switch entry.sizeDistribution?.lowercased() ?? "normal" {
        case "normal", "gaussian":
            for (value, name) in [(entry.probabilityUp, "probabilityUp"), (entry.meanUp, "meanUp"), (entry.meanDown, "meanDown")]
            where value != nil {
                fail("\(field).\(name)", "applies only to sizeDistribution: double-exponential; remove it or change sizeDistribution")
            }
            let mean = finite(entry.mean, "\(field).mean", what: "the mean log-size of a jump, e.g. -0.05")
            let sd = finite(entry.standardDeviation, "\(field).standardDeviation", what: "the spread of the log-size of a jump, e.g. 0.04")
            if let sd, sd < 0 { fail("\(field).standardDeviation", "\(sd) is negative; give a spread >= 0") }
            if let mean, let sd, sd >= 0 { sizes = .normal(mean: mean, standardDeviation: sd) } else { sizes = nil }
        case "double-exponential", "doubleexponential", "kou":
            for (value, name) in [(entry.mean, "mean"), (entry.standardDeviation, "standardDeviation")] where value != nil {
                fail("\(field).\(name)", "applies only to sizeDistribution: normal; for double-exponential give probabilityUp, meanUp and meanDown")
            }
            let p = finite(entry.probabilityUp, "\(field).probabilityUp", what: "the probability that a jump is upward, in [0, 1], e.g. 0.3")
            if let p, !(0...1).contains(p) { fail("\(field).probabilityUp", "\(p) is outside [0, 1]") }
            let up = finite(entry.meanUp, "\(field).meanUp", what: "the mean size of an upward jump (log), > 0, e.g. 0.03")
            let down = finite(entry.meanDown, "\(field).meanDown", what: "the mean size of a downward jump (log), > 0, e.g. 0.05")
            for (value, name) in [(up, "meanUp"), (down, "meanDown")] {
                if let value, value <= 0 { fail("\(field).\(name)", "\(value) is not positive; the exponential sizes' means are > 0") }
            }
            if let p, let up, let down, (0...1).contains(p), up > 0, down > 0 {
                sizes = .doubleExponential(probabilityUp: p, meanUp: up, meanDown: down)
            } else { sizes = nil }
        case let other:
            fail("\(field).sizeDistribution", "\"\(other)\" is not known; use normal or double-exponential")
            sizes = nil
        }
        let betas = perAsset(entry.betas, "\(field).betas", assets: assets) { $0.volatility > 0 ? 1 : 0 }
        guard let intensity, intensity >= 0, let sizes else { return nil }
        return JumpOverlay(intensity: intensity, sizes: sizes, betas: betas)
    }

    mutating func buildStress(_ entry: StressEntry?, assets: [Scenario.Asset], distribution: Scenario.Distribution?) -> StressOverlay? {
        guard let entry else { return nil }
        let field = "market.stress"
        var stress = StressOverlay(shock: [])
        if entry.volatilityFactor != nil {
            let f = finite(entry.volatilityFactor, "\(field).volatilityFactor", what: "the factor on every volatility, e.g. 1.5") ?? 1
            if f < 0 { fail("\(field).volatilityFactor", "\(f) is negative; give a factor >= 0 (1 leaves volatilities as they are)") }
            stress.volatilityFactor = f
        }
        if entry.correlationBlend != nil {
            let w = finite(entry.correlationBlend, "\(field).correlationBlend", what: "the weight w in [0, 1] of C_s = (1 - w) C + w 11ᵀ") ?? 0
            if !(0...1).contains(w) { fail("\(field).correlationBlend", "\(w) is outside [0, 1]; C_s = (1 - w) C + w 11ᵀ is a correlation matrix only for w in [0, 1]") }
            stress.correlationBlend = w
            switch distribution {
            case .historical?, .filteredHistorical?:
                if w != 0 {
                    fail("\(field).correlationBlend", "does not apply to a historical model: its joint returns keep the data's own dependence; remove it, or use a garch or gaussian model to blend correlations")
                }
            default: break
            }
        }
        stress.shock = perAsset(entry.shock, "\(field).shock", assets: assets) { _ in 0 }
        for (a, r) in zip(assets, stress.shock) where r <= -1 {
            fail("\(field).shock.\(a.symbol)", "\(r) would make the price non-positive; give a simple return > -1 (e.g. -0.2 for -20%)")
        }
        if let replay = entry.replay { stress.replay = buildReplay(replay, field: "\(field).replay") }
        return stress
    }

    /// `market.stress.replay`: a file and either `worst: N` or `dates: [...]` (the file is read after validation).
    mutating func buildReplay(_ r: ReplayEntry, field: String) -> ReplaySpec? {
        guard let file = r.file, !file.isEmpty else {
            fail("\(field).file", "missing; give the price CSV (wide Date,TICKER,... or long date,symbol,price) whose days are replayed")
            return nil
        }
        switch (r.worst, r.dates) {
        case (nil, nil):
            fail(field, "give worst: N (the N worst days of the book's PnL over the file) or dates: [YYYY-MM-DD, ...]")
            return nil
        case (.some, .some):
            fail(field, "give worst or dates, not both")
            return nil
        case (let n?, nil) where n < 1:
            fail("\(field).worst", "\(n) must be at least 1: the number of the book's worst days to replay")
            return nil
        case (nil, let dates?):
            if dates.isEmpty { fail("\(field).dates", "is empty; give at least one date, YYYY-MM-DD") }
            for (i, d) in dates.enumerated() where !Self.isISODate(d) {
                fail("\(field).dates[\(i)]", "\"\(d)\" is not a date; write YYYY-MM-DD (the day a return ends)")
            }
            if dates.isEmpty || !dates.allSatisfy(Self.isISODate) { return nil }
        default: break
        }
        return ReplaySpec(file: file, path: resolvedPath(file), worst: r.worst, dates: r.dates)
    }
}
