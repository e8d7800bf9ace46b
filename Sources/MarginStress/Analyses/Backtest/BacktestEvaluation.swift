import Foundation

/// Every test of one model on one book: per level the VaR coverage tests and the Acerbi-Szekely ES test, and
/// the calibration of the predicted liquidation probabilities.
public struct BacktestEvaluation: Sendable, Encodable {
    public var model: String
    public var book: String
    public var days: Int
    public var coverage: [CoverageBacktest]
    public var expectedShortfall: [AcerbiSzekelyZ2]
    public var liquidation: ProbabilityCalibration

    public init(_ s: BacktestSeries, levels: [Double], esSimulations: Int, seed: UInt64) {
        model = s.model
        book = s.book
        days = s.realisedPnL.count
        coverage = levels.indices.map { CoverageBacktest(hits: s.hits(level: $0), level: levels[$0]) }
        expectedShortfall = levels.indices.map { l in
            AcerbiSzekelyZ2(pnl: s.realisedPnL, valueAtRisk: s.valueAtRisk[l], expectedShortfall: s.expectedShortfall[l],
                            alpha: 1 - levels[l], tails: s.tails[l], tailSize: s.tailSize, simulations: esSimulations,
                            seed: seed &+ UInt64(l))
        }
        liquidation = ProbabilityCalibration(predicted: s.predictedLiquidation, observed: s.realisedLiquidation)
    }
}
