/// `market`: the assets, their correlation and the distribution of the shocks.
public struct MarketSection: Codable, Sendable, Equatable {
    public var assets: [AssetEntry]?
    public var correlations: [CorrelationPair]?
    public var correlationMatrix: [[Double]]?
    public var distribution: DistributionEntry?
    /// Market-wide jumps on top of the distribution.
    public var jumps: JumpsEntry?
    /// A stressed market: volatilities scaled, correlations blended toward one, a shock at t0.
    public var stress: StressEntry?
    /// `nearest`: a correlation matrix that is not positive definite is replaced by Higham's nearest one.
    public var correlationRepair: String?

    public init(assets: [AssetEntry]? = nil, correlations: [CorrelationPair]? = nil,
                correlationMatrix: [[Double]]? = nil, distribution: DistributionEntry? = nil) {
        self.assets = assets
        self.correlations = correlations
        self.correlationMatrix = correlationMatrix
        self.distribution = distribution
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case assets, correlations, correlationMatrix, distribution, jumps, stress, correlationRepair }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        assets = try c.decodeIfPresent([AssetEntry].self, forKey: .assets)
        correlations = try c.decodeIfPresent([CorrelationPair].self, forKey: .correlations)
        correlationMatrix = try c.decodeIfPresent([[Double]].self, forKey: .correlationMatrix)
        distribution = try c.decodeIfPresent(DistributionEntry.self, forKey: .distribution)
        jumps = try c.decodeIfPresent(JumpsEntry.self, forKey: .jumps)
        stress = try c.decodeIfPresent(StressEntry.self, forKey: .stress)
        correlationRepair = try c.decodeIfPresent(String.self, forKey: .correlationRepair)
    }
}

/// `market.assets[n]`: spot price, annualised volatility and drift (fractions, e.g. 0.6 for 60%).
public struct AssetEntry: Codable, Sendable, Equatable {
    public var symbol: String?
    public var price: Double?
    public var volatility: Double?
    public var drift: Double?
    /// Half the bid-ask spread as a fraction of the price, paid when a position is closed at liquidation.
    public var halfSpread: Double?
    /// Average daily volume in base units, for the square-root market impact of a liquidation.
    public var averageDailyVolume: Double?
    /// eta in the impact `eta x daily volatility x sqrt(|quantity| / averageDailyVolume)`; 1 when absent.
    public var impactCoefficient: Double?

    public init(symbol: String? = nil, price: Double? = nil, volatility: Double? = nil, drift: Double? = nil,
                halfSpread: Double? = nil, averageDailyVolume: Double? = nil, impactCoefficient: Double? = nil) {
        self.symbol = symbol
        self.price = price
        self.volatility = volatility
        self.drift = drift
        self.halfSpread = halfSpread
        self.averageDailyVolume = averageDailyVolume
        self.impactCoefficient = impactCoefficient
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case symbol, price, volatility, drift, halfSpread, averageDailyVolume, impactCoefficient
    }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decodeIfPresent(String.self, forKey: .symbol)
        price = try c.decodeIfPresent(Double.self, forKey: .price)
        volatility = try c.decodeIfPresent(Double.self, forKey: .volatility)
        drift = try c.decodeIfPresent(Double.self, forKey: .drift)
        halfSpread = try c.decodeIfPresent(Double.self, forKey: .halfSpread)
        averageDailyVolume = try c.decodeIfPresent(Double.self, forKey: .averageDailyVolume)
        impactCoefficient = try c.decodeIfPresent(Double.self, forKey: .impactCoefficient)
    }
}

/// `market.correlations[n]`: a pair written as `[BTC, ETH, 0.8]`.
public struct CorrelationPair: Codable, Sendable, Equatable {
    public var first: String
    public var second: String
    public var value: Double

    public init(_ first: String, _ second: String, _ value: Double) {
        self.first = first
        self.second = second
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        if c.count != 3 {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "a correlation pair is written [ASSET, ASSET, VALUE], e.g. [BTC, ETH, 0.8]")
        }
        first = try c.decode(String.self)
        second = try c.decode(String.self)
        value = try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(first)
        try c.encode(second)
        try c.encode(value)
    }
}

/// `market.distribution`: `{type: gaussian}`, `{type: student-t, degreesOfFreedom: 4}`, or a model estimated on data:
/// `{type: garch, daysPerYear: 252, garch: [{asset: AAPL, omega: 2.1e-6, alpha: 0.07, beta: 0.91, ...}]}`.
public struct DistributionEntry: Codable, Sendable, Equatable {
    public var type: String?
    public var degreesOfFreedom: Double?
    /// Periods of the data per year (garch); the simulation's days per year when absent.
    public var daysPerYear: Double?
    /// type garch: one entry per moving asset.
    public var garch: [GARCHEntry]?
    /// types historical and filtered-historical: the price file and how it is resampled.
    public var history: HistoryEntry?

    public init(type: String? = nil, degreesOfFreedom: Double? = nil, daysPerYear: Double? = nil, garch: [GARCHEntry]? = nil,
                history: HistoryEntry? = nil) {
        self.type = type
        self.degreesOfFreedom = degreesOfFreedom
        self.daysPerYear = daysPerYear
        self.garch = garch
        self.history = history
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, degreesOfFreedom, daysPerYear, garch, history }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        degreesOfFreedom = try c.decodeIfPresent(Double.self, forKey: .degreesOfFreedom)
        daysPerYear = try c.decodeIfPresent(Double.self, forKey: .daysPerYear)
        garch = try c.decodeIfPresent([GARCHEntry].self, forKey: .garch)
        history = try c.decodeIfPresent(HistoryEntry.self, forKey: .history)
    }
}

/// `market.distribution.garch[n]`: one asset's GARCH(1,1) / GJR parameters in per-period units of log-returns.
public struct GARCHEntry: Codable, Sendable, Equatable {
    public var asset: String?
    public var omega: Double?
    public var alpha: Double?
    public var beta: Double?
    public var gamma: Double?
    public var variance: Double?
    public var mean: Double?

    public init(asset: String? = nil, omega: Double? = nil, alpha: Double? = nil, beta: Double? = nil, gamma: Double? = nil,
                variance: Double? = nil, mean: Double? = nil) {
        self.asset = asset
        self.omega = omega
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.variance = variance
        self.mean = mean
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case asset, omega, alpha, beta, gamma, variance, mean }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asset = try c.decodeIfPresent(String.self, forKey: .asset)
        omega = try c.decodeIfPresent(Double.self, forKey: .omega)
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha)
        beta = try c.decodeIfPresent(Double.self, forKey: .beta)
        gamma = try c.decodeIfPresent(Double.self, forKey: .gamma)
        variance = try c.decodeIfPresent(Double.self, forKey: .variance)
        mean = try c.decodeIfPresent(Double.self, forKey: .mean)
    }
}

/// `simulation`: horizon, monitoring steps, number of paths, seed and workers.
public struct SimulationSection: Codable, Sendable, Equatable {
    public var horizon: Horizon?
    public var steps: Int?
    public var paths: Int?
    public var seed: UInt64?
    public var workers: Int?
    public var daysPerYear: Double?
    /// Antithetic variates: paths in pairs with opposite shocks.
    public var antithetic: Bool?
    /// Stop adding blocks once the 95% half-width of the liquidation probability is at most this fraction
    /// of the estimate (`paths` is then the cap).
    public var relativePrecision: Double?
    /// `discrete` (the default) or `continuous` (Brownian-bridge crossing between steps).
    public var monitoring: String?
    /// `off` (the default) or `auto` (importance sampling toward the liquidation boundary).
    public var importanceSampling: String?

    public init(horizon: Horizon? = nil, steps: Int? = nil, paths: Int? = nil, seed: UInt64? = nil,
                workers: Int? = nil, daysPerYear: Double? = nil, antithetic: Bool? = nil,
                relativePrecision: Double? = nil) {
        self.horizon = horizon
        self.steps = steps
        self.paths = paths
        self.seed = seed
        self.workers = workers
        self.daysPerYear = daysPerYear
        self.antithetic = antithetic
        self.relativePrecision = relativePrecision
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case horizon, steps, paths, seed, workers, daysPerYear, antithetic, relativePrecision
        case monitoring, importanceSampling
    }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        horizon = try c.decodeIfPresent(Horizon.self, forKey: .horizon)
        steps = try c.decodeIfPresent(Int.self, forKey: .steps)
        paths = try c.decodeIfPresent(Int.self, forKey: .paths)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        workers = try c.decodeIfPresent(Int.self, forKey: .workers)
        daysPerYear = try c.decodeIfPresent(Double.self, forKey: .daysPerYear)
        antithetic = try c.decodeIfPresent(Bool.self, forKey: .antithetic)
        relativePrecision = try c.decodeIfPresent(Double.self, forKey: .relativePrecision)
        monitoring = try c.decodeIfPresent(String.self, forKey: .monitoring)
        importanceSampling = try c.decodeIfPresent(String.self, forKey: .importanceSampling)
    }
}
