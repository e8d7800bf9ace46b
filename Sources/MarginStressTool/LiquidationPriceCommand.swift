import ArgumentParser
import Foundation
import MarginStress

/// `margin-stress liquidation-price FILE`: where the account as it stands is liquidated.
struct LiquidationPriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidation-price",
        abstract: "Each position's liquidation price with the other prices fixed, and the market moves that liquidate the account.",
        discussion: """
            No simulation: the account at today's prices. For each position, the price of its asset at which the \
            account (cross) or the position (isolated) falls below maintenance margin, every other price fixed, \
            with tiered schedules at the notional at that price; then the uniform move of every moving price, and \
            the move along the first principal component of their correlation, that liquidate it.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "Print the result as JSON on standard output.")
    var json = false

    @Flag(help: "Accepted for symmetry with the other commands (nothing is simulated, so there is no progress bar).")
    var quiet = false

    func run() throws {
        let s = try scenario.load()
        try refuseUnsupported(s, .liquidationPrice)
        let result: LiquidationPrices
        do {
            result = try LiquidationPrices(scenario: s)
        } catch {
            printError("cannot decompose the correlation matrix: \(error)")
            throw ExitCode.failure
        }
        if json {
            print(String(decoding: try Exporter.encoder().encode(result), as: UTF8.self))
        } else {
            print(LiquidationPriceReport.text(result, scenarioName: s.name))
        }
    }
}
