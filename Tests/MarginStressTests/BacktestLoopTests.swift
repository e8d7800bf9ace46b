import Foundation
import Testing
@testable import MarginStress

@Suite("Backtest loop")
struct BacktestLoopTests {
    /// Prices from the RiskMetrics model itself: r_t = -diag(Sigma_t)/2 + L_t z_t, L_t L_t^T = Sigma_t,
    /// Sigma_{t+1} = lambda Sigma_t + (1 - lambda) r_t r_t^T, from Sigma_0 = vols 1.5% and correlation 0.5.
    static func ewmaPrices(days: Int, assets d: Int, lambda: Double, seed: UInt64) throws -> PriceHistory {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: seed, block: 0, buffer: buffer)
        let normal = NormalSampler()
        var cov = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d { cov[i * d + j] = 0.015 * 0.015 * (i == j ? 1 : 0.5) } }
        var prices = [[Double]](repeating: [100], count: d)
        for _ in 1..<days {
            let l = try LAPACK.choleskyLower(cov, order: d)
            let z = (0..<d).map { _ in normal.next(&stream) }
            let r = (0..<d).map { i in -cov[i * d + i] / 2 + (0...i).reduce(0) { $0 + l[i * d + $1] * z[$1] } }
            for i in 0..<d { prices[i].append(prices[i].last! * exp(r[i])) }
            for i in 0..<d { for j in 0..<d { cov[i * d + j] = lambda * cov[i * d + j] + (1 - lambda) * r[i] * r[j] } }
        }
        var dates: [String] = []
        for i in 0..<days {
            let year: Int = 2000 + i / 336, month: Int = 1 + (i / 28) % 12, day: Int = 1 + i % 28
            dates.append(String(format: "%04d-%02d-%02d", year, month, day))
        }
        return PriceHistory(source: "simulated", symbols: (0..<d).map { "A\($0)" }, dates: dates, prices: prices,
                            lines: Array(2..<(days + 2)))
    }

    @Test("no look-ahead: changing prices after day t leaves every forecast up to t unchanged; any worker count gives the same bits")
    func noLookAhead() async throws {
        let original = try Self.ewmaPrices(days: 200, assets: 3, lambda: 0.94, seed: 3)
        let cut = 150
        var shifted = original.prices
        for a in 0..<3 { for u in cut..<200 { shifted[a][u] *= exp(0.2 * Double(a + 1) * sin(Double(u))) } }
        let changed = PriceHistory(source: "shifted", symbols: original.symbols, dates: original.dates, prices: shifted,
                                   lines: original.lines)
        let books = [BacktestBook(name: "pair", weights: ["A0": 0.6, "A1": -0.4], leverage: 10, maintenanceMarginRate: 0.05),
                     BacktestBook(name: "three", weights: ["A0": 0.3, "A1": 0.3, "A2": 0.4], leverage: 15)]
        for hold in BacktestHold.allCases {
            let settings = BacktestSettings(models: [.gaussian(lambda: 0.94), .studentT(degreesOfFreedom: 4, lambda: 0.94),
                                                     .historical(window: 100), .filteredHistorical(window: 100, lambda: 0.94)]
                                                + (hold == .weights ? [.garch(window: 110, lambda: 0.94),
                                                                       .filteredHistoricalGARCH(window: 100, fitWindow: 110)] : []),
                                            horizon: hold == .weights ? 1 : 2, overlapping: true, refit: 15, hold: hold,
                                            paths: 1_000, workers: 2)
            let a = try Backtester(prices: original, books: books, settings: settings)
            let b = try Backtester(prices: changed, books: books, settings: settings)
            let dates = a.forecastDates(120...170)
            let x = try await a.run(dates: dates), y = try await b.run(dates: dates)
            var one = settings
            one.workers = 1
            let z = try await Backtester(prices: original, books: books, settings: one).run(dates: dates)
            var differsLater = false
            for (s, (u, w)) in zip(x, zip(y, z)) {
                #expect(s.valueAtRisk == w.valueAtRisk && s.predictedLiquidation == w.predictedLiquidation)
                for (k, t) in dates.enumerated() {
                    let forecastBefore = t <= cut   // uses closes up to t - 1 < cut
                    for l in 0..<2 where forecastBefore {
                        #expect(s.valueAtRisk[l][k] == u.valueAtRisk[l][k] && s.expectedShortfall[l][k] == u.expectedShortfall[l][k],
                                "\(s.model) \(s.book) \(hold) date \(t)")
                    }
                    if forecastBefore { #expect(s.predictedLiquidation[k] == u.predictedLiquidation[k]) }
                    if t + 1 < cut { #expect(s.realisedPnL[k] == u.realisedPnL[k]) }
                    if t > cut + 1 && s.valueAtRisk[0][k] != u.valueAtRisk[0][k] { differsLater = true }
                }
            }
            #expect(differsLater, "the shift must change later forecasts, or the test proves nothing")
        }
    }

    /// One asset, horizon 1: a book's PnL is q P (exp(r) - 1), increasing in r, so historical simulation can only
    /// produce the window's W PnL values, each with probability 1/W, and its VaR at 99% with W = 100 is the
    /// smallest of them or (when fewer than 1% of the paths drew it) the next one. Filtered historical simulation
    /// the same with r_u replaced by sigma_t z_u: z_u = r_u / sqrt(h_u) from the RiskMetrics recursion
    /// h_1 = mean r², h_{u+1} = lambda h_u + (1 - lambda) r_u², and sigma_t² = h_{W+1} (computed here independently).
    /// With the GJR-GARCH filter: the fit's (mu, omega, alpha, gamma, beta) on the 150 returns before t (refit every
    /// date), z_u = (r_u - mu) / sqrt(g_u) from g_1 = omega / (1 - alpha - gamma/2 - beta),
    /// g_{u+1} = omega + (alpha + gamma 1{r_u < mu}) (r_u - mu)² + beta g_u, and moves mu + sqrt(g_{W+1}) z_u.
    @Test("historical and filtered-historical VaR is the window's own empirical quantile (one asset, horizon 1)")
    func historicalModelsResampleTheWindow() async throws {
        let prices = try Self.ewmaPrices(days: 260, assets: 1, lambda: 0.94, seed: 11)
        let book = BacktestBook(name: "one", weights: ["A0": 1], leverage: 2, maintenanceMarginRate: 0.05)
        let window = 100, lambda = 0.94, fitWindow = 150
        let settings = BacktestSettings(models: [.historical(window: window), .filteredHistorical(window: window, lambda: lambda),
                                                 .filteredHistoricalGARCH(window: window, fitWindow: fitWindow)],
                                        levels: [0.99], paths: 20_000, workers: 2)
        let backtester = try Backtester(prices: prices, books: [book], settings: settings)
        let dates = backtester.forecastDates(200...259)
        let series = try await backtester.run(dates: dates)
        #expect(series.count == 3)
        for (k, t) in dates.enumerated() {
            let p = prices.prices[0]
            let r = ((t - window)..<t).map { log(p[$0] / p[$0 - 1]) }
            var h = r.reduce(0) { $0 + $1 * $1 } / Double(window)
            var z: [Double] = []
            for x in r {
                z.append(x / h.squareRoot())
                h = lambda * h + (1 - lambda) * x * x
            }
            let fit = try GARCHFit(returns: ((t - fitWindow)..<t).map { log(p[$0] / p[$0 - 1]) }, leverage: true,
                                   innovations: .studentT, standardErrors: false).parameters
            var g = fit.omega / (1 - fit.alpha - fit.gamma / 2 - fit.beta)
            var zg: [Double] = []
            for x in r {
                let e = x - fit.mean
                zg.append(e / g.squareRoot())
                g = fit.omega + (fit.alpha + (e < 0 ? fit.gamma : 0)) * e * e + fit.beta * g
            }
            let q = 2 * 1_000_000 / p[t - 1]
            for s in series {
                let moves = s.model == "historical" ? r
                    : s.model == "filtered-historical" ? z.map { $0 * h.squareRoot() }
                    : zg.map { fit.mean + $0 * g.squareRoot() }
                let pnl = moves.map { q * p[t - 1] * (exp($0) - 1) }.sorted()
                let vaR = s.valueAtRisk[0][k]
                let near = [pnl[0], pnl[1]].map { abs(-vaR - $0) <= 1e-9 * abs($0) }
                #expect(near.contains(true), "\(s.model) date \(t): VaR \(vaR) is not -\(pnl[0]) or -\(pnl[1])")
            }
        }
    }

    @Test("on prices simulated from the model itself: liquidation probabilities calibrated, VaR coverage passes")
    func calibratedOnOwnModel() async throws {
        let prices = try Self.ewmaPrices(days: 1_300, assets: 2, lambda: 0.94, seed: 11)
        let book = BacktestBook(name: "pair", weights: ["A0": 0.5, "A1": 0.5], leverage: 20, maintenanceMarginRate: 0.03)
        let settings = BacktestSettings(models: [.gaussian(lambda: 0.94)], paths: 2_000, esSimulations: 500)
        let backtester = try Backtester(prices: prices, books: [book], settings: settings)
        let dates = backtester.forecastDates(300...1_299)
        #expect(dates.count == 1_000)
        let series = try await backtester.run(dates: dates)
        let e = BacktestEvaluation(series[0], levels: settings.levels, esSimulations: 500, seed: 1)
        let c = e.liquidation
        #expect(c.observedCount > 20, "enough liquidations to test: \(c.observedCount)")
        #expect(abs(c.countZ) < 4, "predicted \(c.predictedCount) observed \(c.observedCount) se \(c.countStandardError)")
        #expect(c.bins.filter { !$0.consistent }.count <= 1, "\(c.bins)")
        #expect((c.brierSkill ?? 0) > 0)
        for cov in e.coverage { #expect(cov.kupiec.pValue > 0.001, "\(cov.level): \(cov.hits) for \(cov.expectedHits)") }
        #expect(!e.expectedShortfall[1].rejected || e.expectedShortfall[1].pValue > 0.001)
    }
}
