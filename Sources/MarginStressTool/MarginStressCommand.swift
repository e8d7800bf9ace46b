import ArgumentParser
import MarginStress

/// `margin-stress`: Monte Carlo stress tests of cross-margin accounts.
@main
struct MarginStressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin-stress",
        abstract: "Monte Carlo stress tests of cross-margin trading accounts.",
        discussion: """
            Simulates correlated price paths and reports how likely the account is to be liquidated within the \
            horizon, when, and the distributions of terminal PnL and minimum equity.

            Exit codes: 0 success, 64 bad command-line usage, 65 invalid scenario, 66 scenario file not found, \
            73 cannot write the export directory, 1 any other failure.
            """,
        version: RunSummary.toolVersion,
        subcommands: [RunCommand.self, TuneCommand.self, CompareCommand.self, MergeCommand.self, ValidateCommand.self, DefaultScenarioCommand.self],
        defaultSubcommand: RunCommand.self)
}
