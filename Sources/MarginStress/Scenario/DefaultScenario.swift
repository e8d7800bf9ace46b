/// The built-in scenario `margin-stress run` uses when no file is given.
public enum DefaultScenario {
    public static let source = "built-in default scenario"

    /// A BTC/ETH/SOL cross-margin account on USDC, about 8.3x gross leverage over one week, hourly monitoring.
    /// Volatilities and correlations are typical of 2024-2025 crypto markets.
    public static let yaml = """
        # MarginStress built-in default scenario (print it with `margin-stress default-scenario`).
        name: BTC/ETH/SOL cross-margin account on USDC
        account:
          mode: cross
          collateral:
            - {asset: USDC, amount: 45000, haircut: 0}
          positions:
            - {asset: BTC, quantity: 2, maintenanceMarginRate: 0.004, initialMarginRate: 0.01}     # long  ~190k notional
            - {asset: ETH, quantity: 30, maintenanceMarginRate: 0.005, initialMarginRate: 0.02}    # long  ~105k
            - {asset: SOL, quantity: -400, maintenanceMarginRate: 0.01, initialMarginRate: 0.05}   # short ~80k
        market:
          assets:
            - {symbol: BTC, price: 95000, volatility: 0.55}
            - {symbol: ETH, price: 3500, volatility: 0.70}
            - {symbol: SOL, price: 200, volatility: 0.90}
            - {symbol: USDC, price: 1, volatility: 0}
          correlations:
            - [BTC, ETH, 0.80]
            - [BTC, SOL, 0.70]
            - [ETH, SOL, 0.75]
          distribution: {type: gaussian}
        simulation:
          horizon: 7d
          steps: 168
          paths: 200000
          seed: 42

        """

    /// The default scenario as a raw file.
    public static var file: ScenarioFile {
        // The text is part of the program and covered by tests, so decoding cannot fail.
        try! ScenarioLoader.decode(yaml, format: .yaml, source: source)
    }
}
