/// What `margin-stress compare` reports (schema version 1): cross and isolated margin on the same paths.
public struct CompareSummary: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var tool: RunSummary.ToolInfo
    public var scenario: String
    public var scenarioDigest: String
    public var paths: Int
    public var steps: Int
    public var horizonDays: Double
    public var seed: UInt64
    public var cross: Mode
    public var isolated: Mode
    public var positions: [Position]
    public var warnings: [String]

    public struct Mode: Sendable, Codable, Equatable {
        /// Probability that any position is liquidated (cross: the account).
        public var anyLiquidated: ProportionEstimate
        public var expectedPositionsLiquidated: Double
        /// Mean collateral lost by the time of liquidation, over all paths (0 on paths without liquidation).
        public var expectedLiquidationLoss: Double
        /// When the account (cross) or the first position (isolated) was liquidated: histogram by step,
        /// survival curve with its 95% intervals, mean time of the liquidated paths.
        public var timeToLiquidation: RunSummary.TimeToLiquidation
    }

    public struct Position: Sendable, Codable, Equatable {
        public var asset: String
        public var quantity: Double
        /// Margin allocated in isolated mode.
        public var isolatedMargin: Double
        public var crossLiquidated: ProportionEstimate
        public var isolatedLiquidated: ProportionEstimate
        /// Liquidated under cross although it would have survived isolated: healthy positions lost to the pool.
        public var contagion: ProportionEstimate
        /// Liquidated isolated although it survived under cross: positions the pool saved.
        public var savedByPooling: ProportionEstimate
    }

    /// Per-step series keep about `SeriesThinning.maxPoints` points unless `everyStep`.
    public init(scenario s: Scenario, modes: MarginModes, tally t: CompareRunner.Tally, everyStep: Bool = false) {
        let g = SeriesThinning.stepsPerPoint(steps: s.steps, everyStep: everyStep)
        tool = RunSummary.ToolInfo(name: "margin-stress", version: RunSummary.toolVersion)
        scenario = s.name
        scenarioDigest = s.digest
        paths = t.paths
        steps = s.steps
        horizonDays = s.horizonDays
        seed = s.seed
        let n = Double(max(t.paths, 1)), count = s.positions.count
        cross = Mode(anyLiquidated: ProportionEstimate(count: t.crossLiquidated, trials: t.paths),
                     expectedPositionsLiquidated: Double(t.crossLiquidated * count) / n,
                     expectedLiquidationLoss: t.crossLoss / n,
                     timeToLiquidation: RunSummary.timeToLiquidation(byStep: t.crossByStep, paths: t.paths, stepDays: s.stepDays,
                                                                     stepsPerPoint: g))
        isolated = Mode(anyLiquidated: ProportionEstimate(count: t.anyIsolatedLiquidated, trials: t.paths),
                        expectedPositionsLiquidated: Double(t.isolatedLiquidated.reduce(0, +)) / n,
                        expectedLiquidationLoss: t.isolatedLoss / n,
                        timeToLiquidation: RunSummary.timeToLiquidation(byStep: t.isolatedByStep, paths: t.paths,
                                                                        stepDays: s.stepDays, stepsPerPoint: g))
        positions = s.positions.indices.map { i in
            Position(asset: s.assets[s.positions[i].asset].symbol, quantity: s.positions[i].quantity,
                     isolatedMargin: modes.allocation[i],
                     crossLiquidated: ProportionEstimate(count: t.crossLiquidated, trials: t.paths),
                     isolatedLiquidated: ProportionEstimate(count: t.isolatedLiquidated[i], trials: t.paths),
                     contagion: ProportionEstimate(count: t.crossOnly[i], trials: t.paths),
                     savedByPooling: ProportionEstimate(count: t.isolatedOnly[i], trials: t.paths))
        }
        var w = s.warnings
        if s.collateral.contains(where: { s.assets[$0.asset].volatility > 0 }) {
            w.append("isolated margins are cash amounts fixed at the start; volatile collateral moves only in cross mode")
        }
        warnings = w
    }
}
