import ArgumentParser
import Foundation
import MarginStress

/// The scenario to use and the simulation settings that override the file's.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML, or JSON with a .json name). Without it, the built-in default scenario.")
    var file: String?

    @Option(help: "Number of paths (overrides simulation.paths).")
    var paths: Int?

    @Option(help: "Monitoring steps over the horizon (overrides simulation.steps).")
    var steps: Int?

    @Option(help: "Horizon, e.g. 24h, 7d, 2w, or a number of days (overrides simulation.horizon).")
    var horizon: String?

    @Option(help: "Random seed (overrides simulation.seed).")
    var seed: UInt64?

    @Option(help: "Worker count; 0 for one per core (overrides simulation.workers).")
    var workers: Int?

    @Flag(help: "Antithetic variates: paths in pairs with opposite shocks (sets simulation.antithetic).")
    var antithetic = false

    @Option(help: ArgumentHelp(
        "Stop once the 95% interval of the liquidation probability is within R times the estimate; --paths is the cap.",
        valueName: "R"))
    var relativePrecision: Double?

    @Option(help: ArgumentHelp("discrete (checks at the steps) or continuous (adds the Brownian-bridge estimate between steps); sets simulation.monitoring.", valueName: "rule"))
    var monitoring: String?

    @Flag(help: "Adds the importance-sampled liquidation and bad-debt probabilities (sets simulation.importanceSampling: auto).")
    var importanceSampling = false

    var overrides: ScenarioOverrides {
        var o = ScenarioOverrides(paths: paths, steps: steps, horizon: horizon, seed: seed, workers: workers,
                                  antithetic: antithetic ? true : nil, relativePrecision: relativePrecision)
        o.monitoring = monitoring
        o.importanceSampling = importanceSampling ? "auto" : nil
        return o
    }

    /// The validated scenario, or a printed list of problems and the matching exit code.
    func load() throws -> Scenario {
        do {
            let raw: ScenarioFile
            let source: String
            if let file {
                raw = try ScenarioLoader.read(path: file)
                source = file
            } else {
                raw = DefaultScenario.file
                source = DefaultScenario.source
            }
            do {
                return try ScenarioValidator.validate(overrides.applied(to: raw), source: source).loadingHistory(source: source)
            } catch {
                throw overrides.attributed(error)
            }
        } catch {
            printError("\(error)")
            let missing = file.map { !FileManager.default.fileExists(atPath: $0) } ?? false
            throw ExitCode(missing ? 66 : 65)
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
