import Foundation

extension Scenario {
    /// The scenario with its stress replay read from the price file (`ReplaySpec.returns`, `replayedDates`): the
    /// days given, or the `worst` N days of the book's one-day PnL (`replayPnL`), in the file's order. Unchanged
    /// without a replay, or when it is already read. Called by `loadingHistory()`.
    /// - Throws: `ScenarioError` on `market.stress.replay.file` (the file, row and column of a problem in it),
    ///   `.worst` (more days than the file holds) or `.dates[i]` (a date the file has no return for).
    public func loadingReplay(source: String = "scenario") throws(ScenarioError) -> Scenario {
        guard var spec = stress?.replay, !spec.isLoaded else { return self }
        let field = "market.stress.replay"
        func refuse(_ at: String, _ message: String) -> ScenarioError {
            ScenarioError(source: source, issues: [ScenarioIssue(field: "\(field)\(at)", message: message)])
        }
        let moving = assets.filter { $0.volatility > 0 || $0.drift != 0 }.map(\.symbol)
        guard !moving.isEmpty else {
            throw refuse(".file", "no asset of market.assets moves (all have volatility 0), so nothing would be replayed; give the assets to replay a volatility > 0")
        }
        let path = spec.path ?? spec.file
        guard FileManager.default.fileExists(atPath: path) else {
            throw refuse(".file", "\(path): no such file; give the price CSV's path relative to the scenario file (or absolute)")
        }
        let history: PriceHistory
        do {
            history = try PriceHistory(contentsOfFile: path, selection: PriceHistory.Selection(assets: moving, minimumReturns: 1))
        } catch {
            throw refuse(".file", "\(error.description) (every asset with a volatility > 0 is replayed from the file; set a cash asset's volatility to 0)")
        }
        let columns = history.logReturns(), dates = history.returnDates
        let byAsset = assets.map { a in history.index(of: a.symbol).map { columns[$0] } ?? [] }
        var chosen: [Int] = []
        if let n = spec.worst {
            guard n <= dates.count else {
                throw refuse(".worst", "\(n) days asked for, but \(spec.file) holds \(dates.count) returns (\(dates.first ?? "") to \(dates.last ?? "")); ask for at most \(dates.count)")
            }
            let pnl = (0..<dates.count).map { replayPnL(returns: byAsset, day: $0) }
            // The n lowest (ties: the earlier day), replayed in the file's order.
            chosen = pnl.indices.sorted { pnl[$0] != pnl[$1] ? pnl[$0] < pnl[$1] : $0 < $1 }.prefix(n).sorted()
        } else {
            for (i, date) in (spec.dates ?? []).enumerated() {
                guard let t = dates.firstIndex(of: date) else {
                    throw refuse(".dates[\(i)]", "\(date) has no return in \(spec.file) (a return is dated by the day it ends, from \(dates.first ?? "") to \(dates.last ?? "")); give a date of the file after its first row")
                }
                chosen.append(t)
            }
        }
        spec.returns = byAsset.map { r in r.isEmpty ? [] : chosen.map { r[$0] } }
        spec.replayedDates = chosen.map { dates[$0] }
        var s = self
        s.stress?.replay = spec
        return s
    }

    /// The book's PnL over day `day` of `returns` (per asset of `assets`, empty for an asset that does not move):
    /// the account's equity with every price moved by its return, P_i e^(r_i), less its equity at today's prices.
    public func replayPnL(returns: [[Double]], day: Int) -> Double {
        var moved = self
        for i in assets.indices where !returns[i].isEmpty { moved.assets[i].price *= Foundation.exp(returns[i][day]) }
        return moved.snapshot.equity - snapshot.equity
    }
}
