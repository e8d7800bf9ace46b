/// The frontier for books whose margin is not linear in the scale (tiered schedules) or that pay funding:
/// each scale is a fresh run of the scaled book with the same seed (common random numbers), so every count is
/// exact, and the limits are found by bisection between the table's scales. Liquidation is monotone in the
/// scale path by path (a tier's rate only grows with notional), so the bisection is sound.
extension Tuner {
    /// How the counts were obtained when re-simulated, for the summary's method.
    public static let resimulationNote = "re-simulation of the scaled book at each scale with the same seed (common random numbers; "
        + "tiered margin, funding or partial liquidation make the margin non-linear in the scale): exact counts at the "
        + "table's scales, limits by 10 bisection steps between them"

    /// True when the one-pass critical scale does not apply and the frontier is re-simulated.
    public static func needsResimulation(_ scenario: Scenario) -> Bool {
        scenario.hasTieredMargin || scenario.hasFunding || scenario.partialLiquidationBuffer != nil
    }

    /// Liquidation counts at the table's scales and 1, refined by `steps` bisection steps towards both limits,
    /// as grid counts for `frontierSummary`. When `control` stops the work (a signal), the counts are those of
    /// the scales done so far, over partial runs: the caller checks `control.stoppedBy` and reports no frontier.
    public static func resimulatedCounts(scenario: Scenario, asset: Int?, table: [Double], target: Double,
                                         steps: Int = 10, progress: SimulationProgress? = nil,
                                         control: RunControl? = nil) async throws(LAPACKError) -> GridCounts {
        var known: [Double: Int] = [:]
        func count(_ k: Double) async throws(LAPACKError) -> Int {
            if let c = known[k] { return c }
            var s = scenario
            for i in s.positions.indices where asset == nil || s.positions[i].asset == asset { s.positions[i].quantity *= k }
            s.warnings = []
            let c = await (try SimulationRunner(scenario: s)).run(progress: progress, control: control).moments.liquidations
            known[k] = c
            return c
        }
        let n = scenario.paths
        let scales = Array(Set(table + [1])).sorted()
        for k in scales {
            _ = try await count(k)
            if control?.isStopped ?? false {
                let done = known.keys.sorted()
                return GridCounts(grid: done, counts: done.map { known[$0]! }, paths: n)
            }
        }
        let criteria: [(Int) -> Bool] = [
            { ProportionEstimate(count: $0, trials: n).interval95[1] <= target },
            { Double($0) <= target * Double(n) },
        ]
        for ok in criteria {
            // The last table scale that passes with every smaller one, and the next one, which fails.
            var last: Int? = nil
            for (j, k) in scales.enumerated() {
                if ok(known[k]!) { last = j } else { break }
            }
            guard let j = last, j + 1 < scales.count else { continue }
            var lo = scales[j], hi = scales[j + 1]
            for _ in 0..<steps {
                let mid = (lo + hi) / 2
                if ok(try await count(mid)) { lo = mid } else { hi = mid }
                if control?.isStopped ?? false { break }
            }
        }
        let grid = known.keys.sorted()
        return GridCounts(grid: grid, counts: grid.map { known[$0]! }, paths: n)
    }
}

extension GridCounts {
    /// Counts given point by point (each path counted where it is liquidated).
    public init(grid: [Double], counts: [Int], paths: Int) {
        self.init(grid: grid)
        setCounts(counts, paths: paths)
    }
}
