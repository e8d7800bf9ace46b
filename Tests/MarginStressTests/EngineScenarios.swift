import Foundation
@testable import MarginStress

/// Scenarios the engine tests share: the default, every cross feature at once, isolated, antithetic.
enum EngineScenarios {
    /// Tiers, volatile collateral with a haircut, funding, liquidation costs (fee, spread, impact) and partial
    /// liquidation, on Student-t shocks. Partial liquidation needs flat rates, so `everyFeature(partial: true)`
    /// gives the BTC position a flat rate instead of its schedule.
    static let everyFeatureYAML = """
        name: every feature
        account:
          mode: cross
          liquidationFee: 0.005
          {{liquidation}}
          marginSchedules:
            btc:
              style: binance
              brackets:
                - {notionalFloor: 0,       maintenanceMarginRate: 0.004, maintenanceAmount: 0}
                - {notionalFloor: 250000,  maintenanceMarginRate: 0.010, maintenanceAmount: 1500}
                - {notionalFloor: 3000000, maintenanceMarginRate: 0.025, maintenanceAmount: 46500}
          collateral:
            - {asset: USDC, amount: 150000}
            - {asset: ETH, amount: 20, haircut: 0.1}
          positions:
            - {asset: BTC, quantity: 30, {{btcMargin}}, fundingRate: 0.1}
            - {asset: ETH, quantity: -200, maintenanceMarginRate: 0.005, fundingRate: -0.05}
            - {asset: SOL, quantity: 2000, maintenanceMarginRate: 0.01}
        market:
          assets:
            - {symbol: BTC, price: 60000, volatility: 0.6, halfSpread: 0.0001, averageDailyVolume: 20000}
            - {symbol: ETH, price: 3000, volatility: 0.75, halfSpread: 0.0002}
            - {symbol: SOL, price: 150, volatility: 0.9}
            - {symbol: USDC, price: 1, volatility: 0}
          correlations: [[BTC, ETH, 0.8], [BTC, SOL, 0.7], [ETH, SOL, 0.75]]
          distribution: {type: student-t, degreesOfFreedom: 5}
        simulation:
          horizon: 7d
          steps: 56
          paths: 20000
          seed: 5
        """

    static func everyFeature(_ overrides: ScenarioOverrides = ScenarioOverrides(), partial: Bool = false) throws -> Scenario {
        let text = everyFeatureYAML
            .replacingOccurrences(of: "{{liquidation}}", with: partial ? "liquidation: {type: partial, buffer: 0.1}" : "")
            .replacingOccurrences(of: "{{btcMargin}}", with: partial ? "maintenanceMarginRate: 0.01" : "maintenanceSchedule: btc")
        let file = try ScenarioLoader.decode(text, format: .yaml, source: "every-feature")
        return try ScenarioValidator.validate(overrides.applied(to: file), source: "every-feature")
    }

    static func defaultScenario(_ overrides: ScenarioOverrides) throws -> Scenario {
        try ScenarioValidator.validate(overrides.applied(to: DefaultScenario.file), source: "default")
    }

    static func example(_ name: String, _ overrides: ScenarioOverrides) throws -> Scenario {
        let path = packageRoot.appendingPathComponent("examples/\(name)").path
        return try ScenarioValidator.validate(overrides.applied(to: try ScenarioLoader.read(path: path)), source: name)
    }
}

extension RunSummary {
    /// The summary without its timing, as JSON: what must be bit-identical between runs of one scenario.
    func jsonWithoutTiming() throws -> String {
        var s = self
        s.timing = Timing(workers: 0, seconds: 0, simulationSeconds: 0, pathsPerSecond: 0, assetStepsPerSecond: 0)
        return try Exporter.json(s)
    }
}
