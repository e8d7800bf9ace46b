import Foundation
import Testing
@testable import MarginStress

/// `market.correlationRepair: nearest` on hand-written matrices.
@Suite("correlation repair")
struct CorrelationRepairTests {
    /// Three assets with pairwise correlations 0.9, 0.9 and -0.9: no joint distribution has them.
    func yaml(repair: String?) -> String {
        """
        account:
          collateral: [{asset: USDC, amount: 10000}]
          positions: [{asset: A, quantity: 1, maintenanceMarginRate: 0.01}, {asset: C, quantity: -1, maintenanceMarginRate: 0.01}]
        market:
          assets:
            - {symbol: A, price: 100, volatility: 0.3}
            - {symbol: B, price: 100, volatility: 0.3}
            - {symbol: C, price: 100, volatility: 0.3}
            - {symbol: USDC, price: 1, volatility: 0}
          correlationMatrix:
            - [1, 0.9, 0.9, 0]
            - [0.9, 1, -0.9, 0]
            - [0.9, -0.9, 1, 0]
            - [0, 0, 0, 1]
        \(repair.map { "  correlationRepair: \($0)\n" } ?? "")simulation: {horizon: 1d, steps: 4, paths: 512}

        """
    }

    @Test("a broken matrix is refused by default (naming the option) and repaired with nearest: unit diagonal, eigenvalues >= 0, distance reported")
    func repair() async throws {
        let refused = #expect(throws: ScenarioError.self) {
            try ScenarioValidator.validate(try ScenarioLoader.decode(yaml(repair: nil), format: .yaml, source: "t"), source: "t")
        }
        #expect("\(refused!)".contains("not positive definite") && "\(refused!)".contains("market.correlationRepair: nearest"))
        let s = try ScenarioValidator.validate(try ScenarioLoader.decode(yaml(repair: "nearest"), format: .yaml, source: "t"), source: "t")
        let n = 4, c = s.correlation.dense
        for i in 0..<n {
            #expect(c[i * n + i] == 1)
            for j in 0..<n { #expect(c[i * n + j] == c[j * n + i]) }
        }
        #expect(c[3 * n + 0] == 0 && c[3 * n + 1] == 0 && c[3 * n + 2] == 0, "the uncorrelated asset stays uncorrelated")
        let eigenvalues = try LAPACK.symmetricEigenvalues(c, order: n)
        #expect(eigenvalues.allSatisfy { $0 >= 0 }, "\(eigenvalues)")
        // The distance is the Frobenius norm of the change, and the repaired matrix is closer than the identity
        // (another correlation matrix) and than the eigenvalue-clipped one.
        let given = [1, 0.9, 0.9, 0, 0.9, 1, -0.9, 0, 0.9, -0.9, 1, 0, 0, 0, 0, 1]
        let distance = try #require(s.correlationRepairDistance)
        #expect(abs(distance - NearestCorrelation.norm(zip(given, c).map { $0 - $1 })) < 1e-12)
        let identity = (0..<16).map { $0 % 5 == 0 ? 1.0 : 0 }
        #expect(distance < NearestCorrelation.norm(zip(given, identity).map { $0 - $1 }))
        #expect(s.warnings.contains { $0.contains("market.correlationMatrix: not positive definite") && $0.contains("Frobenius distance") })
        // The repaired market runs.
        #expect(try await simulate(s).liquidation.probability.isFinite)
        // A matrix that is already positive definite is kept as given (no warning, no distance).
        let fine = yaml(repair: "nearest").replacingOccurrences(of: "-0.9", with: "0.85")
        let kept = try ScenarioValidator.validate(try ScenarioLoader.decode(fine, format: .yaml, source: "t"), source: "t")
        #expect(kept.correlationRepairDistance == nil && kept.correlation[1 * n + 2] == 0.85)
        #expect(throws: ScenarioError.self) {
            try ScenarioValidator.validate(try ScenarioLoader.decode(yaml(repair: "closest"), format: .yaml, source: "t"), source: "t")
        }
    }
}
