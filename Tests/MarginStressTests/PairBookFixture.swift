import Foundation
@testable import MarginStress

/// The two-asset book of the price-history tests (`HistoricalShockTests`, `BridgeTests`, `ReplayTests`): long 1 X,
/// short 2 Y (maintenance rate 0.1% each), USDC cash, written as `scenario.yaml` in a fresh folder beside the
/// price file `prices.csv` (`csv`), then validated with that path as its source and its history read, as the
/// command line would.
enum PairBook {
    /// `market` holds the market section's lines after the assets (distribution, correlations, stress), `extra`
    /// text placed verbatim between them and `simulation` (more market lines with their indentation, such as
    /// jumps, or whole top-level sections), and `simulation` the flow mapping of that section.
    static func scenario(name: String, csv: String, cash: Double, spotX: Double = 100, spotY: Double = 50,
                         volatilityX: Double = 0.3, volatilityY: Double = 0.4, market: [String], extra: String = "",
                         simulation: String) throws -> Scenario {
        let dir = try temporaryDirectory()
        try csv.write(to: dir.appendingPathComponent("prices.csv"), atomically: true, encoding: .utf8)
        let yaml = """
            name: \(name)
            account:
              mode: cross
              collateral: [{asset: USDC, amount: \(cash)}]
              positions:
                - {asset: X, quantity: 1, maintenanceMarginRate: 0.001}
                - {asset: Y, quantity: -2, maintenanceMarginRate: 0.001}
            market:
              assets:
                - {symbol: X, price: \(spotX), volatility: \(volatilityX)}
                - {symbol: Y, price: \(spotY), volatility: \(volatilityY)}
                - {symbol: USDC, price: 1, volatility: 0}
            \(market.map { "  " + $0 }.joined(separator: "\n"))
            \(extra)simulation: \(simulation)

            """
        let path = dir.appendingPathComponent("scenario.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ScenarioValidator.validate(try ScenarioLoader.read(path: path), source: path).loadingHistory(source: path)
    }
}
