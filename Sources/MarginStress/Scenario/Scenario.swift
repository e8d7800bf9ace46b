/// A validated scenario: a cross-margin account and the market it lives in, ready to simulate.
///
/// Built only by `ScenarioValidator`, so every value here has been checked: prices positive and finite,
/// volatilities non-negative, the correlation matrix symmetric with unit diagonal and positive definite, and so on.
public struct Scenario: Sendable, Codable {
    public struct Asset: Sendable, Equatable, Codable {
        public var symbol: String
        /// Spot price in the quote currency at the start.
        public var price: Double
        /// Annualised volatility as a fraction (0.6 for 60%).
        public var volatility: Double
        /// Annualised drift of the price (the log-price drifts at `drift - volatility² / 2`).
        public var drift: Double
        /// Half the bid-ask spread as a fraction of the price (0: none).
        public var halfSpread: Double = 0
        /// Average daily volume in base units; nil: no market impact.
        public var averageDailyVolume: Double? = nil
        /// eta of the square-root impact law.
        public var impactCoefficient: Double = 1
    }

    /// The law of the per-step shocks `z` in `x = (mu - sigma²/2) dt + sigma sqrt(dt) (L z)`.
    public enum Distribution: Sendable, Equatable, Codable {
        case gaussian
        /// Multivariate Student-t: `z = y sqrt((nu - 2) / W)`, one `W ~ chi²(nu)` per step shared by all assets,
        /// so every marginal has unit variance and the assets share tail events.
        case studentT(degreesOfFreedom: Double)
        /// GARCH(1,1) / GJR-GARCH per asset with correlated innovations (`GARCHSpec`).
        case garch(GARCHSpec)
        /// Joint log-return vectors of a price file's window, resampled (`HistorySpec`).
        case historical(HistorySpec)
        /// Filtered historical simulation (`HistorySpec`).
        case filteredHistorical(HistorySpec)
    }

    public struct Collateral: Sendable, Equatable, Codable {
        public var asset: Int
        public var amount: Double
        /// Fraction of the value not counted, in [0, 1).
        public var haircut: Double
    }

    public struct Position: Sendable, Equatable, Codable {
        public var asset: Int
        /// Signed quantity in base units: long > 0, short < 0.
        public var quantity: Double
        public var entryPrice: Double
        public var maintenanceMarginRate: Double
        public var initialMarginRate: Double?
        /// Explicit isolated-mode margin, when given.
        public var isolatedMargin: Double?
        /// Tiered maintenance by notional bracket; nil for a flat `maintenanceMarginRate`.
        public var schedule: MarginSchedule? = nil
        /// Annualised funding rate; longs pay when positive.
        public var fundingRate: Double = 0

        /// Maintenance margin at `notional`.
        public func maintenance(atNotional notional: Double) -> Double {
            schedule?.maintenance(notional) ?? notional * maintenanceMarginRate
        }
    }

    /// True when some collateral asset's price moves.
    public var hasVolatileCollateral: Bool {
        collateral.contains { $0.amount > 0 && (assets[$0.asset].volatility > 0 || assets[$0.asset].drift != 0) }
    }

    /// True when some position pays or receives funding.
    public var hasFunding: Bool { positions.contains { $0.fundingRate != 0 } }

    /// True when some position has a tiered maintenance schedule.
    public var hasTieredMargin: Bool { positions.contains { $0.schedule != nil } }

    /// How the collateral backs the positions.
    public enum MarginMode: String, Sendable, Equatable, Codable {
        /// One pool backs every position; the whole account is liquidated when equity falls below the total
        /// maintenance margin.
        case cross
        /// Each position has its own margin and is liquidated alone when that runs out.
        case isolated
    }

    public var name: String
    public var mode: MarginMode
    /// Liquidation fee as a fraction of the notional closed (0: none).
    public var liquidationFee: Double = 0
    /// Partial liquidation's buffer: nil for full liquidation (the default). See `PartialLiquidationObserver`.
    public var partialLiquidationBuffer: Double? = nil
    public var assets: [Asset]
    /// Correlation matrix in the order of `assets`, read as row-major (`correlation[i * n + j]`), stored by its
    /// non-zero pairs: assets correlated with no other cost nothing (`CorrelationMatrix`).
    public var correlation: CorrelationMatrix
    public var distribution: Distribution
    public var collateral: [Collateral]
    public var positions: [Position]
    /// Horizon in days.
    public var horizonDays: Double
    public var horizonText: String
    /// Number of monitoring steps over the horizon.
    public var steps: Int
    public var paths: Int
    public var seed: UInt64
    /// Worker count; 0 means one per core.
    public var workers: Int
    public var daysPerYear: Double
    /// Paths in antithetic pairs (opposite shocks) for variance reduction.
    public var antithetic: Bool
    /// Target 95% half-width of the liquidation probability relative to the estimate; nil runs all paths.
    public var relativePrecision: Double?
    /// Market-wide jumps on top of the distribution (`market.jumps`); nil: none.
    public var jumps: JumpOverlay? = nil
    /// The stressed market (`market.stress`); nil: the market as given.
    public var stress: StressOverlay? = nil
    /// `market.correlationRepair: nearest` replaced the given matrix by Higham's nearest correlation matrix at
    /// this Frobenius distance; nil when the matrix was used as given (so a scenario's digest is unchanged).
    public var correlationRepairDistance: Double? = nil
    /// `simulation.monitoring: continuous`: true adds the Brownian-bridge estimate of continuous-time liquidation
    /// (`RareEventAnalysis`); nil (the default) is discrete monitoring at the steps only. Optional so that the
    /// canonical encoding, and the digest, of a scenario without it is unchanged.
    public var continuousMonitoring: Bool? = nil
    /// `simulation.importanceSampling: auto`: true adds the importance-sampled estimate (`RareEventAnalysis`);
    /// nil (the default) is plain sampling only.
    public var importanceSampling: Bool? = nil
    /// Things worth knowing that do not stop the run (e.g. the account starts below maintenance margin).
    public var warnings: [String]

    /// Step length in years.
    public var stepYears: Double { horizonDays / daysPerYear / Double(steps) }
    /// Step length in days.
    public var stepDays: Double { horizonDays / Double(steps) }
}

/// The account at the start of the horizon, at spot prices.
public struct AccountSnapshot: Sendable, Equatable, Codable {
    /// Collateral value after haircuts.
    public var collateralValue: Double
    public var unrealisedPnL: Double
    /// Equity = collateral value + unrealised PnL.
    public var equity: Double
    public var maintenanceMargin: Double
    /// Initial margin, where every position gives an initial margin rate.
    public var initialMargin: Double?
    /// Sum of |quantity| x price over positions.
    public var grossNotional: Double
    /// Gross notional / equity; `nil` when equity is not positive (or so small that the ratio is not finite).
    public var leverage: Double?
    /// Maintenance margin / equity: the account is liquidated when this exceeds 1; `nil` when equity is not positive.
    public var marginRatio: Double?
}

extension Scenario {
    /// The cost of closing position `p` at liquidation, per unit of its notional |q| P at that moment:
    /// half-spread + eta x daily volatility x sqrt(|q| / averageDailyVolume) (square-root impact) + fee.
    public func liquidationCostRate(_ p: Position) -> Double {
        assets[p.asset].halfSpread + liquidationFee + impactRate(p)
    }

    /// The square-root impact of closing all of position `p`, per unit of notional: eta x daily volatility x
    /// sqrt(|q| / averageDailyVolume) (0 without a daily volume). Closing a fraction x of it costs x^(3/2) times
    /// this rate times the whole notional: the impact of an order grows with the square root of its size.
    public func impactRate(_ p: Position) -> Double {
        let a = assets[p.asset]
        guard let adv = a.averageDailyVolume, adv > 0 else { return 0 }
        return a.impactCoefficient * a.volatility / daysPerYear.squareRoot() * (abs(p.quantity) / adv).squareRoot()
    }

    /// True when a liquidation costs anything (spread, impact or fee).
    public var hasLiquidationCosts: Bool { positions.contains { liquidationCostRate($0) > 0 } }

    /// The account valued at spot prices.
    public var snapshot: AccountSnapshot {
        let collateralValue = collateral.reduce(0.0) { $0 + $1.amount * assets[$1.asset].price * (1 - $1.haircut) }
        var upnl = 0.0, mm = 0.0, gross = 0.0
        var im: Double? = 0
        for p in positions {
            let price = assets[p.asset].price
            let notional = abs(p.quantity) * price
            upnl += p.quantity * (price - p.entryPrice)
            mm += p.maintenance(atNotional: notional)
            gross += notional
            if let rate = p.initialMarginRate, let sum = im { im = sum + notional * rate } else { im = nil }
        }
        let equity = collateralValue + upnl
        return AccountSnapshot(
            collateralValue: collateralValue, unrealisedPnL: upnl, equity: equity, maintenanceMargin: mm,
            initialMargin: positions.isEmpty ? nil : im, grossNotional: gross,
            leverage: equity > 0 && (gross / equity).isFinite ? gross / equity : nil,
            marginRatio: equity > 0 && (mm / equity).isFinite ? mm / equity : nil)
    }
}
