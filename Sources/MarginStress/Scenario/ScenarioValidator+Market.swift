import Foundation

extension ScenarioValidator {
    struct Market {
        var assets: [Scenario.Asset]
        var correlation: CorrelationMatrix
        var distribution: Scenario.Distribution
        var jumps: JumpOverlay? = nil
        var stress: StressOverlay? = nil
    }

    mutating func buildMarket(_ market: MarketSection?) -> Market? {
        guard let market else {
            fail("market", "missing; give market.assets (symbol, price, volatility) and optionally correlations")
            return nil
        }
        guard let entries = market.assets, !entries.isEmpty else {
            fail("market.assets", "missing or empty; list each asset as {symbol: BTC, price: 60000, volatility: 0.6}")
            return nil
        }
        var assets: [Scenario.Asset] = []
        var seen: [String: Int] = [:]
        var assetsValid = true
        for (n, entry) in entries.enumerated() {
            let field = "market.assets[\(n)]"
            guard let symbol = entry.symbol?.trimmingCharacters(in: .whitespaces), !symbol.isEmpty else {
                fail("\(field).symbol", "missing; give the asset's symbol, e.g. BTC")
                assetsValid = false
                continue
            }
            if let first = seen[symbol] {
                fail("\(field).symbol", "\"\(symbol)\" is listed twice (also market.assets[\(first)]); list each asset once")
                assetsValid = false
            }
            seen[symbol] = n
            let price = finite(entry.price, "\(field).price", what: "the spot price in the quote currency, e.g. 60000")
            if let price, price <= 0 {
                fail("\(field).price", "\(price) is not positive; prices must be > 0")
            }
            let vol = finite(entry.volatility, "\(field).volatility",
                             what: "the annualised volatility as a fraction, e.g. 0.6 for 60% (0 for a stablecoin)")
            if let vol, vol < 0 {
                fail("\(field).volatility", "\(vol) is negative; give the annualised volatility as a fraction >= 0")
            }
            var drift = 0.0
            if entry.drift != nil {
                drift = finite(entry.drift, "\(field).drift", what: "the annualised drift as a fraction, e.g. 0") ?? 0
            }
            guard let price, let vol, price > 0, vol >= 0 else {
                assetsValid = false
                continue
            }
            var asset = Scenario.Asset(symbol: symbol, price: price, volatility: vol, drift: drift)
            if entry.halfSpread != nil {
                let h = finite(entry.halfSpread, "\(field).halfSpread", what: "half the bid-ask spread as a fraction of the price, e.g. 0.0005") ?? 0
                if !(0..<1).contains(h) { fail("\(field).halfSpread", "\(h) is outside [0, 1); e.g. 0.0005 for 5 basis points") }
                asset.halfSpread = h
            }
            if entry.averageDailyVolume != nil {
                let v = finite(entry.averageDailyVolume, "\(field).averageDailyVolume", what: "the average daily volume in base units, e.g. 30000")
                if let v, v <= 0 { fail("\(field).averageDailyVolume", "\(v) is not positive; give the average daily volume in base units") }
                asset.averageDailyVolume = v
            }
            if entry.impactCoefficient != nil {
                let eta = finite(entry.impactCoefficient, "\(field).impactCoefficient", what: "eta of the square-root impact law, e.g. 1") ?? 1
                if eta < 0 { fail("\(field).impactCoefficient", "\(eta) is negative; eta is >= 0 (about 1 is typical)") }
                asset.impactCoefficient = eta
            }
            assets.append(asset)
        }
        let distribution = buildDistribution(market.distribution, assets: assets)
        guard assetsValid else { return nil }
        let jumps = buildJumps(market.jumps, assets: assets)
        let stress = buildStress(market.stress, assets: assets, distribution: distribution)
        guard let correlation = buildCorrelation(market, symbols: assets.map(\.symbol)),
              let distribution else { return nil }
        return Market(assets: assets, correlation: correlation, distribution: distribution, jumps: jumps, stress: stress)
    }

    mutating func buildDistribution(_ entry: DistributionEntry?, assets: [Scenario.Asset] = []) -> Scenario.Distribution? {
        guard let entry else { return .gaussian }
        let known = ["gaussian", "student-t", "garch", "historical", "filtered-historical"]
        let type = entry.type?.lowercased()
        let fromData = ["garch", "historical", "filtered-historical"].contains(type ?? "")
        if type != "garch" && type != "filtered-historical" && entry.garch != nil {
            fail("market.distribution.garch", "applies only to type garch (or filtered-historical with history.filter: garch); remove it or set type: garch")
        }
        if !fromData && entry.daysPerYear != nil {
            fail("market.distribution.daysPerYear", "applies only to models estimated on data (garch, historical, filtered-historical); remove it")
        }
        if type != "historical" && type != "filtered-historical" && entry.history != nil {
            fail("market.distribution.history", "applies only to types historical and filtered-historical; remove it or set one of them")
        }
        switch type {
        case "garch":
            return buildGARCH(entry, assets: assets)
        case "historical", "filtered-historical":
            return buildHistory(entry, filtered: type == "filtered-historical", assets: assets)
        case nil:
            fail("market.distribution.type", "missing; give one of: \(known.joined(separator: ", "))")
            return nil
        case "gaussian", "normal":
            if entry.degreesOfFreedom != nil {
                fail("market.distribution.degreesOfFreedom", "applies only to type student-t; remove it or set type: student-t")
                return nil
            }
            return .gaussian
        case "student-t", "studentt", "student_t", "t":
            guard let nu = finite(entry.degreesOfFreedom, "market.distribution.degreesOfFreedom",
                                  what: "the degrees of freedom, a number > 2 (e.g. 4)") else { return nil }
            guard nu > 2 else {
                fail("market.distribution.degreesOfFreedom",
                     "\(nu) must be > 2 so the shocks have a finite variance; use e.g. 3 to 6 for fat tails")
                return nil
            }
            return .studentT(degreesOfFreedom: nu)
        case let other?:
            fail("market.distribution.type", "\"\(other)\" is not a known distribution; use one of: \(known.joined(separator: ", "))")
            return nil
        }
    }
}
