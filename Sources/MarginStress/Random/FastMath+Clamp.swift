extension SIMD8<Double> {
    /// Each lane held within `[lower, upper]` (with `lower <= upper`): the same values as the standard library's
    /// `clamped(lowerBound:upperBound:)`, i.e. `minimum(upper, maximum(lower, x))` lane by lane, a NaN lane
    /// becoming `lower` as `maximum` makes it, but as two compares and two blends inlined into the caller's
    /// loop. The generic `clamped` compiles to two out-of-line calls per use (`pointwiseMax`, `pointwiseMin`),
    /// which cost a tenth of a shock model's time in a pricing loop (the bridge's closes and inner points use it).
    @inlinable @inline(__always)
    public func clampedLanes(lower: Self, upper: Self) -> Self {
        // maximum(lower, x) is x exactly when x >= lower (false for NaN), else lower.
        let raised = lower.replacing(with: self, where: self .>= lower)
        return raised.replacing(with: upper, where: raised .> upper)
    }
}
