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
    /// Named maintenance-margin schedules by notional bracket, referred to by `positions[n].maintenanceSchedule`.
    public var marginSchedules: [String: MarginScheduleEntry]?
    /// `{type: full}` (default) or `{type: partial, buffer: 0.1}`.
    public var liquidation: LiquidationEntry?
    /// A venue preset by name (`VenuePresets`): its schedules join `marginSchedules`.
    public var venue: String?

    public init(mode: String? = nil, collateral: [CollateralEntry]? = nil, positions: [PositionEntry]? = nil,
                liquidationFee: Double? = nil, marginSchedules: [String: MarginScheduleEntry]? = nil) {
        self.mode = mode
        self.collateral = collateral
        self.positions = positions
        self.liquidationFee = liquidationFee
        self.marginSchedules = marginSchedules
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, collateral, positions, liquidationFee, marginSchedules, liquidation, venue }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        collateral = try c.decodeIfPresent([CollateralEntry].self, forKey: .collateral)
        positions = try c.decodeIfPresent([PositionEntry].self, forKey: .positions)
        liquidationFee = try c.decodeIfPresent(Double.self, forKey: .liquidationFee)
        liquidation = try c.decodeIfPresent(LiquidationEntry.self, forKey: .liquidation)
        marginSchedules = try c.decodeIfPresent([String: MarginScheduleEntry].self, forKey: .marginSchedules)
        venue = try c.decodeIfPresent(String.self, forKey: .venue)
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
    /// Name of a schedule in `account.marginSchedules`, instead of a flat `maintenanceMarginRate`.
    public var maintenanceSchedule: String?
    /// Annualised funding rate of a perpetual: longs pay (shorts receive) quantity x price x rate x dt each step
    /// when it is positive.
    public var fundingRate: Double?

    public init(asset: String? = nil, quantity: Double? = nil, entryPrice: Double? = nil,
                maintenanceMarginRate: Double? = nil, initialMarginRate: Double? = nil, isolatedMargin: Double? = nil,
                maintenanceSchedule: String? = nil, fundingRate: Double? = nil) {
        self.asset = asset
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.maintenanceMarginRate = maintenanceMarginRate
        self.initialMarginRate = initialMarginRate
        self.isolatedMargin = isolatedMargin
        self.maintenanceSchedule = maintenanceSchedule
        self.fundingRate = fundingRate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case asset, quantity, entryPrice, maintenanceMarginRate, initialMarginRate, isolatedMargin, maintenanceSchedule, fundingRate
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
        maintenanceSchedule = try c.decodeIfPresent(String.self, forKey: .maintenanceSchedule)
        fundingRate = try c.decodeIfPresent(Double.self, forKey: .fundingRate)
    }
}

/// `account.marginSchedules.NAME`: brackets by notional, Binance style (rates, optional maintenance amounts)
/// or Hyperliquid style (maximum leverage per tier).
public struct MarginScheduleEntry: Codable, Sendable, Equatable {
    public var style: String?
    public var brackets: [BracketEntry]?

    public init(style: String? = nil, brackets: [BracketEntry]? = nil) {
        self.style = style
        self.brackets = brackets
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case style, brackets }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        style = try c.decodeIfPresent(String.self, forKey: .style)
        brackets = try c.decodeIfPresent([BracketEntry].self, forKey: .brackets)
    }
}

/// One bracket: its notional floor and either a maintenance rate (with the exchange's maintenance amount,
/// checked for continuity) or a maximum leverage.
public struct BracketEntry: Codable, Sendable, Equatable {
    public var notionalFloor: Double?
    public var maintenanceMarginRate: Double?
    public var maintenanceAmount: Double?
    public var maxLeverage: Double?

    public init(notionalFloor: Double? = nil, maintenanceMarginRate: Double? = nil, maintenanceAmount: Double? = nil,
                maxLeverage: Double? = nil) {
        self.notionalFloor = notionalFloor
        self.maintenanceMarginRate = maintenanceMarginRate
        self.maintenanceAmount = maintenanceAmount
        self.maxLeverage = maxLeverage
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case notionalFloor, maintenanceMarginRate, maintenanceAmount, maxLeverage }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        notionalFloor = try c.decodeIfPresent(Double.self, forKey: .notionalFloor)
        maintenanceMarginRate = try c.decodeIfPresent(Double.self, forKey: .maintenanceMarginRate)
        maintenanceAmount = try c.decodeIfPresent(Double.self, forKey: .maintenanceAmount)
        maxLeverage = try c.decodeIfPresent(Double.self, forKey: .maxLeverage)
    }
}

/// `account.liquidation`: how the account is liquidated when equity falls below maintenance margin.
public struct LiquidationEntry: Codable, Sendable, Equatable {
    public var type: String?
    /// Partial: the margin ratio is restored to maintenance x (1 + buffer).
    public var buffer: Double?

    public init(type: String? = nil, buffer: Double? = nil) {
        self.type = type
        self.buffer = buffer
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, buffer }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        buffer = try c.decodeIfPresent(Double.self, forKey: .buffer)
    }
}
