import Foundation
import Yams

/// A book to backtest: notional weights per asset as fractions of the account's capital, and the account that
/// holds it (for the liquidation probability).
///
/// ```yaml
/// name: long-short
/// weights: {AAPL: 0.3, MSFT: 0.3, KO: -0.2}   # fraction of capital per asset; short < 0
/// capital: 1000000                            # optional, USD (default 1,000,000)
/// leverage: 10                                # optional: positions are weights x leverage x capital (default 1)
/// maintenanceMarginRate: 0.05                 # optional: liquidated when equity < rate x gross notional (default 0.05)
/// ```
/// Equity at the start of each forecast is the capital; maintenance margin is `rate x sum_i |q_i| P_i`.
public struct BacktestBook: Sendable, Equatable, Codable {
    public var name: String
    /// Symbol and weight, in the order of the symbols (sorted), so the book is the same however the file lists it.
    public var weights: [(symbol: String, weight: Double)] { rawWeights.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    public var capital: Double
    public var leverage: Double
    public var maintenanceMarginRate: Double
    var rawWeights: [String: Double]

    enum CodingKeys: String, CodingKey { case name, weights, capital, leverage, maintenanceMarginRate }

    public init(name: String, weights: [String: Double], capital: Double = 1_000_000, leverage: Double = 1,
                maintenanceMarginRate: Double = 0.05) {
        self.name = name
        rawWeights = weights
        self.capital = capital
        self.leverage = leverage
        self.maintenanceMarginRate = maintenanceMarginRate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "book"
        rawWeights = try c.decode([String: Double].self, forKey: .weights)
        capital = try c.decodeIfPresent(Double.self, forKey: .capital) ?? 1_000_000
        leverage = try c.decodeIfPresent(Double.self, forKey: .leverage) ?? 1
        maintenanceMarginRate = try c.decodeIfPresent(Double.self, forKey: .maintenanceMarginRate) ?? 0.05
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(rawWeights, forKey: .weights)
        try c.encode(capital, forKey: .capital)
        try c.encode(leverage, forKey: .leverage)
        try c.encode(maintenanceMarginRate, forKey: .maintenanceMarginRate)
    }

    /// Reads a book file (YAML or JSON) and checks it; errors name the file and the field.
    public static func load(path: String) throws(ScenarioError) -> BacktestBook {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ScenarioError(source: path, issues: [ScenarioIssue(field: "", message: "cannot read the book file (\(error.localizedDescription)); check the path")])
        }
        var book: BacktestBook
        do { book = try YAMLDecoder().decode(BacktestBook.self, from: text) } catch {
            throw ScenarioError(source: path, issues: [ScenarioIssue(field: "", message: "not a book: \(error); expected name, weights {SYMBOL: weight}, optional capital, leverage, maintenanceMarginRate")])
        }
        if book.name == "book" { book.name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
        let issues = book.issues()
        if !issues.isEmpty { throw ScenarioError(source: path, issues: issues) }
        return book
    }

    /// What is wrong with the book's numbers, each with its field.
    public func issues() -> [ScenarioIssue] {
        var found: [ScenarioIssue] = []
        if rawWeights.isEmpty { found.append(ScenarioIssue(field: "weights", message: "no asset; give at least one {SYMBOL: weight}")) }
        for (s, w) in weights where !w.isFinite {
            found.append(ScenarioIssue(field: "weights.\(s)", message: "\(w) is not a number; give a fraction of capital such as 0.05"))
        }
        if !(capital > 0 && capital.isFinite) { found.append(ScenarioIssue(field: "capital", message: "must be positive, e.g. 1000000")) }
        if !(leverage > 0 && leverage.isFinite) { found.append(ScenarioIssue(field: "leverage", message: "must be positive, e.g. 1 or 10")) }
        if !(maintenanceMarginRate >= 0 && maintenanceMarginRate < 1) {
            found.append(ScenarioIssue(field: "maintenanceMarginRate", message: "must be in [0, 1), e.g. 0.05"))
        }
        return found
    }

    public static func == (a: BacktestBook, b: BacktestBook) -> Bool {
        a.name == b.name && a.rawWeights == b.rawWeights && a.capital == b.capital && a.leverage == b.leverage
            && a.maintenanceMarginRate == b.maintenanceMarginRate
    }
}
