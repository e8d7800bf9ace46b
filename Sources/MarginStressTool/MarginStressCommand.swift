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

            Exit codes: 0 success, 64 bad command-line usage or a feature the command does not support, \
            65 invalid scenario or partial results that do not merge, 66 scenario, partial or checkpoint file not \
            found, 73 cannot write an output, 130 or 143 interrupted by SIGINT or SIGTERM (what was completed is \
            reported), 1 any other failure.
            """,
        version: RunSummary.toolVersion,
        subcommands: [RunCommand.self, TuneCommand.self, CompareCommand.self, MergeCommand.self, LiquidationPriceCommand.self, ExchangeCommand.self, ValidateCommand.self, DefaultScenarioCommand.self,
                      BacktestCommand.self, CalibrateCommand.self],
        defaultSubcommand: RunCommand.self)
}
