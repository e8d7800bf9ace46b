import Foundation

/// The rolling, strictly out-of-sample backtest: for each forecast date t, each model is calibrated on the
/// returns up to t - 1 only, the books are simulated together over the horizon through the engine
/// (`BlockDriver` over `BacktestDayAnalysis`, paths shared by the books), and the forecasts are set beside what
/// the closes from t - 1 to t + H - 1 did.
///
/// Random streams: date t's paths draw from seed mix(seed xor t) for every model, so models are compared on the
/// same streams, and any worker count gives the same bits.
public struct Backtester: Sendable {
    public let prices: PriceHistory
    public let books: [BacktestBook]
    public let settings: BacktestSettings
    /// Simulated assets (the books' union) as indices into `prices.symbols`, in symbol order of first use.
    public let assets: [Int]
    /// Per book, its weight on each simulated asset.
    let weights: [[Double]]

    /// The books' problems: an asset the prices do not hold.
    public init(prices: PriceHistory, books: [BacktestBook], settings: BacktestSettings) throws(ScenarioError) {
        var used: [Int] = [], issues: [ScenarioIssue] = []
        var rows: [[(Int, Double)]] = []
        for book in books {
            var row: [(Int, Double)] = []
            for (symbol, w) in book.weights {
                guard let i = prices.symbols.firstIndex(of: symbol) else {
                    issues.append(ScenarioIssue(field: "\(book.name).weights.\(symbol)",
                                                message: "the prices have no column \(symbol); they hold \(prices.symbols.joined(separator: ", "))"))
                    continue
                }
                if !used.contains(i) { used.append(i) }
                row.append((i, w))
            }
            rows.append(row)
            let gross = book.weights.reduce(0) { $0 + abs($1.weight) } * book.leverage
            if book.maintenanceMarginRate * gross >= 1 {
                issues.append(ScenarioIssue(field: "\(book.name).leverage",
                                            message: "the account starts below maintenance margin (rate \(book.maintenanceMarginRate) x gross \(gross) x capital >= capital); lower the leverage below \(1 / (book.maintenanceMarginRate * gross / book.leverage)) or the rate"))
            }
        }
        if !issues.isEmpty { throw ScenarioError(source: "books", issues: issues) }
        self.prices = prices
        self.books = books
        self.settings = settings
        assets = used
        weights = rows.map { row in used.map { i in row.first { $0.0 == i }?.1 ?? 0 } }
    }

    /// Forecast dates within `range` (indices into the dates): every day, or every `horizon` days when the
    /// windows do not overlap; the last date leaves room for the horizon.
    public func forecastDates(_ range: ClosedRange<Int>) -> [Int] {
        let h = settings.horizon, last = min(range.upperBound, prices.dates.count - h)
        guard range.lowerBound >= 2, last >= range.lowerBound else { return [] }
        return Array(stride(from: range.lowerBound, through: last, by: settings.overlapping ? 1 : h))
    }

    /// Log-returns of the simulated assets on day u (close u-1 to close u).
    func returns(_ u: Int) -> [Double] {
        assets.map { Foundation.log(prices.prices[$0][u] / prices.prices[$0][u - 1]) }
    }

    /// The seed of date t's paths.
    public func seed(date t: Int) -> UInt64 { RandomStream.mix(settings.seed ^ UInt64(t)) }

    /// Runs every model over `dates` (from `forecastDates`); `progress` counts simulated paths.
    public func run(dates: [Int], progress: SimulationProgress? = nil) async throws -> [BacktestSeries] {
        var all: [BacktestSeries] = []
        for model in settings.models { all += try await run(model: model, dates: dates, progress: progress) }
        return all
    }

    /// One model over `dates`: one series per book.
    public func run(model: BacktestModel, dates: [Int], progress: SimulationProgress? = nil) async throws -> [BacktestSeries] {
        let d = assets.count, s = settings, levels = s.levels
        var series = books.map { b in
            BacktestSeries(model: model.name, book: b.name, dateIndices: dates,
                           valueAtRisk: levels.map { _ in [] }, expectedShortfall: levels.map { _ in [] },
                           tails: levels.map { _ in [] }, tailSize: s.tailSize, predictedLiquidation: [],
                           realisedPnL: [], realisedLiquidation: [])
        }
        guard let first = dates.first else { return series }
        var ewma = EWMACovariance(dimension: d, lambda: model.lambda)
        let seedDays = max(1, min(s.seedDays, first - 1))
        ewma.seed((1...seedDays).map { returns($0) })
        var updatedThrough = seedDays
        var garch: GARCHCovarianceFilter? = nil
        if case .garch(let window, let lambda) = model {
            guard first - 1 >= window else {
                throw BacktestError(message: "garch needs \(window) returns before the first forecast date \(prices.dates[first]); start later (--from) or give earlier prices")
            }
            garch = GARCHCovarianceFilter(dimension: d, lambda: lambda)
            updatedThrough = first - 1
        }
        if let window = model.window, model.name != "garch", first - 1 < window {
            throw BacktestError(message: "\(model.name) needs \(window) returns before the first forecast date \(prices.dates[first]); start later (--from), give earlier prices or a shorter \(window > (model.historyWindow ?? window) ? "--window" : "--history-window")")
        }
        var calibrated = ewma.covariance
        var fixedQuantities: [[Double]]? = nil
        let driver = BlockDriver(paths: s.paths, workers: s.workers)
        var fitted: [[GARCHFit]] = []
        var filterFits: [GARCHFit] = []  // filtered-historical-garch: the fits in force
        let fitWindow: Int? = switch model {
        case .garch(let w, _), .filteredHistoricalGARCH(_, let w): w
        default: nil
        }
        for (k, t) in dates.enumerated() {
            // Calibration: returns of days up to t - 1 only. Filters (EWMA covariance, GARCH variances) move every
            // day; estimated parameters (GARCH) are re-estimated every `refit` forecast dates.
            if let window = fitWindow, k % max(1, s.refit) == 0 {
                if fitted.isEmpty {
                    // The next few refits at once, on every worker thread (each fit sees only its own window).
                    let threads = driver.workerCount(blocks: Int.max)
                    let next = stride(from: k, to: dates.count, by: max(1, s.refit)).prefix(4 * threads)
                    fitted = try await garchFits(window: window, at: next.map { dates[$0] }, workers: threads)
                }
                if garch != nil {
                    garch!.apply(fitted.removeFirst(), window: garchWindow(window, before: t))
                    updatedThrough = t - 1
                } else {
                    filterFits = fitted.removeFirst()
                }
            }
            while updatedThrough < t - 1 {
                updatedThrough += 1
                let r = returns(updatedThrough)
                if garch != nil { garch!.update(r) } else { ewma.update(r) }
            }
            calibrated = garch?.covariance ?? ewma.covariance
            let distribution = garch.map { Scenario.Distribution.studentT(degreesOfFreedom: $0.degreesOfFreedom) } ?? model.distribution
            let spot = assets.map { prices.prices[$0][t - 1] }
            let quantities: [[Double]]
            switch s.hold {
            case .weights:
                quantities = books.indices.map { b in (0..<d).map { weights[b][$0] * books[b].leverage * books[b].capital / spot[$0] } }
            case .quantities:
                let q = fixedQuantities ?? books.indices.map { b in (0..<d).map { weights[b][$0] * books[b].leverage * books[b].capital / spot[$0] } }
                fixedQuantities = q
                quantities = q
            }
            let market: MarketModel
            switch model {
            case .historical(let window):
                market = MarketModel(spot: spot, history: HistorySpec(returns: garchWindow(window, before: t)))
            case .filteredHistorical(let window, let lambda):
                market = MarketModel(spot: spot, history: HistorySpec(returns: garchWindow(window, before: t), filter: .ewma(lambda: lambda)),
                                     filtered: true)
            case .filteredHistoricalGARCH(let window, _):
                let parameters = filterFits.map { f in
                    GARCHSpec.Parameters(omega: f.parameters.omega, alpha: f.parameters.alpha, beta: f.parameters.beta,
                                         gamma: f.parameters.gamma, variance: f.nextVariance, mean: f.parameters.mean)
                }
                market = MarketModel(spot: spot, history: HistorySpec(returns: garchWindow(window, before: t), filter: .garch,
                                                                      garch: parameters), filtered: true)
            default:
                market = try MarketModel(spot: spot, stepCovariance: calibrated, distribution: distribution)
            }
            let analysis = BacktestDayAnalysis(market: market, quantities: quantities, capital: books.map(\.capital),
                                               maintenanceRates: books.map(\.maintenanceMarginRate),
                                               steps: s.horizon, seed: seed(date: t))
            let outcome = await driver.run(analysis, blocks: 0..<driver.totalBlocks, progress: progress)
            for b in books.indices {
                let pnl = outcome.partial.pnl[b], n = pnl.count
                let tail = SmallestValues.of(pnl, count: levels.map { BacktestSeries.tailCount(n, level: $0) }.max() ?? 1)
                for (l, level) in levels.enumerated() {
                    let m = BacktestSeries.tailMetrics(smallest: tail, of: n, level: level, tailSize: s.tailSize)
                    series[b].valueAtRisk[l].append(m.vaR)
                    series[b].expectedShortfall[l].append(m.es)
                    series[b].tails[l] += m.tail
                }
                series[b].predictedLiquidation.append(Double(outcome.partial.liquidated[b]) / Double(max(1, outcome.partial.paths)))
                let realised = realisedOutcome(book: b, quantities: quantities[b], date: t)
                series[b].realisedPnL.append(realised.pnl)
                series[b].realisedLiquidation.append(realised.liquidated)
            }
        }
        return series
    }

    /// Each simulated asset's log-returns of the `window` days before date t (the GARCH fits' and the historical
    /// models' window).
    func garchWindow(_ window: Int, before t: Int) -> [[Double]] {
        assets.map { i in ((t - window)..<t).map { u in Foundation.log(prices.prices[i][u] / prices.prices[i][u - 1]) } }
    }

    /// The GARCH fits of every asset for each date in `dates` (on the `window` returns before it), computed on
    /// `workers` threads. Each fit depends on its own window only, so the result is the same for any count.
    func garchFits(window: Int, at dates: [Int], workers: Int) async throws(BacktestError) -> [[GARCHFit]] {
        let d = assets.count, jobs = dates.count * d
        let windows = dates.map { garchWindow(window, before: $0) }
        let counter = BlockCounter(0)
        let done = await WorkerThreads.run(count: max(1, min(workers, jobs))) { _ in
            var out: [(Int, Result<GARCHFit, EstimationError>)] = []
            while true {
                let j = counter.take()
                if j >= jobs { break }
                out.append((j, Result { () throws(EstimationError) in try GARCHCovarianceFilter.fit(windows[j / d][j % d]) }))
            }
            return out
        }
        var fits = [[GARCHFit?]](repeating: Array(repeating: nil, count: d), count: dates.count)
        for (j, result) in done.joined() {
            switch result {
            case .success(let fit): fits[j / d][j % d] = fit
            case .failure(let error):
                throw BacktestError(message: "garch on \(prices.dates[dates[j / d]]) (\(prices.symbols[assets[j % d]])): \(error)")
            }
        }
        return fits.map { $0.map { $0! } }
    }

    /// What the closes t, ..., t + H - 1 did to book b struck at close t - 1: its PnL at the last close, and
    /// whether equity fell below maintenance margin at any of those closes.
    func realisedOutcome(book b: Int, quantities q: [Double], date t: Int) -> (pnl: Double, liquidated: Bool) {
        let book = books[b], start = t - 1
        var liquidated = false, pnl = 0.0
        for u in t..<(t + settings.horizon) {
            pnl = 0
            var margin = 0.0
            for (k, i) in assets.enumerated() {
                pnl += q[k] * (prices.prices[i][u] - prices.prices[i][start])
                margin += book.maintenanceMarginRate * abs(q[k]) * prices.prices[i][u]
            }
            if book.capital + pnl < margin { liquidated = true }
        }
        return (pnl, liquidated)
    }
}

/// A backtest that cannot go on, with the reason and what to do.
public struct BacktestError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
