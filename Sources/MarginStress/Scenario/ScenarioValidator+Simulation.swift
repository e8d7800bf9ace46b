extension ScenarioValidator {
    struct Simulation {
        var horizonDays: Double
        var horizonText: String
        var steps: Int
        var paths: Int
        var seed: UInt64
        var workers: Int
        var daysPerYear: Double
        var antithetic: Bool
        var relativePrecision: Double?
        var continuousMonitoring: Bool? = nil
        var importanceSampling: Bool? = nil
    }

    /// Default number of paths when neither the file nor the command line gives one.
    static let defaultPaths = 100_000
    /// Upper bound on steps: beyond it a horizon is better split or the step made longer.
    static let maximumSteps = 1_000_000

    mutating func buildSimulation(_ section: SimulationSection?) -> Simulation? {
        let s = section ?? SimulationSection()
        var horizonDays: Double? = nil
        if let horizon = s.horizon {
            if let days = horizon.days, days.isFinite, days > 0 {
                horizonDays = days
            } else {
                fail("simulation.horizon", "\"\(horizon.text)\" is not a positive horizon; write e.g. 24h, 7d, 2w or a number of days")
            }
        } else {
            fail("simulation.horizon", "missing; give the horizon, e.g. 7d (or --horizon on the command line)")
        }
        var steps: Int? = nil
        if let n = s.steps {
            if n <= 0 {
                fail("simulation.steps", "\(n) must be at least 1; it is the number of monitoring steps over the horizon")
            } else if n > Self.maximumSteps {
                fail("simulation.steps", "\(n) is above the limit of \(Self.maximumSteps); use fewer, longer steps")
            } else {
                steps = n
            }
        } else {
            fail("simulation.steps", "missing; give the number of monitoring steps, e.g. 168 for hourly over 7d (or --steps)")
        }
        let paths = s.paths ?? Self.defaultPaths
        if paths <= 0 {
            fail("simulation.paths", "\(paths) must be at least 1; e.g. 100000")
        }
        let workers = s.workers ?? 0
        if workers < 0 {
            fail("simulation.workers", "\(workers) is negative; give a worker count, or 0 for one per core")
        }
        var daysPerYear = 365.0
        if s.daysPerYear != nil {
            daysPerYear = finite(s.daysPerYear, "simulation.daysPerYear", what: "the days in a year for annualised rates, e.g. 365") ?? 365
            if daysPerYear <= 0 {
                fail("simulation.daysPerYear", "\(daysPerYear) must be positive, e.g. 365 (crypto) or 252 (trading days)")
            }
        }
        var relativePrecision: Double? = nil
        if s.relativePrecision != nil {
            relativePrecision = finite(s.relativePrecision, "simulation.relativePrecision",
                                       what: "the target 95% half-width as a fraction of the estimate, e.g. 0.05")
            if let r = relativePrecision, !(r > 0 && r < 1) {
                fail("simulation.relativePrecision", "\(r) is outside (0, 1); e.g. 0.05 stops at a 95% interval of +/-5% of the estimate")
            }
        }
        var continuous: Bool? = nil
        switch s.monitoring {
        case nil, "discrete": break
        case "continuous": continuous = true
        case let other?: fail("simulation.monitoring", "\"\(other)\" is not a monitoring rule; write discrete (checks at the steps, the default) or continuous (Brownian-bridge crossing between steps)")
        }
        var tilted: Bool? = nil
        switch s.importanceSampling {
        case nil, "off": break
        case "auto": tilted = true
        case let other?: fail("simulation.importanceSampling", "\"\(other)\" is not a setting; write off (the default) or auto (shocks tilted toward the liquidation boundary)")
        }
        if paths > RandomStream.maximumBlocks * 256 {
            fail("simulation.paths", "\(paths) is above the limit of \(RandomStream.maximumBlocks * 256) paths per seed; split the run over seeds")
        }
        guard let horizonDays, let steps, paths > 0, workers >= 0, daysPerYear > 0, issues.isEmpty else { return nil }
        let antithetic = s.antithetic ?? false
        if antithetic && paths % 2 == 1 {
            warnings.append("antithetic sampling pairs paths: \(paths) paths rounded up to \(paths + 1)")
        }
        return Simulation(horizonDays: horizonDays, horizonText: s.horizon?.text ?? "", steps: steps,
                          paths: antithetic ? paths + paths % 2 : paths, seed: s.seed ?? 1, workers: workers,
                          daysPerYear: daysPerYear, antithetic: antithetic, relativePrecision: relativePrecision,
                          continuousMonitoring: continuous, importanceSampling: tilted)
    }
}
