/// Everything `margin-stress run` reports, as written to `summary.json` and by `--json` (schema version 1).
///
/// Losses are positive numbers; tail levels are string keys ("0.95", "0.99", "0.999"). Values are kept at
/// full precision, each with its standard error or interval, so that tools can round them honestly.
/// The `timing` object is the only part that varies between runs of the same scenario and seed.
public struct RunSummary: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var tool: ToolInfo
    public var scenario: String
    /// FNV-1a 64-bit digest of the validated scenario (hex), to tie results to their input.
    public var scenarioDigest: String
    public var paths: Int
    public var steps: Int
    public var horizonDays: Double
    public var seed: UInt64
    public var distribution: String
    /// "cross", or "isolated" (then liquidation means the first position liquidated on its own margin).
    public var marginMode: String
    public var sampling: Sampling
    public var account: AccountSnapshot
    /// The shock model's parameters (GARCH per asset, history window, jumps, stress); absent for Gaussian and
    /// Student-t shocks without overlays.
    public var model: ModelParameters?
    public var liquidation: ProportionEstimate
    public var timeToLiquidation: TimeToLiquidation
    public var terminalPnL: TerminalPnL
    public var minimumEquity: MinimumEquity
    /// What liquidations cost and leave behind: costs paid, loss given liquidation, bad debt.
    public var liquidationOutcome: LiquidationOutcome
    /// Relative accuracy of the quantile sketch behind VaR, ES, quantiles and histograms.
    public var sketchRelativeAccuracy: Double
    public var warnings: [String]
    /// Per-position attribution of liquidation losses and of the 99% ES (`run --attribution`).
    public var attribution: AttributionSummary?
    /// The continuous-monitoring and importance-sampling pass (`simulation.monitoring`, `importanceSampling`).
    public var rareEvent: RareEventSummary?
    /// Present only when the figures rest on part of the run: a shard's blocks, or a run interrupted.
    public var coverage: Coverage?
    public var timing: Timing

    /// Which blocks of the run the figures rest on, when not all of them.
    public struct Coverage: Sendable, Codable, Equatable {
        /// "SIGINT" or "SIGTERM" when the run was interrupted.
        public var interruptedBy: String?
        /// "I/N" for a shard.
        public var shard: String?
        /// Blocks of 256 paths covered, [first, end), those asked for, and those of the whole run.
        public var blocks: [Int]
        public var plannedBlocks: [Int]
        public var totalBlocks: Int
    }

    /// How the paths were drawn and why the run stopped where it did.
    public struct Sampling: Sendable, Codable, Equatable {
        /// "plain" (independent paths) or "antithetic" (pairs with opposite shocks).
        public var method: String
        /// Paths asked for; `paths` is what was simulated (fewer when the precision target was met).
        public var pathsRequested: Int
        /// The relative-precision target, when one was set.
        public var relativePrecisionTarget: Double?
        public var stoppedAtPrecision: Bool
        /// Variance of the plain estimator of the liquidation probability, p (1 - p) / n, over the variance of
        /// the estimator used (1 for plain sampling): how many times fewer paths the method needs.
        public var liquidationVarianceReduction: Double?
    }

    public struct ToolInfo: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
    }

    public struct TimeToLiquidation: Sendable, Codable, Equatable {
        /// Mean time to liquidation in days among liquidated paths; nil when none was liquidated.
        public var meanDays: Double?
        /// Liquidations per monitoring step: bin `[lower, upper)` in days (step 0, a start below margin, is [0, 0]).
        public var histogram: [Histogram.Bin]
        /// Probability of not yet liquidated at each step's time, with its 95% Wilson interval.
        public var survival: [SurvivalPoint]
    }

    public struct SurvivalPoint: Sendable, Codable, Equatable {
        public var days: Double
        public var probability: Double
        public var interval95: [Double]
    }

    public struct TerminalPnL: Sendable, Codable, Equatable {
        public var mean: Double
        public var standardError: Double
        public var standardDeviation: Double
        public var valueAtRisk: [String: Double]
        public var valueAtRiskInterval95: [String: [Double]]
        public var expectedShortfall: [String: Double]
        public var expectedShortfallStandardError: [String: Double]
        /// Paths with a loss at or beyond each VaR level: what each ES rests on.
        public var pathsBeyond: [String: Int]
        public var histogram: [Histogram.Bin]
        /// Statistics that do not exist for this run (too few paths), keyed by their path under `terminalPnL`,
        /// with the reason; absent when every statistic exists.
        public var absent: [String: String]? = nil
    }

    public struct MinimumEquity: Sendable, Codable, Equatable {
        public var mean: Double
        /// Quantiles of the minimum equity over the path ("0.001", "0.01", "0.05", "0.5").
        public var quantiles: [String: Double]
        /// Probability that equity went below zero at some step (before or at liquidation).
        public var belowZero: ProportionEstimate
        public var histogram: [Histogram.Bin]
    }

    public struct LiquidationOutcome: Sendable, Codable, Equatable {
        /// Mean cost (spread, impact, fee) per liquidated path; nil when none was liquidated.
        public var meanCostWhenLiquidated: Double?
        /// Starting equity minus the equity left after liquidation, over liquidated paths.
        public var lossGivenLiquidation: Distribution?
        /// Equity below zero after liquidation (after costs): the exchange's loss.
        public var badDebt: ProportionEstimate
        public var meanBadDebtWhenBadDebt: Double?
        /// Mean bad debt over all paths, and the mean over the worst 1% of paths (the exchange's 99% ES; most
        /// paths have no bad debt, so this is the mean of the largest ceil(n / 100) values).
        public var expectedBadDebt: Double
        public var badDebtExpectedShortfall99: Double?
        /// With partial liquidation: the probability of at least one partial liquidation and the mean number of
        /// them per path (the liquidation probability counts full liquidations only).
        public var partiallyLiquidated: ProportionEstimate?
        public var meanPartialLiquidations: Double?
        /// Mean collateral value (after haircuts) at liquidation, when collateral is volatile: wrong-way risk.
        public var meanCollateralValueAtLiquidation: Double?
    }

    public struct Distribution: Sendable, Codable, Equatable {
        public var mean: Double
        public var quantiles: [String: Double]
        public var histogram: [Histogram.Bin]
    }

    public struct Timing: Sendable, Codable, Equatable {
        public var workers: Int
        public var seconds: Double
        public var simulationSeconds: Double
        public var pathsPerSecond: Double
        /// paths x steps x simulated assets / simulation seconds.
        public var assetStepsPerSecond: Double
    }
}
