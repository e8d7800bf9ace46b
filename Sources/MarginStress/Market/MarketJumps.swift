/// The jumps of `Scenario.jumps` as one step of the simulated market sees them.
///
/// Per step: N ~ Poisson(`intensityPerStep`) jumps, J = Y_1 + ... + Y_N, and simulated asset i's log-return
/// gains `betas[i] J`.
public struct MarketJumps: Sendable, Equatable {
    /// Expected jumps per step: intensity (per year) x step length (years).
    public let intensityPerStep: Double
    public let sizes: JumpOverlay.Sizes
    /// Per simulated asset.
    public let betas: [Double]

    public init(intensityPerStep: Double, sizes: JumpOverlay.Sizes, betas: [Double]) {
        self.intensityPerStep = intensityPerStep
        self.sizes = sizes
        self.betas = betas
    }
}
