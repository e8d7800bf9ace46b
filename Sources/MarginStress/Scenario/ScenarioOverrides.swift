/// Command-line values that take precedence over the scenario file's `simulation` section.
public struct ScenarioOverrides: Sendable, Equatable {
    public var paths: Int?
    public var steps: Int?
    public var horizon: String?
    public var seed: UInt64?
    public var workers: Int?

    public init(paths: Int? = nil, steps: Int? = nil, horizon: String? = nil, seed: UInt64? = nil, workers: Int? = nil) {
        self.paths = paths
        self.steps = steps
        self.horizon = horizon
        self.seed = seed
        self.workers = workers
    }

    /// `file` with these values written into its `simulation` section.
    public func applied(to file: ScenarioFile) -> ScenarioFile {
        var file = file
        var s = file.simulation ?? SimulationSection()
        if let paths { s.paths = paths }
        if let steps { s.steps = steps }
        if let horizon { s.horizon = Horizon(horizon) }
        if let seed { s.seed = seed }
        if let workers { s.workers = workers }
        file.simulation = s
        return file
    }
}
