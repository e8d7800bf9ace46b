import Foundation

extension RunSummary {
    /// The tail levels reported for VaR and ES.
    public static let tailLevels = [0.95, 0.99, 0.999]
    public static let toolVersion = ToolVersion.current

    /// Computes every statistic of a finished run.
    public init(scenario: Scenario, runner: SimulationRunner, result: SimulationResult, totalSeconds: Double) {
        let outcomes = result.outcomes, moments = result.moments
        let n = outcomes.paths
        tool = ToolInfo(name: "margin-stress", version: Self.toolVersion)
        self.scenario = scenario.name
        scenarioDigest = scenario.digest
        paths = n
        steps = scenario.steps
        horizonDays = scenario.horizonDays
        seed = scenario.seed
        distribution = scenario.distributionName
        marginMode = scenario.mode.rawValue
        account = scenario.snapshot
        model = ModelParameters(scenario: scenario)
        liquidation = moments.liquidationEstimate(antithetic: scenario.antithetic)
        let plain = ProportionEstimate(count: moments.liquidations, trials: n)
        sampling = Sampling(
            method: scenario.antithetic ? "antithetic" : "plain", pathsRequested: result.pathsRequested,
            relativePrecisionTarget: scenario.relativePrecision, stoppedAtPrecision: result.stoppedAtPrecision,
            liquidationVarianceReduction: liquidation.standardError > 0
                ? (plain.standardError * plain.standardError) / (liquidation.standardError * liquidation.standardError) : nil)
        timeToLiquidation = Self.timeToLiquidation(outcomes, stepDays: scenario.stepDays)

        let mean = moments.sumPnL / Double(n)
        let variance = max(0, moments.sumPnLSquared / Double(n) - mean * mean) * Double(n) / Double(max(n - 1, 1))
        var tails: [TailMetric] = []
        for level in Self.tailLevels { if let t = TailMetric(loss: outcomes.loss, level: level) { tails.append(t) } }
        var meanError = (variance / Double(n)).squareRoot()
        if scenario.antithetic, n >= 4 {
            let pairs = Double(n / 2)
            let pairVariance = max(0, moments.sumPairMeanPnLSquared / pairs - mean * mean) * pairs / (pairs - 1)
            meanError = (pairVariance / pairs).squareRoot()
        }
        terminalPnL = TerminalPnL(
            mean: mean, standardError: meanError, standardDeviation: variance.squareRoot(),
            valueAtRisk: Dictionary(uniqueKeysWithValues: tails.map { ($0.key, $0.valueAtRisk) }),
            valueAtRiskInterval95: Dictionary(uniqueKeysWithValues: tails.map { ($0.key, $0.valueAtRiskInterval95) }),
            expectedShortfall: Dictionary(uniqueKeysWithValues: tails.map { ($0.key, $0.expectedShortfall) }),
            expectedShortfallStandardError: Dictionary(
                uniqueKeysWithValues: tails.filter { $0.expectedShortfallStandardError.isFinite }
                    .map { ($0.key, $0.expectedShortfallStandardError) }),
            pathsBeyond: Dictionary(uniqueKeysWithValues: tails.map { ($0.key, $0.pathsBeyond) }),
            histogram: Histogram(sketch: outcomes.loss).mirrored.bins)
        terminalPnL.absent = Self.absentTailStatistics(tails, paths: n)

        let minSketch = outcomes.minimumEquity
        var quantiles: [String: Double] = [:]
        for q in [0.001, 0.01, 0.05, 0.5] { quantiles[levelKey(q)] = minSketch.quantile(q) }
        let belowZeroCount = minSketch.counts[..<minSketch.bucketsPerSign].reduce(0, +)
        minimumEquity = MinimumEquity(
            mean: moments.sumMinimumEquity / Double(n), quantiles: quantiles,
            belowZero: ProportionEstimate(count: belowZeroCount, trials: n),
            histogram: Histogram(sketch: minSketch).bins)

        let liquidated = outcomes.lossGivenLiquidation
        var lgl: Distribution? = nil
        if liquidated.total > 0 {
            var q: [String: Double] = [:]
            for level in [0.5, 0.9, 0.99] { q[levelKey(level)] = liquidated.quantile(level) }
            lgl = Distribution(mean: liquidated.tail(fromOrdinal: 0).mean, quantiles: q,
                               histogram: Histogram(sketch: liquidated).bins)
        }
        let worstPercent = Int((0.01 * Double(outcomes.badDebt.total)).rounded(.up))
        liquidationOutcome = LiquidationOutcome(
            meanCostWhenLiquidated: moments.liquidations > 0 ? moments.sumLiquidationCostWhenLiquidated / Double(moments.liquidations) : nil,
            lossGivenLiquidation: lgl, badDebt: ProportionEstimate(count: moments.badDebtCount, trials: n),
            meanBadDebtWhenBadDebt: moments.badDebtCount > 0 ? moments.sumBadDebt / Double(moments.badDebtCount) : nil,
            expectedBadDebt: moments.sumBadDebt / Double(n), badDebtExpectedShortfall99: outcomes.badDebt.meanOfLargest(worstPercent),
            partiallyLiquidated: scenario.partialLiquidationBuffer != nil
                ? ProportionEstimate(count: moments.pathsPartiallyLiquidated, trials: n) : nil,
            meanPartialLiquidations: scenario.partialLiquidationBuffer != nil
                ? Double(moments.partialLiquidations) / Double(n) : nil,
            meanCollateralValueAtLiquidation: scenario.hasVolatileCollateral && scenario.mode == .cross
                && scenario.partialLiquidationBuffer == nil && moments.liquidations > 0
                ? moments.sumCollateralAtLiquidation / Double(moments.liquidations) : nil)
        sketchRelativeAccuracy = outcomes.loss.alpha
        warnings = scenario.warnings
        let simulated = Double(result.pathsSimulated)
        let assetSteps = simulated * Double(scenario.steps) * Double(runner.market.dimension)
        timing = Timing(
            workers: result.workers, seconds: totalSeconds, simulationSeconds: result.simulationSeconds,
            pathsPerSecond: simulated / max(result.simulationSeconds, 1e-9),
            assetStepsPerSecond: assetSteps / max(result.simulationSeconds, 1e-9))
    }

    /// Records, in `coverage` and as a warning, that the figures rest on part of the run (a shard, or an
    /// interrupted run), and where its partial result was saved.
    public mutating func describeCoverage(result: SimulationResult, planned: Range<Int>, shard: (index: Int, count: Int)?,
                                          resumeHint: String?) {
        let all = 0..<result.totalBlocks
        guard result.interruptedBy != nil || result.blocks != all && !result.stoppedAtPrecision || shard != nil else { return }
        let name = result.interruptedBy.map { $0 == 2 ? "SIGINT" : $0 == 15 ? "SIGTERM" : "signal \($0)" }
        coverage = Coverage(interruptedBy: name, shard: shard.map { "\($0.index)/\($0.count)" },
                            blocks: [result.blocks.lowerBound, result.blocks.upperBound],
                            plannedBlocks: [planned.lowerBound, planned.upperBound], totalBlocks: result.totalBlocks)
        if let name {
            let again = shard.map { "--shard \($0.index)/\($0.count) " } ?? ""
            let saved = resumeHint.map { "; the partial result is in \($0): continue with \(again)--resume \($0) (it writes the finished result back to \($0))" } ?? ""
            warnings.append("INTERRUPTED by \(name): these figures rest on the \(Honest.count(paths)) paths completed (blocks \(result.blocks.lowerBound)..<\(result.blocks.upperBound) of \(planned.lowerBound)..<\(planned.upperBound))\(saved)")
        }
        if let shard {
            warnings.append("SHARD \(shard.index)/\(shard.count): these figures rest on this shard's \(Honest.count(paths)) paths only (blocks \(result.blocks.lowerBound)..<\(result.blocks.upperBound) of the shard's \(planned.lowerBound)..<\(planned.upperBound), of \(result.totalBlocks)); `margin-stress merge` of every shard's --partial file gives the whole run")
        }
    }

    static func timeToLiquidation(_ outcomes: OutcomeAccumulator, stepDays: Double) -> TimeToLiquidation {
        timeToLiquidation(byStep: outcomes.liquidationsByStep, paths: outcomes.paths, stepDays: stepDays)
    }

    /// When paths were liquidated, from the number liquidated at each step (0 through the last): histogram,
    /// survival curve with Wilson intervals, and the mean time of the liquidated paths.
    static func timeToLiquidation(byStep: [Int], paths n: Int, stepDays: Double) -> TimeToLiquidation {
        var histogram: [Histogram.Bin] = []
        var survival: [SurvivalPoint] = []
        var cumulative = 0, weighted = 0.0
        for (step, count) in byStep.enumerated() {
            let upper = Double(step) * stepDays
            if step == 0 {
                if count > 0 { histogram.append(Histogram.Bin(lower: 0, upper: 0, count: count)) }
            } else {
                histogram.append(Histogram.Bin(lower: Double(step - 1) * stepDays, upper: upper, count: count))
            }
            cumulative += count
            weighted += Double(count) * upper
            let alive = ProportionEstimate(count: n - cumulative, trials: n)
            survival.append(SurvivalPoint(days: upper, probability: alive.probability, interval95: alive.interval95))
        }
        return TimeToLiquidation(meanDays: cumulative > 0 ? weighted / Double(cumulative) : nil,
                                 histogram: histogram, survival: survival)
    }
}

extension Histogram {
    /// The histogram of -x from the histogram of x (bins reversed, edges negated).
    var mirrored: Histogram {
        Histogram(bins: bins.reversed().map { Bin(lower: -$0.upper, upper: -$0.lower, count: $0.count) })
    }
}

extension Scenario {
    /// The price shocks' distribution as the summaries name it: "gaussian", "student-t(4)", "garch", "gjr-garch-t(6)".
    public var distributionName: String {
        switch distribution {
        case .gaussian: return "gaussian"
        case .studentT(let nu): return "student-t(\(levelKey(nu)))"
        case .garch(let g):
            let name = g.assets.contains { ($0?.gamma ?? 0) != 0 } ? "gjr-garch" : "garch"
            return g.degreesOfFreedom.map { "\(name)-t(\(levelKey($0)))" } ?? name
        case .historical(let h): return "historical" + h.bootstrapKey
        case .filteredHistorical(let h):
            switch h.filter {
            case .garch?: return "filtered-historical-garch" + h.bootstrapKey
            case .ewma(let lambda)?: return "filtered-historical-ewma(\(levelKey(lambda)))" + h.bootstrapKey
            case nil: return "filtered-historical" + h.bootstrapKey
            }
        }
    }

}

extension RunSummary {
    /// The tail statistics that do not exist for this run, keyed by their JSON path, each with the reason:
    /// a level with no path beyond its VaR, or an ES standard error resting on fewer than two paths.
    /// Nil when every statistic exists.
    static func absentTailStatistics(_ tails: [TailMetric], paths n: Int) -> [String: String]? {
        var absent: [String: String] = [:]
        for level in tailLevels {
            let key = levelKey(level)
            guard let t = tails.first(where: { $0.key == key }) else {
                absent["valueAtRisk.\(key)"] = "no loss is recorded at this level with \(n) paths"
                continue
            }
            if !t.expectedShortfallStandardError.isFinite {
                absent["expectedShortfallStandardError.\(key)"] =
                    "ES rests on \(t.pathsBeyond) path\(t.pathsBeyond == 1 ? "" : "s") beyond VaR; a standard error needs at least 2 "
                    + "(about \(Int((2 / (1 - level)).rounded(.up))) paths in all)"
            }
        }
        return absent.isEmpty ? nil : absent
    }
}
