import Foundation

extension Tuner {
    /// `points` values spaced evenly in log (`logarithmic`) or linearly over `range`.
    public static func spaced(_ range: ClosedRange<Double>, points: Int, logarithmic: Bool) -> [Double] {
        guard points > 1 else { return [range.lowerBound] }
        return (0..<points).map { j in
            let f = Double(j) / Double(points - 1)
            return logarithmic ? range.lowerBound * Foundation.pow(range.upperBound / range.lowerBound, f)
                : range.lowerBound + f * (range.upperBound - range.lowerBound)
        }
    }

    /// The sorted union of value lists, duplicates removed.
    static func union(_ lists: [Double]...) -> [Double] {
        Array(Set(lists.joined())).sorted()
    }

    /// The scale range used when none is given: from 1/100 of the scale at which the book starts at its
    /// maintenance margin (where the probability reaches 1) up to it; 0.01 to 10 when there is no such scale.
    public var defaultScaleRange: ClosedRange<Double> {
        let (a, d) = forms.values(at: market.spot)
        let top = (d > 0 && a > 0) ? a / d : 10
        return (top / 100)...top
    }

    /// Builds the summary of a scale question from the counts on `fineGrid` (which holds `table` and 1).
    public func frontierSummary(counts: GridCounts, target: Double, table: [Double], position: String?) -> FrontierSummary {
        let n = counts.paths
        let all = counts.counts
        func point(_ j: Int) -> FrontierSummary.Point {
            let k = counts.grid[j]
            let e = ProportionEstimate(count: all[j], trials: n)
            let acct = account(atScale: k)
            return FrontierSummary.Point(scale: k, leverage: acct.equity > 0 ? acct.grossNotional / acct.equity : nil,
                                         probability: e.probability, standardError: e.standardError,
                                         interval95: e.interval95, count: e.count)
        }
        // The largest grid index such that the criterion holds there and at every smaller grid scale.
        func limit(_ ok: (Int) -> Bool) -> Int? {
            var last: Int? = nil
            for j in all.indices {
                if ok(j) { last = j } else { break }
            }
            return last
        }
        let conservative = limit { ProportionEstimate(count: all[$0], trials: n).interval95[1] <= target }
        let estimate = limit { Double(all[$0]) <= target * Double(n) }
        let one = counts.firstIndex(atOrAbove: 1)
        let top = counts.grid.count - 1
        // The answer's resolution: the relative step from the conservative limit to the next grid scale.
        let spacing = conservative.flatMap { j in j + 1 < counts.grid.count ? counts.grid[j + 1] / counts.grid[j] - 1 : nil } ?? 0
        let rows = table.map { counts.firstIndex(atOrAbove: $0) }
        var warnings = scenario.warnings
        if conservative == nil {
            warnings.append("even the smallest scale of the range, \(counts.grid[0]), exceeds the target; lower --range")
        }
        return FrontierSummary(
            tool: RunSummary.ToolInfo(name: "margin-stress", version: RunSummary.toolVersion), scenario: scenario.name,
            scenarioDigest: scenario.digest, paths: n, steps: scenario.steps, horizonDays: scenario.horizonDays,
            seed: scenario.seed, position: position, target: target,
            method: methodNote ?? "one pass: each path's critical scale from its linear equity and margin; exact counts at every grid scale, common random numbers",
            current: point(one),
            maxScale: conservative.map { counts.grid[$0] }, maxLeverage: conservative.flatMap { point($0).leverage },
            pointEstimateMaxScale: estimate.map { counts.grid[$0] },
            pointEstimateMaxLeverage: estimate.flatMap { point($0).leverage },
            limitAtRangeEnd: conservative == top || estimate == top, gridRelativeSpacing: spacing,
            frontier: rows.map(point), warnings: warnings)
    }

    /// Builds the summary of a maintenance-rate question from the counts on the rate grid.
    public func rateSummary(counts: GridCounts, target: Double, table: [Double], position: String?) -> RateSummary {
        let n = counts.paths
        let all = counts.counts
        func point(_ j: Int) -> RateSummary.Point {
            let e = ProportionEstimate(count: all[j], trials: n)
            return RateSummary.Point(rate: counts.grid[j], probability: e.probability, standardError: e.standardError,
                                     interval95: e.interval95, count: e.count)
        }
        let conservative = Self.lowestRateFromWhich(all.count) { ProportionEstimate(count: all[$0], trials: n).interval95[1] <= target }
        let estimate = Self.lowestRateFromWhich(all.count) { Double(all[$0]) <= target * Double(n) }
        var summary = RateSummary(
            tool: RunSummary.ToolInfo(name: "margin-stress", version: RunSummary.toolVersion), scenario: scenario.name,
            scenarioDigest: scenario.digest, paths: n, steps: scenario.steps, horizonDays: scenario.horizonDays,
            seed: scenario.seed, position: position, target: target,
            method: "one pass: each path's bad-debt threshold rate; exact counts at every rate of the 0.01% grid, common random numbers",
            minimumRate: conservative.map { counts.grid[$0] }, pointEstimateMinimumRate: estimate.map { counts.grid[$0] },
            atMinimumRate: conservative.map(point), frontier: table.map { point(counts.firstIndex(atOrAbove: $0)) },
            warnings: rateWarnings(answered: conservative != nil, grid: counts.grid))
        summary.curve = Self.curveIndices(grid: counts.grid, table: table, answers: [conservative, estimate]).map(point)
        return summary
    }

    /// The summary of the rate question from importance-sampled sums (`WeightedRateAnalysis`): the same answers
    /// as `rateSummary`, from the weighted estimate and its standard error at each grid rate (95% interval:
    /// estimate ± 1.96 SE).
    public func weightedRateSummary(sums: WeightedGrid, shift: [Double], target: Double, table: [Double],
                                    position: String?) -> RateSummary {
        let all = sums.estimates
        func point(_ j: Int) -> RateSummary.Point {
            let e = all[j]
            return RateSummary.Point(rate: sums.grid[j], probability: e.probability, standardError: e.standardError,
                                     interval95: e.interval95, count: e.hits, varianceReduction: e.varianceReduction)
        }
        let conservative = Self.lowestRateFromWhich(all.count) { all[$0].interval95[1] <= target }
        let estimate = Self.lowestRateFromWhich(all.count) { all[$0].probability <= target }
        let grid = GridCounts(grid: sums.grid)
        var summary = RateSummary(
            tool: RunSummary.ToolInfo(name: "margin-stress", version: RunSummary.toolVersion), scenario: scenario.name,
            scenarioDigest: scenario.digest, paths: sums.paths, steps: scenario.steps, horizonDays: scenario.horizonDays,
            seed: scenario.seed, position: position, target: target,
            method: "one pass with importance sampling: shocks tilted toward bad debt (equity reaching zero at the horizon), each path's bad-debt threshold rate weighted by its likelihood ratio at that step; weighted estimates at every rate of the 0.01% grid",
            minimumRate: conservative.map { sums.grid[$0] }, pointEstimateMinimumRate: estimate.map { sums.grid[$0] },
            atMinimumRate: conservative.map(point), frontier: table.map { point(grid.firstIndex(atOrAbove: $0)) },
            warnings: rateWarnings(answered: conservative != nil, grid: sums.grid))
        summary.importanceSampling = .init(shiftPerStep: shift.reduce(0) { $0 + $1 * $1 }.squareRoot(),
                                           effectiveSampleSize: sums.effectiveSampleSize, meanLikelihoodRatio: sums.meanWeight)
        summary.curve = Self.curveIndices(grid: sums.grid, table: table, answers: [conservative, estimate]).map(point)
        return summary
    }

    /// The smallest grid index j such that `ok` holds at j and at every larger index of `count`; nil when it fails at
    /// the largest (the rate answers of both summaries).
    static func lowestRateFromWhich(_ count: Int, _ ok: (Int) -> Bool) -> Int? {
        var first: Int? = nil
        for j in (0..<count).reversed() {
            if ok(j) { first = j } else { break }
        }
        return first
    }

    /// The chart's curve: the indices of every grid rate within the table's range, widened to take in the answers.
    static func curveIndices(grid: [Double], table: [Double], answers: [Int?]) -> [Int] {
        let rates = answers.compactMap { $0.map { grid[$0] } }
        let low = ([table.first ?? 0] + rates).min()!, high = ([table.last ?? 0] + rates).max()!
        return grid.indices.filter { grid[$0] >= low - 1e-12 && grid[$0] <= high + 1e-12 }
    }

    /// The rate question's warnings: the scenario's, that costs are not modelled, and when no rate answers.
    func rateWarnings(answered: Bool, grid: [Double]) -> [String] {
        var warnings = scenario.warnings
        warnings.append("liquidation costs (slippage, fees) are not modelled: bad debt here is equity below zero at the liquidating step's mark price")
        if !answered { warnings.append("no rate up to \(grid.last ?? 0) meets the target") }
        return warnings
    }
}
