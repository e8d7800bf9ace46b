/// Per-step series (survival curve, liquidations by step) kept at about `maxPoints` points: runs with more steps
/// merge `g = ceil(steps / maxPoints)` consecutive steps into one point, unless every step is asked for.
///
/// Merging acts on the exact per-step counts after every block and shard is summed, so it is deterministic and the
/// same for any worker count or sharding: the survival probability at a kept step is exact (it depends only on
/// the count liquidated up to that step), and a merged histogram bin is the exact sum of its steps' counts.
public enum SeriesThinning {
    /// Points kept, about; a series has at most `maxPoints + 1` points (step 0 included).
    public static let maxPoints = 1_000

    /// Steps merged into one point: `ceil(steps / maxPoints)`, 1 when every step is kept.
    public static func stepsPerPoint(steps: Int, everyStep: Bool = false) -> Int {
        everyStep ? 1 : max(1, (steps + maxPoints - 1) / maxPoints)
    }

    /// The steps kept (0, g, 2g, ..., and always the last) for a series over steps `0...steps`.
    public static func keptSteps(steps: Int, stepsPerPoint g: Int) -> [Int] {
        var kept = Array(stride(from: 0, through: steps, by: max(g, 1)))
        if kept.last != steps { kept.append(steps) }
        return kept
    }

    /// Counts by step (index 0 through `steps`) summed into the bins that end at each kept step: index 0 is step 0
    /// alone; the bin of kept step k covers the steps after the previous kept step up to k.
    public static func merged(_ counts: [Int], stepsPerPoint g: Int) -> [Int] {
        guard g > 1, counts.count > 1 else { return counts }
        let kept = keptSteps(steps: counts.count - 1, stepsPerPoint: g)
        var out = [counts[0]]
        for (previous, step) in zip(kept, kept.dropFirst()) { out.append(counts[(previous + 1)...step].reduce(0, +)) }
        return out
    }
}
