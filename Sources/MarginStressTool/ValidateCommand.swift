import ArgumentParser
import MarginStress

/// `margin-stress validate FILE`: checks a scenario and lists every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and list every problem in it.")

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        let s = try scenario.load()
        let snap = s.snapshot
        print("\(scenario.file ?? DefaultScenario.source): valid")
        print("  \(s.assets.count) assets, \(s.positions.count) positions, \(s.collateral.count) collateral entries")
        print("  equity \(Honest.format(snap.equity, decimals: 0)), maintenance margin "
              + "\(Honest.format(snap.maintenanceMargin, decimals: 0)), gross notional \(Honest.format(snap.grossNotional, decimals: 0))")
        for warning in s.warnings { print("warning: \(warning)") }
    }
}
