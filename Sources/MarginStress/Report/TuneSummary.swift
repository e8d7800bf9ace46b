/// What `margin-stress tune` reports for a leverage question (schema version 1), as printed by `--json`
/// and written to `tune.json` by `--export`.
public struct FrontierSummary: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var tool: RunSummary.ToolInfo
    public var scenario: String
    public var scenarioDigest: String
    public var paths: Int
    public var steps: Int
    public var horizonDays: Double
    public var seed: UInt64
    /// The asset whose positions were scaled; nil when the whole book was.
    public var position: String?
    /// Largest acceptable liquidation probability.
    public var target: Double
    public var method: String
    /// The book as given (scale 1).
    public var current: Point
    /// The conservative limit (the default answer): the largest scale whose 95% interval's upper end, and every
    /// smaller scale's on the grid, is at most the target. Nil when even the smallest scale of the grid fails.
    public var maxScale: Double?
    public var maxLeverage: Double?
    /// The same by the point estimate.
    public var pointEstimateMaxScale: Double?
    public var pointEstimateMaxLeverage: Double?
    /// True when a limit is the end of the grid's range: the true limit is at least that (widen --range).
    public var limitAtRangeEnd: Bool
    /// Relative step from the conservative limit to the next scale examined: the resolution of the answer.
    public var gridRelativeSpacing: Double
    public var frontier: [Point]
    public var warnings: [String]

    public struct Point: Sendable, Codable, Equatable {
        public var scale: Double
        /// Gross notional / equity at spot prices at this scale; nil when equity is not positive.
        public var leverage: Double?
        public var probability: Double
        public var standardError: Double
        public var interval95: [Double]
        public var count: Int
    }
}

/// What `margin-stress tune --maintenance-rate-for-bad-debt P` reports.
public struct RateSummary: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var tool: RunSummary.ToolInfo
    public var scenario: String
    public var scenarioDigest: String
    public var paths: Int
    public var steps: Int
    public var horizonDays: Double
    public var seed: UInt64
    /// The asset whose positions get the rate; nil when every position does.
    public var position: String?
    /// Largest acceptable probability of bad debt (equity below zero at liquidation) within the horizon.
    public var target: Double
    public var method: String
    /// The smallest flat maintenance rate (on the 0.01% grid) whose bad-debt probability, and every larger
    /// rate's, is at most the target by the upper end of its 95% interval (the default answer); nil when
    /// no rate up to the grid's end qualifies.
    public var minimumRate: Double?
    public var pointEstimateMinimumRate: Double?
    /// The bad-debt probability at the conservative answer.
    public var atMinimumRate: Point?
    public var frontier: [Point]
    public var warnings: [String]
    /// With importance sampling: the tilt and its diagnostics (the probabilities are then weighted estimates).
    public var importanceSampling: Weighting? = nil

    public struct Point: Sendable, Codable, Equatable {
        public var rate: Double
        public var probability: Double
        public var standardError: Double
        public var interval95: [Double]
        /// Paths in bad debt at this rate (with importance sampling: tilted paths, each weighted).
        public var count: Int
        /// With importance sampling: p (1 - p) / (n SE²), plain sampling's variance over the weighted one's.
        public var varianceReduction: Double? = nil
    }

    /// The importance-sampling block of the rate question.
    public struct Weighting: Sendable, Codable, Equatable {
        /// Euclidean norm of the per-step shift of the independent normals.
        public var shiftPerStep: Double
        /// Kish's effective sample size (sum w)² / sum w², and the mean likelihood ratio (1 in expectation).
        public var effectiveSampleSize: Double
        public var meanLikelihoodRatio: Double
    }
}
