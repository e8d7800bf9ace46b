import Foundation

/// Which positions a liquidation's loss came from, and each position's contribution to the 99% expected
/// shortfall of terminal PnL (Euler allocation).
///
/// Two passes over the same paths (same seed, same blocks): the first is the ordinary run, whose loss
/// distribution gives the 99% VaR; the second follows each position's PnL, q (P_t - e), and records it when a
/// path leaves (at liquidation, or at the horizon). For liquidated paths it sums each position's loss and
/// counts the position that lost most; for paths whose loss is at or beyond the VaR it sums each position's
/// PnL, so the contributions E[-PnL_i | loss >= VaR] add up, with the rest (collateral moves, funding, costs),
/// to exactly the tail's mean loss.
public struct AttributionSummary: Sendable, Codable, Equatable {
    public var liquidated: Liquidated
    public var componentExpectedShortfall: ComponentES

    public struct Liquidated: Sendable, Codable, Equatable {
        public var paths: Int
        public var positions: [PositionLoss]
    }

    public struct PositionLoss: Sendable, Codable, Equatable {
        public var asset: String
        /// Mean loss of the position up to liquidation (negative: it gained), over liquidated paths.
        public var meanLoss: Double
        /// Its share of the total position losses over liquidated paths.
        public var share: Double
        /// How often it was the position that lost most.
        public var driverFrequency: Double
    }

    public struct ComponentES: Sendable, Codable, Equatable {
        public var level: Double
        /// Paths with a loss at or beyond `threshold` (the 99% VaR of the first pass).
        public var threshold: Double
        public var tailPaths: Int
        /// Mean loss over those paths: the sum of the contributions below.
        public var total: Double
        public var positions: [Contribution]
        /// Collateral moves, funding and liquidation costs.
        public var other: Double
    }

    public struct Contribution: Sendable, Codable, Equatable {
        public var asset: String
        public var contribution: Double
    }
}

/// Sums of one block for the attribution (merged in block order).
struct AttributionBlock: Sendable {
    var liquidated = 0
    var liquidatedLoss: [Double]
    var drivers: [Int]
    var tailPaths = 0
    var tailLoss = 0.0
    var tailPnL: [Double]

    init(positions n: Int) {
        liquidatedLoss = Array(repeating: 0, count: n)
        drivers = Array(repeating: 0, count: n)
        tailPnL = Array(repeating: 0, count: n)
    }

    mutating func append(_ b: AttributionBlock) {
        liquidated += b.liquidated
        tailPaths += b.tailPaths
        tailLoss += b.tailLoss
        for j in liquidatedLoss.indices {
            liquidatedLoss[j] += b.liquidatedLoss[j]
            drivers[j] += b.drivers[j]
            tailPnL[j] += b.tailPnL[j]
        }
    }
}

extension SimulationRunner {
    /// The second pass of the attribution, given the first pass's 99% VaR.
    public func attribution(threshold: Double) async -> AttributionSummary {
        let blockSize = PathBlockSimulator.blockSize
        let blocks = (scenario.paths + blockSize - 1) / blockSize
        let workers = min(workerCount, blocks)
        let n = scenario.positions.count
        var forms = AccountModel.runForms(scenario, market)
        let offset = forms.extraCount
        var constants = forms.extraConstants
        var rows = (0..<offset).map { f in Array(forms.extraWeights[(f * market.dimension)..<((f + 1) * market.dimension)]) }
        for p in scenario.positions {
            var pnl = LinearFormBuilder(assetCount: scenario.assets.count)
            pnl.addUnrealisedPnL(p)
            let split = pnl.split(scenario, market)
            constants.append(split.constant)
            rows.append(split.weights)
        }
        forms = LinearForms(firstConstant: forms.firstConstant, firstWeights: forms.firstWeights,
                            secondConstant: forms.secondConstant, secondWeights: forms.secondWeights,
                            extraConstants: constants, extraWeights: rows)
        let initialPnL = Array(forms.extraValues(at: market.spot)[offset...])
        let simulator = PathBlockSimulator(market: market, forms: forms, steps: scenario.steps, seed: scenario.seed,
                                           antithetic: scenario.antithetic)
        let spot = market.spot, allForms = forms
        let paths = scenario.paths, e0 = account.initialEquity, dimension = market.dimension
        let states = (0..<workers).map { _ in
            AttributionWorker(workspace: BlockWorkspace(capacity: blockSize, dimension: market.dimension,
                                                        extraForms: forms.extraCount), positions: n, capacity: blockSize)
        }
        var total = AttributionBlock(positions: n)
        _ = await BlockRounds.run(
            blocks: blocks, roundLength: Self.roundLength, states: states,
            block: { w, b in
                let count = min(blockSize, paths - b * blockSize), ws = w.workspace, cap = ws.capacity
                var observer = LiquidationObserver.forRun(ws, scenario, allForms, spot: spot)
                observer.attribution = (offset, n, w.pnl)
                simulator.run(block: b, count: count, in: ws, observer: &observer)
                var result = AttributionBlock(positions: n)
                for p in 0..<count {
                    let step = ws.liquidationStep[p]
                    // The PnL of position j when the path left: kept at liquidation, else the last step's value
                    // (at the start when liquidated at time 0).
                    func pnl(_ j: Int) -> Double {
                        if step == 0 || dimension == 0 { return initialPnL[j] }
                        return step > 0 ? w.pnl[j * cap + p] : ws.extraForms[(offset + j) * cap + p]
                    }
                    if step >= 0 {
                        result.liquidated += 1
                        var worst = 0, worstLoss = -Double.infinity
                        for j in 0..<n {
                            let loss = initialPnL[j] - pnl(j)
                            result.liquidatedLoss[j] += loss
                            if loss > worstLoss { (worst, worstLoss) = (j, loss) }
                        }
                        if n > 0 { result.drivers[worst] += 1 }
                    }
                    let loss = e0 - ws.exitEquity[p]
                    if loss >= threshold {
                        result.tailPaths += 1
                        result.tailLoss += loss
                        for j in 0..<n { result.tailPnL[j] += pnl(j) - initialPnL[j] }
                    }
                }
                return result
            },
            append: { total.append($0) })
        let totalLoss = total.liquidatedLoss.reduce(0, +)
        let names = scenario.positions.map { scenario.assets[$0.asset].symbol }
        let liquidated = AttributionSummary.Liquidated(paths: total.liquidated, positions: (0..<n).map { j in
            AttributionSummary.PositionLoss(
                asset: names[j], meanLoss: total.liquidated > 0 ? total.liquidatedLoss[j] / Double(total.liquidated) : 0,
                share: totalLoss != 0 ? total.liquidatedLoss[j] / totalLoss : 0,
                driverFrequency: total.liquidated > 0 ? Double(total.drivers[j]) / Double(total.liquidated) : 0)
        })
        let k = Double(max(total.tailPaths, 1))
        let contributions = (0..<n).map { AttributionSummary.Contribution(asset: names[$0], contribution: -total.tailPnL[$0] / k) }
        let tailMean = total.tailLoss / k
        return AttributionSummary(
            liquidated: liquidated,
            componentExpectedShortfall: AttributionSummary.ComponentES(
                level: 0.99, threshold: threshold, tailPaths: total.tailPaths, total: tailMean, positions: contributions,
                other: tailMean - contributions.reduce(0) { $0 + $1.contribution }))
    }
}

final class AttributionWorker: @unchecked Sendable {
    let workspace: BlockWorkspace
    let pnl: UnsafeMutablePointer<Double>
    init(workspace: BlockWorkspace, positions: Int, capacity: Int) {
        self.workspace = workspace
        pnl = .allocate(capacity: max(1, positions * workspace.capacity))
    }
    deinit { pnl.deallocate() }
}
