/// Command-line values that take precedence over the scenario file's `simulation` section.
public struct ScenarioOverrides: Sendable, Equatable {
    public var paths: Int?
    public var steps: Int?
    public var horizon: String?
    public var seed: UInt64?
    public var workers: Int?
    public var antithetic: Bool?
    public var relativePrecision: Double?
    /// `--monitoring` (simulation.monitoring) and `--importance-sampling` (simulation.importanceSampling: auto).
    public var monitoring: String? = nil
    public var importanceSampling: String? = nil

    public init(paths: Int? = nil, steps: Int? = nil, horizon: String? = nil, seed: UInt64? = nil, workers: Int? = nil,
                antithetic: Bool? = nil, relativePrecision: Double? = nil) {
        self.paths = paths
        self.steps = steps
        self.horizon = horizon
        self.seed = seed
        self.workers = workers
        self.antithetic = antithetic
        self.relativePrecision = relativePrecision
    }

    /// `error` with the problems that concern an overridden value attributed to its command-line option,
    /// e.g. `--paths (simulation.paths): 0 must be at least 1`.
    public func attributed(_ error: ScenarioError) -> ScenarioError {
        let given: [String: Bool] = [
            "paths": paths != nil, "steps": steps != nil, "horizon": horizon != nil, "seed": seed != nil,
            "workers": workers != nil, "relativePrecision": relativePrecision != nil, "monitoring": monitoring != nil,
            "importanceSampling": importanceSampling != nil,
        ]
        var error = error
        for n in error.issues.indices {
            let field = error.issues[n].field
            guard field.hasPrefix("simulation.") else { continue }
            let name = String(field.dropFirst("simulation.".count))
            let option = name == "relativePrecision" ? "relative-precision" : name == "importanceSampling" ? "importance-sampling" : name
            if given[name] == true { error.issues[n].field = "--\(option) (\(field))" }
        }
        return error
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
        if let antithetic { s.antithetic = antithetic }
        if let relativePrecision { s.relativePrecision = relativePrecision }
        if let monitoring { s.monitoring = monitoring }
        if let importanceSampling { s.importanceSampling = importanceSampling }
        file.simulation = s
        return file
    }
}
