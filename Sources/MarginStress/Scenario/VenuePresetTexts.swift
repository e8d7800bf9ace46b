// The venue presets of examples/venues/, carried by the tool so that `account.venue` works wherever it is installed.
// A test checks that each text equals its file in examples/venues/ byte for byte: edit the file, then copy it here.

extension VenuePresets {
    /// Preset name -> the YAML text of examples/venues/NAME.yaml.
    static let texts: [String: String] = [
        "binance-usdm": #"""
# Venue preset: Binance USD-M futures. Every figure with its source and the date it was read; figures that could not be
# sourced say so. A scenario names it with `account.venue: binance-usdm` (the tool carries a copy of this file); its
# schedules then join account.marginSchedules (see README, "Venue presets").
venue: binance-usdm
read: 2026-11-30
marginSchedules:
  # Source: Binance, "Leverage & Margin" table of USD-M futures, BTCUSDT perpetual, as reproduced in
  # examples/tiered-margin.yaml (brackets revised from time to time; check the current table).
  binance/BTC:
    style: binance
    brackets:
      - {notionalFloor: 0,        maintenanceMarginRate: 0.004, maintenanceAmount: 0}
      - {notionalFloor: 50000,    maintenanceMarginRate: 0.005, maintenanceAmount: 50}
      - {notionalFloor: 250000,   maintenanceMarginRate: 0.010, maintenanceAmount: 1300}
      - {notionalFloor: 3000000,  maintenanceMarginRate: 0.025, maintenanceAmount: 46300}
      - {notionalFloor: 15000000, maintenanceMarginRate: 0.050, maintenanceAmount: 421300}
liquidation:
  style: full            # the position is closed by the liquidation engine; NOT SOURCED here beyond the formula page
  trigger: equity below maintenance margin (margin balance < maintenance margin)
  # Source: Binance support FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" (2020-08-14):
  # LP = (WB - TMM1 + UPNL1 + cumB - Side1 x Position1 x EP1) / (Position1 x MMR_B - Side1 x Position1), with the
  # bracket (MMR, cum) at the liquidation price. Checked by the test suite (LiquidationPriceTests).
fees:
  liquidationClearanceFee: null   # NOT SOURCED: not found in the documentation available here
insuranceFund:
  balance: null                   # NOT SOURCED
adl:
  ranking: null                   # NOT SOURCED here (Binance ranks by PnL and leverage per its ADL indicator; not verified)
"""#,
        "dydx-v4": #"""
# Venue preset: dYdX v4 (dYdX Chain, default open-source settings). Every figure with its source and the date it was
# read; figures that could not be sourced say so. A scenario names it with `account.venue: dydx-v4` (the tool carries a
# copy of this file): `exchange` charges the fillable price's penalty, capped at its maximum liquidation penalty; its
# schedule has no sourced rate and is left out (see README, "Venue presets").
venue: dydx-v4
read: 2026-11-30
marginSchedules:
  dydx/default:
    style: binance
    brackets:
      - {notionalFloor: 0, maintenanceMarginRate: null}   # NOT SOURCED: per-market maintenance margin fractions not found here
liquidation:
  style: fillable-price
  # Fillable Price = P x (1 - (SMMR x MMF) x (BA x (1 - Q))), P the oracle price, SMMR the spread to maintenance margin
  # ratio (genesis parameter), MMF the maintenance margin fraction, BA the bankruptcy adjustment, Q the account's ratio.
  # Source: dYdX help centre, "Liquidations on dYdX Chain" (help.dydx.exchange/en/articles/8580691), read 2026-11-30.
  # Maximum liquidation spread = 1.5 x the market's maintenance margin requirement (default genesis parameter).
  # Source: dYdX help centre, "Contract loss mechanisms on dYdX Chain" (help.dydx.trade/en/articles/166973), read 2026-11-30.
  spreadToMaintenanceMarginRatio: 1.5
fees:
  # Maximum liquidation penalty 1.5% (default v4 software, governance-adjustable), paid to the insurance fund.
  # Source: "Liquidations on dYdX Chain", read 2026-11-30.
  maximumLiquidationPenalty: 0.015
insuranceFund:
  balance: null                   # NOT SOURCED: governance-held address; its balance varies
adl:
  # Deleveraging only when the insurance fund is depleted, prioritising accounts with high profit and leverage.
  # Source: dYdX Chain governance-adjustable parameters, Trading Core (docs.dydx.community), read 2026-11-30.
  ranking: profit and leverage
  price: bankruptcy price of the negative account
"""#,
        "hyperliquid": #"""
# Venue preset: Hyperliquid perpetuals. Every figure with its source and the date it was read; figures that could not be
# sourced say so. A scenario names it with `account.venue: hyperliquid` (the tool carries a copy of this file): its
# schedules join account.marginSchedules and its clearance fee is `exchange`'s liquidation fee; `exchange` simulates
# the chunks, cooldown and backstop below with --liquidation-style chunks (see README, "Venue presets").
venue: hyperliquid
read: 2026-11-30
marginSchedules:
  # Maintenance margin = half the initial margin at the maximum leverage (1 / (2 x maxLeverage)); max leverage
  # varies by asset from 3x to 50x. Source: Hyperliquid docs, Trading > Liquidations
  # (hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations), read 2026-11-30.
  # BTC tiers: 40x up to 150M USDC notional, 20x above, as in examples/tiered-margin.yaml (Hyperliquid margin-tiers page).
  hyperliquid/BTC:
    style: hyperliquid
    brackets:
      - {notionalFloor: 0,         maxLeverage: 40}
      - {notionalFloor: 150000000, maxLeverage: 20}
liquidation:
  style: chunks
  # Large positions are liquidated 20% at a time with a 30-second cooldown before the next attempt.
  # Source: third-party documentation of Hyperliquid-based venues (docs.hyena.trade/trading/liquidation;
  # supercexy.gitbook.io "Partial Liquidations": positions larger than 100,000 USDC), read 2026-11-30.
  # The official page's text on chunks was not available here: treat these two figures as NOT VERIFIED at the source.
  chunkFraction: 0.20
  chunkAboveNotional: 100000
  cooldownSeconds: 30
  # Backstop: when equity falls below 2/3 of maintenance margin without a successful book liquidation, the liquidator
  # vault takes the positions and the margin (the maintenance margin is not returned). Source: Hyperliquid docs,
  # Trading > Liquidations, read 2026-11-30.
  backstopBelowMaintenanceFraction: 0.6666666666666666
fees:
  liquidationClearanceFee: 0      # "no clearance fees" (Hyperliquid docs, Trading > Liquidations, read 2026-11-30)
insuranceFund:
  balance: null                   # NOT SOURCED: the liquidator vault (HLP) plays this role; its balance varies
adl:
  # Users on the opposite side ranked by unrealised PnL and leverage used; closed at the previous oracle price.
  # Source: Hyperliquid docs, Trading > Auto-deleveraging, read 2026-11-30.
  ranking: unrealised PnL and leverage
  price: previous oracle price
"""#,
    ]
}
