extension ScenarioValidator {
    struct Simulation {
        var horizonDays: Double
        var horizonText: String
        var steps: Int
        var paths: Int
        var seed: UInt64
        var workers: Int
        var daysPerYear: Double
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
        guard let horizonDays, let steps, paths > 0, workers >= 0, daysPerYear > 0 else { return nil }
        return Simulation(horizonDays: horizonDays, horizonText: s.horizon?.text ?? "", steps: steps, paths: paths,
                          seed: s.seed ?? 1, workers: workers, daysPerYear: daysPerYear)
    }
}
