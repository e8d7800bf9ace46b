/// The GARCH model of `GARCHSpec` for the simulated assets, with a stress overlay's volatility factor f applied
/// (omega and the starting variance times f², which scales the whole variance path by f²).
public struct MarketGARCH: Sendable, Equatable {
    /// Per simulated asset k: omega, alpha, beta, gamma at `[4k ..< 4k + 4]`.
    public let parameters: [Double]
    /// Per simulated asset: h_1.
    public let startVariance: [Double]
    public let degreesOfFreedom: Double?

    public init(spec: GARCHSpec, simulated: [Int], volatilityFactor f: Double) {
        var parameters: [Double] = [], start: [Double] = []
        for i in simulated {
            let p = spec.assets[i] ?? GARCHSpec.Parameters(omega: 0, alpha: 0, beta: 0, gamma: 0, variance: 0, mean: 0)
            parameters += [p.omega * f * f, p.alpha, p.beta, p.gamma]
            start.append(p.variance * f * f)
        }
        self.parameters = parameters
        startVariance = start
        degreesOfFreedom = spec.degreesOfFreedom
    }
}

extension MarketGARCH {
    /// A recursion given directly: `parameters` (omega, alpha, beta, gamma per simulated asset) and h_1 per asset.
    public init(parameters: [Double], startVariance: [Double], degreesOfFreedom: Double?) {
        self.parameters = parameters
        self.startVariance = startVariance
        self.degreesOfFreedom = degreesOfFreedom
    }
}
