import Foundation

/// What happens around a liquidation on the exchange: the price impact of the liquidation flow, the cascade's
/// round cap, and the insurance fund.
///
/// Impact: within a step, the net notional F_k the liquidations of a round trade in asset k (buying positive: a
/// long liquidated is a sale) moves its log-price by `c_k F_k / D_k` (linear) or `c_k sign(F_k) sqrt(|F_k| / D_k)`
/// (square root), D_k the asset's depth in quote currency; the accounts are marked again at the moved prices and
/// the rounds repeat until one liquidates nobody or `maxRounds` rounds have moved prices. The accumulated impact
/// decays across steps with half-life `halfLifeHours` (its log is multiplied by 2^(-step hours / half-life)).
/// The insurance fund starts at `insuranceFund`, receives `liquidationFeeRate` x the notional of each
/// liquidation (out of the account's remaining equity, when it has any) and pays the bad debt; bad debt beyond
/// the fund is closed by auto-deleveraging (`autoDeleverage`, see `ExchangeObserver.autoDeleverage`).
public struct ExchangeRules: Sendable, Equatable, Codable {
    public enum Law: String, Sendable, Codable, CaseIterable {
        case linear
        case squareRoot = "sqrt"
    }

    public var law: Law = .linear
    /// Per asset of the scenario: depth in quote currency (nil: no impact), coefficient c.
    public var depth: [Double?]
    public var coefficient: [Double]
    public var halfLifeHours: Double = .infinity
    public var maxRounds: Int = 20
    public var insuranceFund: Double = 0
    public var liquidationFeeRate: Double = 0
    /// Whether bad debt beyond the fund is closed against the most profitable opposite positions at the bankrupt
    /// position's price, ranked by profit ratio x effective leverage (auto-deleveraging); off: it stays uncovered.
    /// Off by default: each ADL event ranks every open unit (O(units)), which is slow for large books whose fund runs out.
    public var autoDeleverage = false

    /// How a unit below maintenance is liquidated: `full` (closed whole at the marked price); `chunks`
    /// (Hyperliquid: a unit of notional above `chunkAboveNotional` has `chunkFraction` of each position closed at the
    /// marked price per round, at most step length / `cooldownSeconds` times per step, the fee paid out of its
    /// equity; a unit whose equity is below `backstopFraction` x maintenance is taken whole by the backstop, off the
    /// market; smaller units are closed whole); `fillablePrice` (dYdX: closed whole, paying the fund
    /// min(SMMR x MMF x (1 - Q), `maximumPenalty`) of its notional out of its equity, MMF = maintenance / notional,
    /// Q = equity / maintenance in [0, 1], SMMR = `spreadToMaintenanceRatio`, instead of the flat fee).
    public enum Style: String, Sendable, Codable, CaseIterable {
        case full
        case chunks
        case fillablePrice = "fillable-price"
    }

    public var style: Style = .full
    public var chunkFraction = 0.2
    public var chunkAboveNotional = 100_000.0
    public var cooldownSeconds = 30.0
    public var backstopFraction = 2.0 / 3.0
    public var spreadToMaintenanceRatio = 1.5
    public var maximumPenalty = 0.015

    /// No impact, no fund, no fee.
    public init(assets: Int) {
        depth = Array(repeating: nil, count: assets)
        coefficient = Array(repeating: 1, count: assets)
    }

    public var hasImpact: Bool { depth.contains { $0 != nil } }

    /// The rules with a venue preset's liquidation style and figures (those it gives).
    public func applying(_ preset: VenuePreset) -> ExchangeRules {
        var r = self
        if let s = preset.liquidationStyle, let style = Style(rawValue: s) { r.style = style }
        r.chunkFraction = preset.chunkFraction ?? r.chunkFraction
        r.chunkAboveNotional = preset.chunkAboveNotional ?? r.chunkAboveNotional
        r.cooldownSeconds = preset.cooldownSeconds ?? r.cooldownSeconds
        r.backstopFraction = preset.backstopFraction ?? r.backstopFraction
        r.spreadToMaintenanceRatio = preset.spreadToMaintenanceRatio ?? r.spreadToMaintenanceRatio
        r.maximumPenalty = preset.maximumPenalty ?? r.maximumPenalty
        return r
    }
}

extension ExchangeRules {
    /// Rules from per-symbol settings of the command line.
    /// - Throws: `BookError` naming an unknown symbol or a value out of range.
    public init(symbols: [String], law: Law, depth: [String: Double], coefficient: [String: Double], halfLifeHours: Double?,
                maxRounds: Int, insuranceFund: Double, liquidationFeeRate: Double, autoDeleverage: Bool = false) throws(BookError) {
        self.init(assets: symbols.count)
        var issues: [BookIssue] = []
        func index(_ symbol: String, _ option: String) -> Int? {
            if let i = symbols.firstIndex(of: symbol) { return i }
            issues.append(BookIssue(file: option, message: "\"\(symbol)\" is not an asset of the market; the assets are \(symbols.joined(separator: ", "))"))
            return nil
        }
        for (symbol, d) in depth.sorted(by: { $0.key < $1.key }) {
            guard let i = index(symbol, "--depth") else { continue }
            guard d.isFinite && d > 0 else { issues.append(BookIssue(file: "--depth", message: "\(symbol)=\(d): give a positive depth in quote currency")); continue }
            self.depth[i] = d
        }
        for (symbol, c) in coefficient.sorted(by: { $0.key < $1.key }) {
            guard let i = index(symbol, "--impact-coefficient") else { continue }
            guard c.isFinite && c >= 0 else { issues.append(BookIssue(file: "--impact-coefficient", message: "\(symbol)=\(c): give a non-negative number")); continue }
            self.coefficient[i] = c
        }
        self.law = law
        if let h = halfLifeHours {
            if !(h > 0) { issues.append(BookIssue(file: "--impact-half-life", message: "\(h): give a positive number of hours")) }
            self.halfLifeHours = h
        }
        if maxRounds < 1 { issues.append(BookIssue(file: "--max-rounds", message: "\(maxRounds): give at least 1")) }
        if !(insuranceFund >= 0) || !insuranceFund.isFinite { issues.append(BookIssue(file: "--insurance-fund", message: "\(insuranceFund): give a non-negative amount")) }
        if !(0..<1).contains(liquidationFeeRate) { issues.append(BookIssue(file: "--liquidation-fee-rate", message: "\(liquidationFeeRate): give a fraction in [0, 1)")) }
        self.maxRounds = maxRounds
        self.insuranceFund = insuranceFund
        self.liquidationFeeRate = liquidationFeeRate
        self.autoDeleverage = autoDeleverage
        if !issues.isEmpty { throw BookError(issues: issues) }
    }
}
