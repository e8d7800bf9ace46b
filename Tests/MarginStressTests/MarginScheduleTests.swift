import Foundation
import Testing
@testable import MarginStress

@Suite("Tiered maintenance margin")
struct MarginScheduleTests {
    /// Binance USD-M BTCUSDT brackets (rate, maintenance amount), as published in its leverage and margin table.
    static let binance = MarginScheduleEntry(style: "binance", brackets: [
        BracketEntry(notionalFloor: 0, maintenanceMarginRate: 0.004, maintenanceAmount: 0),
        BracketEntry(notionalFloor: 50_000, maintenanceMarginRate: 0.005, maintenanceAmount: 50),
        BracketEntry(notionalFloor: 250_000, maintenanceMarginRate: 0.01, maintenanceAmount: 1_300),
        BracketEntry(notionalFloor: 3_000_000, maintenanceMarginRate: 0.025, maintenanceAmount: 46_300),
        BracketEntry(notionalFloor: 15_000_000, maintenanceMarginRate: 0.05, maintenanceAmount: 421_300),
    ])

    func scenario(quantity: Double = 10, cash: Double = 150_000, schedules: [String: MarginScheduleEntry]? = nil,
                  schedule: String? = nil, rate: Double? = nil, paths: Int = 100_000) throws -> Scenario {
        let file = ScenarioFile(
            name: "tiers",
            account: AccountSection(collateral: [CollateralEntry(asset: "USDC", amount: cash)],
                                    positions: [PositionEntry(asset: "BTC", quantity: quantity, maintenanceMarginRate: rate,
                                                              maintenanceSchedule: schedule)],
                                    marginSchedules: schedules),
            market: MarketSection(assets: [AssetEntry(symbol: "BTC", price: 50_000, volatility: 0.8),
                                           AssetEntry(symbol: "USDC", price: 1, volatility: 0)]),
            simulation: SimulationSection(horizon: Horizon("30d"), steps: 60, paths: paths, seed: 37))
        return try ScenarioValidator.validate(file, source: "test")
    }

    @Test("continuous at every bracket boundary, for Binance's published amounts and for Hyperliquid tiers")
    func continuity() throws {
        let s = try scenario(schedules: ["b": Self.binance], schedule: "b")
        let schedule = try #require(s.positions[0].schedule)
        #expect(schedule.deductions == [0, 50, 1_300, 46_300, 421_300])
        for floor in schedule.floors.dropFirst() {
            let below = schedule.maintenance(floor.nextDown), at = schedule.maintenance(floor)
            #expect(abs(at - below) < 1e-6 * at, "jump at \(floor): \(below) -> \(at)")
        }
        let hl = MarginScheduleEntry(style: "hyperliquid", brackets: [BracketEntry(notionalFloor: 0, maxLeverage: 40),
                                                                       BracketEntry(notionalFloor: 150_000_000, maxLeverage: 20)])
        let h = try #require(try scenario(schedules: ["h": hl], schedule: "h").positions[0].schedule)
        #expect(h.rates == [0.0125, 0.025])
        #expect(abs(h.maintenance(150_000_000) - h.maintenance(150_000_000.nextDown)) < 1)
    }

    @Test("a single bracket equals the flat rate, path for path")
    func singleBracket() async throws {
        let one = MarginScheduleEntry(brackets: [BracketEntry(notionalFloor: 0, maintenanceMarginRate: 0.005)])
        var a = try await simulate(try scenario(schedules: ["one": one], schedule: "one"))
        var b = try await simulate(try scenario(rate: 0.005))
        a.scenarioDigest = ""
        b.scenarioDigest = ""
        #expect(a == b)
    }

    /// A long that always sits in the 250,000 - 3,000,000 bracket: M = N r - d, so liquidation iff
    /// P < B = (e - (K + d) / q) / (1 - r): a single-barrier oracle through the tier's rate and deduction.
    @Test("a position inside one tier: first passage against the closed-form barrier")
    func tierBarrier() async throws {
        let q = 20.0, cash = 300_000.0, e = 50_000.0, vol = 0.8, T = 30.0 / 365
        let s = try scenario(quantity: q, cash: cash, schedules: ["b": Self.binance], schedule: "b", paths: 200_000)
        let summary = try await simulate(s)
        let barrier = (e - (cash + 1_300) / q) / (1 - 0.01)
        #expect(barrier * q > 250_000)  // stays in the bracket down to the barrier
        let expected = barrierProbability(b: log(barrier / e), nu: -vol * vol / 2, sigma: vol, T: T, dt: T / 60)
        let got = summary.liquidation
        #expect(abs(got.probability - expected) < 4 * got.standardError, "\(got.probability) ± \(got.standardError) vs \(expected)")
        // Against the flat first-bracket rate the tiers can only add margin.
        let flat = try await simulate(try scenario(quantity: q, cash: cash, rate: 0.004, paths: 200_000))
        #expect(got.count > flat.liquidation.count)
    }

    @Test("bad schedules: unordered brackets, a jump, an unknown name, both a rate and a schedule")
    func badSchedules() throws {
        let unordered = MarginScheduleEntry(brackets: [BracketEntry(notionalFloor: 0, maintenanceMarginRate: 0.004),
                                                       BracketEntry(notionalFloor: 50_000, maintenanceMarginRate: 0.005),
                                                       BracketEntry(notionalFloor: 40_000, maintenanceMarginRate: 0.01)])
        let e1 = #expect(throws: ScenarioError.self) { try scenario(schedules: ["u": unordered], schedule: "u") }
        #expect(e1?.description.contains("account.marginSchedules.u.brackets[2].notionalFloor: 40000.0 is not above the previous bracket's floor") == true)
        var jump = Self.binance
        jump.brackets![2].maintenanceAmount = 1_000
        let e2 = #expect(throws: ScenarioError.self) { try scenario(schedules: ["j": jump], schedule: "j") }
        #expect(e2?.description.contains("brackets[2].maintenanceAmount: 1000.0 makes the schedule jump at a notional of 250000.0; continuity needs 1300.0") == true)
        let e3 = #expect(throws: ScenarioError.self) { try scenario(schedules: ["b": Self.binance], schedule: "nope") }
        #expect(e3?.description.contains("\"nope\" is not in account.marginSchedules (defined: b)") == true)
        let e4 = #expect(throws: ScenarioError.self) { try scenario(schedules: ["b": Self.binance], schedule: "b", rate: 0.01) }
        #expect(e4?.description.contains("give either maintenanceSchedule or maintenanceMarginRate, not both") == true)
    }
}
