extension MarketModel {
    /// A market of `spot.count` simulated assets resampling returns held in memory (no scenario, no file), as a
    /// backtest that already holds the prices needs: `history.returns[i]` are asset i's per-period log-returns,
    /// oldest first, one step per period.
    ///
    /// `filtered == false`: historical simulation, each step one period's joint return vector of the window
    /// (`HistoricalShocks`; i.i.d. or stationary bootstrap per `history.bootstrap`), loadings the identity, drift 0.
    /// `filtered == true`: filtered historical simulation (Barone-Adesi, Giannopoulos and Vosper 1999) with
    /// `history.filter` (EWMA(lambda) by default, or GARCH with `history.garch[i]`), each path rescaling the
    /// window's standardised residuals by its own variance (`FilteredHistoricalShocks`).
    public init(spot: [Double], history spec: HistorySpec, filtered: Bool = false) {
        let d = spot.count
        precondition(spec.returns.count == d && spec.isLoaded, "one column of returns per asset")
        var identity = [Double](repeating: 0, count: d * d)
        for a in 0..<d { identity[a * d + a] = 1 }
        simulated = Array(0..<d)
        loadings = identity
        cholesky = identity
        self.spot = spot
        startPrice = spot
        startLogReturn = spot.map { _ in 0 }
        jumps = nil
        if filtered {
            let (table, filter, means) = MarketHistory.filtered(spec, simulated: simulated, factor: 1)
            history = table
            garch = filter
            driftPerStep = means
            distribution = .filteredHistorical(spec)
            incrementDegree = nil
        } else {
            let table = MarketHistory.historical(spec, simulated: simulated, factor: 1)
            history = table
            garch = nil
            driftPerStep = spot.map { _ in 0 }
            distribution = .historical(spec)
            incrementDegree = Self.taylorDegree(bound: table.table.reduce(0) { max($0, abs($1)) })
        }
    }
}
