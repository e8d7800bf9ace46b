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
        print("  \(plural(s.assets.count, "asset")), \(plural(s.positions.count, "position")), "
              + "\(plural(s.collateral.count, "collateral entry", "collateral entries"))")
        print("  equity \(Honest.format(snap.equity, decimals: 0)), maintenance margin "
              + "\(Honest.format(snap.maintenanceMargin, decimals: 0)), gross notional \(Honest.format(snap.grossNotional, decimals: 0))")
        for warning in s.warnings { print("warning: \(warning)") }
        // The capability table for this scenario: which commands take it as it is.
        for command in Capabilities.Command.allCases {
            let refusals = Capabilities.refusals(s, command)
            if refusals.isEmpty {
                print("  \(command.rawValue): supported")
            } else {
                for r in refusals { print("  \(command.rawValue): refused: \(r)") }
            }
        }
    }
}

/// "1 position", "3 positions".
func plural(_ n: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : pluralForm ?? singular + "s")
}
