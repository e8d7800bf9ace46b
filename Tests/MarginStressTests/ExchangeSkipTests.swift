import Foundation
import Testing
@testable import MarginStress

/// The exact skip of the marking loop (`SurplusBound`): units whose surplus is provably non-negative on every path of
/// a block are not marked path by path; the results are the same bits as marking every unit.
@Suite("Exchange exact skip")
struct ExchangeSkipTests {
    @Test("skipping units that cannot fall changes no bit (random books, with impact, fund, ADL and chunks; tiered and flat)")
    func skipChangesNothing() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (seed, style) in [(UInt64(5), ExchangeRules.Style.full), (11, .chunks), (23, .fillablePrice)] {
            let (s, book) = try ExchangeADLTests.randomBook(dir, seed: seed, count: 120)
            var scenario = s
            scenario.seed = seed
            var rules = ExchangeADLTests.rules(scenario, fund: 5_000, fee: 0.005)
            rules.style = style
            var marked = try ExchangeAnalysis(book: book, scenario: scenario, rules: rules)
            marked.impact.skipSafeUnits = false
            let skipping = try ExchangeAnalysis(book: book, scenario: scenario, rules: rules)
            let driver = BlockDriver(paths: 1024, workers: 2)
            let a = await driver.run(marked, blocks: 0..<driver.totalBlocks).partial
            let b = await driver.run(skipping, blocks: 0..<driver.totalBlocks).partial
            #expect(a == b, "seed \(seed), \(style)")
            #expect(a.pathsWithLiquidation > 100, "seed \(seed): \(a.pathsWithLiquidation)")
            // Not vacuous: at spot, most units of the book are provably safe and some are not.
            let worker = skipping.makeWorker()
            let st = worker.state
            let observer = ExchangeObserver(book: skipping.packed, state: st, deleverage: st.deleverage,
                                            prices: UnsafePointer(worker.workspace.extraForms), stride: worker.workspace.capacity,
                                            spot: skipping.market.spot, impact: skipping.impact)
            for k in 0..<st.assets { (st.marked + k * st.capacity).update(repeating: skipping.market.spot[k], count: st.capacity) }
            observer.priceBox(count: 16)
            let safe = (0..<skipping.packed.units).filter { observer.cannotFall($0) }.count
            #expect(safe > skipping.packed.units / 2 && safe < skipping.packed.units, "\(safe) of \(skipping.packed.units)")
        }
    }

    @Test("schedules are bounded only where maintenance never falls with the notional")
    func nonDecreasing() {
        #expect(PackedBook.nonDecreasing(MarginSchedule(floors: [0, 1000], rates: [0.01, 0.02])))
        // Continuous (the deductions follow from continuity), so a lower rate above a floor still never falls.
        #expect(PackedBook.nonDecreasing(MarginSchedule(floors: [0, 1000], rates: [0.02, 0.01])))
        #expect(!PackedBook.nonDecreasing(MarginSchedule(floors: [0, 1000], rates: [0.01, -0.005])))
        #expect(!PackedBook.nonDecreasing(MarginSchedule(floors: [0], rates: [-0.01])))
    }
}
