import Foundation

/// One forecast date of a backtest through the engine: the market of that date (a `MarketModel` from the
/// model's covariance) simulated over the horizon, one step per day (closes only), and every book valued on the
/// same paths. Per book, the valuation carries two named linear forms of the prices:
///
/// - PnL_b = sum_i q_bi (P_i,t - P_i,0);
/// - slack_b = capital_b + PnL_b - m_b sum_i |q_bi| P_i,t (equity less maintenance margin): the account is
///   liquidated at the first close where slack_b < 0.
///
/// The partial result keeps every path's terminal PnL per book (the forecast's quantiles, VaR and ES, come from
/// the sorted sample, so the order in which blocks merged does not matter) and the count of liquidated paths.
public struct BacktestDayAnalysis: BlockAnalysis {
    public struct Draws: MergeablePartial, Equatable {
        /// Terminal PnL of every path, per book (in no particular order).
        public var pnl: [[Double]]
        /// Paths liquidated within the horizon, per book.
        public var liquidated: [Int]
        public var paths = 0

        init(books: Int) {
            pnl = Array(repeating: [], count: books)
            liquidated = Array(repeating: 0, count: books)
        }

        public mutating func merge(_ other: Draws) {
            for b in pnl.indices {
                pnl[b] += other.pnl[b]
                liquidated[b] += other.liquidated[b]
            }
            paths += other.paths
        }
    }

    let simulator: PathBlockSimulator
    let books: Int
    let startsLiquidated: [Bool]

    /// - Parameters:
    ///   - quantities: per book, the quantity of each simulated asset (market order).
    ///   - capital, maintenanceRates: per book.
    public init(market: MarketModel, quantities: [[Double]], capital: [Double], maintenanceRates: [Double],
                steps: Int, seed: UInt64) {
        let d = market.dimension
        var constants: [Double] = [], weights: [[Double]] = []
        var starts: [Bool] = []
        for (b, q) in quantities.enumerated() {
            let value0 = zip(q, market.spot).reduce(0) { $0 + $1.0 * $1.1 }
            constants.append(-value0)
            weights.append(q)
            let m = maintenanceRates[b]
            constants.append(capital[b] - value0)
            weights.append((0..<d).map { q[$0] - m * abs(q[$0]) })
            let margin0 = zip(q, market.spot).reduce(0) { $0 + m * abs($1.0) * $1.1 }
            starts.append(capital[b] < margin0)
        }
        let forms = LinearForms(firstConstant: 1, firstWeights: Array(repeating: 0, count: d), secondConstant: 0,
                                secondWeights: Array(repeating: 0, count: d), extraConstants: constants, extraWeights: weights)
        simulator = PathBlockSimulator(market: market, valuation: Valuation(forms: forms, market: market), steps: steps, seed: seed)
        books = quantities.count
        startsLiquidated = starts
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let liquidated: UnsafeMutablePointer<Bool>
        var draws: Draws
        init(workspace: BlockWorkspace, books: Int, draws: Draws) {
            self.workspace = workspace
            liquidated = .allocate(capacity: max(1, books * workspace.capacity))
            self.draws = draws
        }
        deinit { liquidated.deallocate() }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: simulator.market.dimension,
                                         extraForms: 2 * books, modelStateWords: simulator.market.shockStateWordsPerPath),
               books: books, draws: emptyPartial())
    }

    public func emptyPartial() -> Draws { Draws(books: books) }

    public func partial(of worker: Worker) -> Draws { worker.draws }

    public func run(block: Int, count: Int, worker: Worker) {
        let ws = worker.workspace
        var observer = Observer(books: books, steps: simulator.steps, rows: ws.extraForms, stride: ws.capacity,
                                liquidated: worker.liquidated, startsLiquidated: startsLiquidated)
        simulator.run(block: block, count: count, in: ws, observer: &observer)
        worker.draws.paths += count
        for b in 0..<books {
            let pnl = ws.extraForms + 2 * b * ws.capacity, flags = worker.liquidated + b * ws.capacity
            worker.draws.pnl[b].append(contentsOf: UnsafeBufferPointer(start: pnl, count: count))
            var n = 0
            for p in 0..<count where flags[p] { n += 1 }
            worker.draws.liquidated[b] += n
        }
    }

    /// Marks each book's liquidated paths at every close; all steps run, since the terminal PnL is recorded.
    struct Observer: PathObserver {
        let books: Int, steps: Int
        let rows: UnsafeMutablePointer<Double>
        let stride: Int
        let liquidated: UnsafeMutablePointer<Bool>
        let startsLiquidated: [Bool]

        mutating func start(count: Int, first: Double, second: Double) -> Bool {
            for b in 0..<books { (liquidated + b * stride).update(repeating: startsLiquidated[b], count: count) }
            return true
        }

        mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
            for b in 0..<books {
                let slack = rows + (2 * b + 1) * stride, flags = liquidated + b * stride
                for p in 0..<count where slack[p] < 0 { flags[p] = true }
            }
            return true
        }
    }
}
