import Foundation

/// Every VaR coverage test of one model, book and level over a backtest: hits against the expected count,
/// Kupiec's POF, Christoffersen's independence and conditional coverage, the Basel traffic light.
public struct CoverageBacktest: Sendable, Equatable, Encodable {
    public var level: Double
    public var days: Int
    public var hits: Int
    /// (1 - level) x days.
    public var expectedHits: Double
    public var kupiec: LikelihoodRatioTest
    public var independence: LikelihoodRatioTest
    public var conditionalCoverage: LikelihoodRatioTest
    public var trafficLight: TrafficLight

    public init(hits sequence: [Bool], level: Double, trafficLightWindow: Int = 250) {
        let p = 1 - level
        self.level = level
        days = sequence.count
        hits = sequence.lazy.filter { $0 }.count
        expectedHits = p * Double(sequence.count)
        kupiec = CoverageTests.kupiec(hits: hits, days: days, probability: p)
        independence = CoverageTests.independence(hits: sequence)
        conditionalCoverage = LikelihoodRatioTest(statistic: kupiec.statistic + independence.statistic, degreesOfFreedom: 2)
        trafficLight = TrafficLight(hits: sequence, probability: p, window: trafficLightWindow)
    }
}
