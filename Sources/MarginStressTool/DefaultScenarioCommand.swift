import ArgumentParser
import MarginStress

/// `margin-stress default-scenario`: prints the built-in scenario as YAML, a starting point for your own.
struct DefaultScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default-scenario",
        abstract: "Print the built-in default scenario (YAML) to start a scenario file from.")

    func run() {
        print(DefaultScenario.yaml, terminator: "")
    }
}
