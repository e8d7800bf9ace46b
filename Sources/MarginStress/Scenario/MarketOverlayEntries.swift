/// `market.jumps` as written: `{intensity: 4, sizeDistribution: normal, mean: -0.05, standardDeviation: 0.04,
/// betas: {BTC: 1.0}}`, or `sizeDistribution: double-exponential` with `probabilityUp`, `meanUp`, `meanDown`.
public struct JumpsEntry: Codable, Sendable, Equatable {
    public var intensity: Double?
    public var sizeDistribution: String?
    public var mean: Double?
    public var standardDeviation: Double?
    public var probabilityUp: Double?
    public var meanUp: Double?
    public var meanDown: Double?
    public var betas: [String: Double]?

    public init(intensity: Double? = nil, sizeDistribution: String? = nil, mean: Double? = nil,
                standardDeviation: Double? = nil, probabilityUp: Double? = nil, meanUp: Double? = nil,
                meanDown: Double? = nil, betas: [String: Double]? = nil) {
        self.intensity = intensity
        self.sizeDistribution = sizeDistribution
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.probabilityUp = probabilityUp
        self.meanUp = meanUp
        self.meanDown = meanDown
        self.betas = betas
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case intensity, sizeDistribution, mean, standardDeviation, probabilityUp, meanUp, meanDown, betas
    }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intensity = try c.decodeIfPresent(Double.self, forKey: .intensity)
        sizeDistribution = try c.decodeIfPresent(String.self, forKey: .sizeDistribution)
        mean = try c.decodeIfPresent(Double.self, forKey: .mean)
        standardDeviation = try c.decodeIfPresent(Double.self, forKey: .standardDeviation)
        probabilityUp = try c.decodeIfPresent(Double.self, forKey: .probabilityUp)
        meanUp = try c.decodeIfPresent(Double.self, forKey: .meanUp)
        meanDown = try c.decodeIfPresent(Double.self, forKey: .meanDown)
        betas = try c.decodeIfPresent([String: Double].self, forKey: .betas)
    }
}

/// `market.stress` as written: `{volatilityFactor: 1.5, correlationBlend: 0.5, shock: {BTC: -0.2},
/// replay: {file: prices.csv, worst: 10}}`.
public struct StressEntry: Codable, Sendable, Equatable {
    public var volatilityFactor: Double?
    public var correlationBlend: Double?
    public var shock: [String: Double]?
    public var replay: ReplayEntry?

    public init(volatilityFactor: Double? = nil, correlationBlend: Double? = nil, shock: [String: Double]? = nil,
                replay: ReplayEntry? = nil) {
        self.volatilityFactor = volatilityFactor
        self.correlationBlend = correlationBlend
        self.shock = shock
        self.replay = replay
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case volatilityFactor, correlationBlend, shock, replay }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        volatilityFactor = try c.decodeIfPresent(Double.self, forKey: .volatilityFactor)
        correlationBlend = try c.decodeIfPresent(Double.self, forKey: .correlationBlend)
        shock = try c.decodeIfPresent([String: Double].self, forKey: .shock)
        replay = try c.decodeIfPresent(ReplayEntry.self, forKey: .replay)
    }
}

/// `market.stress.replay`: a window of a price file replayed in order, `{file: prices.csv, worst: 10}` or
/// `{file: prices.csv, dates: [2008-10-15]}`.
public struct ReplayEntry: Codable, Sendable, Equatable {
    public var file: String?
    public var worst: Int?
    public var dates: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable { case file, worst, dates }

    public init(file: String? = nil, worst: Int? = nil, dates: [String]? = nil) {
        self.file = file
        self.worst = worst
        self.dates = dates
    }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decodeIfPresent(String.self, forKey: .file)
        worst = try c.decodeIfPresent(Int.self, forKey: .worst)
        dates = try c.decodeIfPresent([String].self, forKey: .dates)
    }
}
