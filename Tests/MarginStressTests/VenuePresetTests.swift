import Foundation
import Testing
@testable import MarginStress

/// Venue presets by name: the tool's copies equal examples/venues/; `account.venue` adds the preset's schedules
/// (tiered maintenance liquidates more often than a flat lower rate on the same paths); errors list the presets.
@Suite("Venue presets")
struct VenuePresetTests {
    static func scenario(venue: String, schedule: String?) throws -> Scenario {
        let position = schedule.map { "{asset: BTC, quantity: 80, maintenanceSchedule: \($0)}" } ?? "{asset: BTC, quantity: 80, maintenanceMarginRate: 0.004}"
        let text = """
            name: preset
            account:
              venue: \(venue)
              collateral: [{asset: USDC, amount: 400000}]
              positions: [\(position)]
            market:
              assets:
                - {symbol: BTC, price: 60000, volatility: 0.8}
                - {symbol: USDC, price: 1, volatility: 0}
            simulation: {horizon: 7d, steps: 24, paths: 2048, seed: 3}
            """
        return try ScenarioValidator.validate(try ScenarioLoader.decode(text, format: .yaml, source: "preset.yaml"), source: "preset.yaml")
    }

    @Test("the tool's presets are examples/venues/ byte for byte")
    func copies() throws {
        let dir = packageRoot.appendingPathComponent("examples/venues")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.map { String($0.dropLast(5)) } == VenuePresets.names)
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            #expect(VenuePresets.texts[String(f.dropLast(5))].map { $0 + "\n" } == text, "\(f)")
        }
    }

    @Test("a preset's figures: schedules, fee, unsourced schedules left out")
    func figures() throws {
        let binance = try VenuePresets.preset("binance-usdm", source: "t")
        #expect(binance.marginSchedules.keys.sorted() == ["binance/BTC"] && binance.liquidationFeeRate == nil)
        let hyper = try VenuePresets.preset("hyperliquid", source: "t")
        #expect(hyper.marginSchedules.keys.sorted() == ["hyperliquid/BTC"] && hyper.liquidationFeeRate == 0)
        let dydx = try VenuePresets.preset("dydx-v4", source: "t")
        #expect(dydx.marginSchedules.isEmpty && dydx.unsourcedSchedules == ["dydx/default"] && dydx.liquidationFeeRate == 0.015)
        // Maintenance at 4.8M notional: Binance's 0.025 bracket less its 46,300; Hyperliquid's 1 / (2 x 40).
        #expect(abs(try Self.scenario(venue: "binance-usdm", schedule: "binance/BTC").snapshot.maintenanceMargin - (4_800_000 * 0.025 - 46_300)) < 1e-6)
        #expect(abs(try Self.scenario(venue: "hyperliquid", schedule: "hyperliquid/BTC").snapshot.maintenanceMargin - 4_800_000 / 80) < 1e-6)
    }

    @Test("an unknown preset is named, with the known ones")
    func unknown() {
        do {
            _ = try Self.scenario(venue: "binance", schedule: nil)
            Issue.record("accepted an unknown preset")
        } catch {
            #expect("\(error)".contains("account.venue: \"binance\" is not a venue preset; the presets are binance-usdm, dydx-v4, hyperliquid"), "\(error)")
        }
    }

    @Test("Binance's tiers liquidate more often than a flat 0.4% on the same paths")
    func direction() async throws {
        var counts: [Int] = []
        for schedule in [nil, "binance/BTC"] {
            let s = try Self.scenario(venue: "binance-usdm", schedule: schedule)
            var rules = ExchangeRules(assets: s.assets.count)
            rules.autoDeleverage = false
            let analysis = try ExchangeAnalysis(book: AccountBook(scenario: s), scenario: s, rules: rules)
            let driver = BlockDriver(paths: s.paths, workers: 2)
            counts.append(await driver.run(analysis, blocks: 0..<driver.totalBlocks).partial.accountLiquidations[0])
        }
        // Same paths, higher maintenance (73,700 against 19,200): liquidated on every path the flat rate is, and more.
        #expect(counts[1] > counts[0] + 50, "\(counts)")
    }
}
