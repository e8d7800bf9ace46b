import Foundation
import Testing
@testable import MarginStress

@Suite("Reproducibility")
struct ReproducibilityTests {
    @Test("same seed: bit-identical JSON with 1, 2 and 7 workers")
    func workersDoNotChangeResults() async throws {
        var jsons: [String] = []
        for workers in [1, 2, 7] {
            var file = DefaultScenario.file
            file = ScenarioOverrides(paths: 30_001, steps: 48, workers: workers).applied(to: file)
            let scenario = try ScenarioValidator.validate(file, source: "default")
            jsons.append(try Exporter.json(try await simulate(scenario)))
        }
        #expect(jsons[0] == jsons[1])
        #expect(jsons[0] == jsons[2])
        #expect(jsons[0].contains("\"liquidation\""))
    }

    @Test("a different seed gives different paths")
    func seedMatters() async throws {
        var results: [RunSummary] = []
        for seed in [1, 2] as [UInt64] {
            let file = ScenarioOverrides(paths: 20_000, steps: 24, seed: seed).applied(to: DefaultScenario.file)
            results.append(try await simulate(try ScenarioValidator.validate(file, source: "default")))
        }
        #expect(results[0].terminalPnL.mean != results[1].terminalPnL.mean)
    }
}
