/// Two linear functions of the simulated prices, `F = constant + sum_i weight_i P_i`, that the block simulator
/// evaluates on every path at every step: equity and maintenance margin for a run, or the quantities whose
/// ratio gives a path's critical scale for the leverage frontier.
public struct LinearForms: Sendable {
    public var firstConstant: Double
    public var firstWeights: [Double]
    public var secondConstant: Double
    public var secondWeights: [Double]
    /// Further forms (per-position values for isolated margin, attribution and the like), evaluated into the
    /// workspace's `extraForms` rows for observers that read them. Weights row-major, one row per form.
    public var extraConstants: [Double]
    public var extraWeights: [Double]

    public var extraCount: Int { extraConstants.count }

    public init(firstConstant: Double, firstWeights: [Double], secondConstant: Double, secondWeights: [Double],
                extraConstants: [Double] = [], extraWeights: [[Double]] = []) {
        self.firstConstant = firstConstant
        self.firstWeights = firstWeights
        self.secondConstant = secondConstant
        self.secondWeights = secondWeights
        precondition(extraWeights.count == extraConstants.count, "one weight row per extra form")
        self.extraConstants = extraConstants
        self.extraWeights = extraWeights.flatMap { $0 }
    }

    /// The extra forms at the prices `spot`.
    public func extraValues(at spot: [Double]) -> [Double] {
        let d = spot.count
        return extraConstants.indices.map { f in
            (0..<d).reduce(extraConstants[f]) { $0 + extraWeights[f * d + $1] * spot[$1] }
        }
    }

    /// Both forms at the prices `spot` (in simulation order).
    public func values(at spot: [Double]) -> (first: Double, second: Double) {
        (zip(firstWeights, spot).reduce(firstConstant) { $0 + $1.0 * $1.1 },
         zip(secondWeights, spot).reduce(secondConstant) { $0 + $1.0 * $1.1 })
    }
}
