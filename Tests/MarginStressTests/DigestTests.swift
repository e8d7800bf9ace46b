import Foundation
import Testing
@testable import MarginStress

@Suite("Scenario digest")
struct DigestTests {
    /// Every field of the validated scenario changed in turn: each change gives a new digest.
    @Test("changing any field changes the digest; the worker count does not")
    func everyField() throws {
        let base = try EngineScenarios.everyFeature()
        var changes: [(String, (inout Scenario) -> Void)] = [
            ("name", { $0.name += "x" }),
            ("mode", { $0.mode = .isolated }),
            ("liquidationFee", { $0.liquidationFee += 0.001 }),
            ("partial buffer", { $0.partialLiquidationBuffer = 0.2 }),
            ("correlation", { $0.correlation[1] = 0.79; $0.correlation[4] = 0.79 }),
            ("distribution", { $0.distribution = .studentT(degreesOfFreedom: 6) }),
            ("horizon", { $0.horizonDays += 1 }),
            ("steps", { $0.steps += 1 }),
            ("paths", { $0.paths += 1 }),
            ("seed", { $0.seed += 1 }),
            ("daysPerYear", { $0.daysPerYear = 252 }),
            ("antithetic", { $0.antithetic.toggle() }),
            ("relativePrecision", { $0.relativePrecision = 0.05 }),
        ]
        for i in base.assets.indices {
            changes += [
                ("asset \(i) symbol", { $0.assets[i].symbol += "x" }),
                ("asset \(i) price", { $0.assets[i].price *= 1.0001 }),
                ("asset \(i) volatility", { $0.assets[i].volatility += 0.01 }),
                ("asset \(i) drift", { $0.assets[i].drift += 0.01 }),
                ("asset \(i) halfSpread", { $0.assets[i].halfSpread += 0.0001 }),
                ("asset \(i) averageDailyVolume", { $0.assets[i].averageDailyVolume = ($0.assets[i].averageDailyVolume ?? 1) * 2 }),
                ("asset \(i) impactCoefficient", { $0.assets[i].impactCoefficient += 0.1 }),
            ]
        }
        for i in base.collateral.indices {
            changes += [
                ("collateral \(i) amount", { $0.collateral[i].amount += 1 }),
                ("collateral \(i) haircut", { $0.collateral[i].haircut += 0.01 }),
                ("collateral \(i) asset", { $0.collateral[i].asset = ($0.collateral[i].asset + 1) % $0.assets.count }),
            ]
        }
        for i in base.positions.indices {
            changes += [
                ("position \(i) quantity", { $0.positions[i].quantity += 1 }),
                ("position \(i) entry", { $0.positions[i].entryPrice += 1 }),
                ("position \(i) rate", { $0.positions[i].maintenanceMarginRate += 0.001 }),
                ("position \(i) initial rate", { $0.positions[i].initialMarginRate = 0.02 }),
                ("position \(i) isolated margin", { $0.positions[i].isolatedMargin = 1000 }),
                ("position \(i) schedule", { $0.positions[i].schedule = MarginSchedule(floors: [0, 1e6], rates: [0.01, 0.02]) }),
                ("position \(i) funding", { $0.positions[i].fundingRate += 0.01 }),
            ]
        }
        var seen: [String: String] = [base.digest: "base"]
        for (name, change) in changes {
            var s = base
            change(&s)
            let d = s.digest
            #expect(seen[d] == nil, "\(name) gives the digest of \(seen[d] ?? "")")
            seen[d] = name
        }
        var w = base
        w.workers = 7
        w.warnings.append("something")
        #expect(w.digest == base.digest)
        #expect(base.digest.count == 16)
    }

    @Test("the README's case: the default scenario with and without a liquidation fee")
    func liquidationFee() throws {
        var file = DefaultScenario.file
        let plain = try ScenarioValidator.validate(file, source: "default")
        file.account?.liquidationFee = 0.01
        let fee = try ScenarioValidator.validate(file, source: "default")
        #expect(plain.digest != fee.digest)
    }
}
