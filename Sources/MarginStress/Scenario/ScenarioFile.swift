/// The scenario file as written by a person (schema version 1), in YAML or JSON.
///
/// Every field is optional here so that decoding never stops at the first missing value:
/// `ScenarioValidator` reads this raw form, lists every problem with its field path, and builds a `Scenario`.
/// Field names are the public interface of the file format: fields may be added, none renamed.
public struct ScenarioFile: Codable, Sendable, Equatable {
    public var name: String?
    public var account: AccountSection?
    public var market: MarketSection?
    public var simulation: SimulationSection?
    /// Fields the file has that the schema does not know (usually typos), found while decoding;
    /// the validator reports them with every other problem. Not part of the file format.
    public var unknownFields: [ScenarioIssue] = []

    public init(name: String? = nil, account: AccountSection? = nil, market: MarketSection? = nil,
                simulation: SimulationSection? = nil) {
        self.name = name
        self.account = account
        self.market = market
        self.simulation = simulation
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, account, market, simulation }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        account = try c.decodeIfPresent(AccountSection.self, forKey: .account)
        market = try c.decodeIfPresent(MarketSection.self, forKey: .market)
        simulation = try c.decodeIfPresent(SimulationSection.self, forKey: .simulation)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(account, forKey: .account)
        try c.encodeIfPresent(market, forKey: .market)
        try c.encodeIfPresent(simulation, forKey: .simulation)
    }
}

/// `account`: the margin mode, the collateral pool and the positions it backs.
public struct AccountSection: Codable, Sendable, Equatable {
    public var mode: String?
    public var collateral: [CollateralEntry]?
    public var positions: [PositionEntry]?
    /// Liquidation fee as a fraction of the notional closed.
    public var liquidationFee: Double?

    public init(mode: String? = nil, collateral: [CollateralEntry]? = nil, positions: [PositionEntry]? = nil,
                liquidationFee: Double? = nil) {
        self.mode = mode
        self.collateral = collateral
        self.positions = positions
        self.liquidationFee = liquidationFee
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, collateral, positions, liquidationFee }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        collateral = try c.decodeIfPresent([CollateralEntry].self, forKey: .collateral)
        positions = try c.decodeIfPresent([PositionEntry].self, forKey: .positions)
        liquidationFee = try c.decodeIfPresent(Double.self, forKey: .liquidationFee)
    }
}

/// `account.collateral[n]`: an amount of an asset in the pool, valued at its price times `1 - haircut`.
public struct CollateralEntry: Codable, Sendable, Equatable {
    public var asset: String?
    public var amount: Double?
    public var haircut: Double?

    public init(asset: String? = nil, amount: Double? = nil, haircut: Double? = nil) {
        self.asset = asset
        self.amount = amount
        self.haircut = haircut
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case asset, amount, haircut }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asset = try c.decodeIfPresent(String.self, forKey: .asset)
        amount = try c.decodeIfPresent(Double.self, forKey: .amount)
        haircut = try c.decodeIfPresent(Double.self, forKey: .haircut)
    }
}

/// `account.positions[n]`: a linear perpetual or future; signed quantity in base units (long > 0).
public struct PositionEntry: Codable, Sendable, Equatable {
    public var asset: String?
    public var quantity: Double?
    public var entryPrice: Double?
    public var maintenanceMarginRate: Double?
    public var initialMarginRate: Double?
    /// Margin allocated to this position in isolated mode (quote currency); by default the collateral is split
    /// in proportion to initial margin (maintenance margin when a position has no initial rate).
    public var isolatedMargin: Double?

    public init(asset: String? = nil, quantity: Double? = nil, entryPrice: Double? = nil,
                maintenanceMarginRate: Double? = nil, initialMarginRate: Double? = nil, isolatedMargin: Double? = nil) {
        self.asset = asset
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.maintenanceMarginRate = maintenanceMarginRate
        self.initialMarginRate = initialMarginRate
        self.isolatedMargin = isolatedMargin
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case asset, quantity, entryPrice, maintenanceMarginRate, initialMarginRate, isolatedMargin
    }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asset = try c.decodeIfPresent(String.self, forKey: .asset)
        quantity = try c.decodeIfPresent(Double.self, forKey: .quantity)
        entryPrice = try c.decodeIfPresent(Double.self, forKey: .entryPrice)
        maintenanceMarginRate = try c.decodeIfPresent(Double.self, forKey: .maintenanceMarginRate)
        initialMarginRate = try c.decodeIfPresent(Double.self, forKey: .initialMarginRate)
        isolatedMargin = try c.decodeIfPresent(Double.self, forKey: .isolatedMargin)
    }
}
