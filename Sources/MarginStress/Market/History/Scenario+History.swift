import Foundation

extension Scenario {
    /// The scenario with its historical model's window read from the price file (`HistorySpec.returns`): the
    /// log-returns of every asset that moves (volatility or drift not 0), which the file must hold under the
    /// asset's symbol. Unchanged for the other models, or when the returns are already there (given in memory).
    /// Every command calls this once, after validation; `MarketModel` needs it done.
    /// - Parameter source: the scenario's name in the error (its path).
    /// - Throws: `ScenarioError` on `market.distribution.history.file`, naming the price file, row and column
    ///   (`PriceHistoryError`: a missing asset, a gap, a non-positive price, too few rows) and the fix.
    /// A stress replay's days are read too (`loadingReplay`).
    public func loadingHistory(source: String = "scenario") throws(ScenarioError) -> Scenario {
        try loadingWindow(source: source).loadingReplay(source: source)
    }

    func loadingWindow(source: String) throws(ScenarioError) -> Scenario {
        guard var spec = historySpec, !spec.isLoaded, let file = spec.file else { return self }
        let field = "market.distribution.history.file"
        func refuse(_ message: String) -> ScenarioError {
            ScenarioError(source: source, issues: [ScenarioIssue(field: field, message: message)])
        }
        let moving = assets.filter { $0.volatility > 0 || $0.drift != 0 }.map(\.symbol)
        guard !moving.isEmpty else {
            throw refuse("no asset of market.assets moves (all have volatility 0), so nothing would be resampled; give the assets to resample a volatility > 0")
        }
        let path = spec.path ?? file
        guard FileManager.default.fileExists(atPath: path) else {
            throw refuse("\(path): no such file; give the price CSV's path relative to the scenario file (or absolute)")
        }
        let history: PriceHistory
        do {
            history = try PriceHistory(contentsOfFile: path, selection: PriceHistory.Selection(
                assets: moving, from: spec.from, to: spec.to, window: spec.window, minimumReturns: 2))
        } catch {
            throw refuse("\(error.description) (every asset with a volatility > 0 is resampled from the file; set a cash asset's volatility to 0)")
        }
        let columns = history.logReturns()
        spec.returns = assets.map { a in history.index(of: a.symbol).map { columns[$0] } ?? [] }
        spec.firstDate = history.returnDates.first
        spec.lastDate = history.returnDates.last
        var s = self
        s.historySpec = spec
        if let w = spec.window, spec.periods < w {
            s.warnings.append("market.distribution.history: the file holds \(spec.periods) returns in the range asked for, fewer than window \(w); all \(spec.periods) are resampled")
        }
        return s
    }
}
