/// The `k` smallest values of a sample, in ascending order, found by selection (Hoare's FIND, 1961) in expected
/// O(n) comparisons instead of sorting all n: the tail of a forecast's PnL sample is all VaR and ES need.
///
/// The result is the same multiset sorted, so it does not depend on the order of the input (blocks merged in any
/// order give the same bits).
public enum SmallestValues {
    /// The min(k, x.count) smallest elements of `x`, ascending. `x` must not hold NaN.
    public static func of(_ x: [Double], count k: Int) -> [Double] {
        var a = x
        let n = a.count, k = max(0, min(k, n))
        if k == 0 { return [] }
        if k < n {
            var low = 0, high = n - 1
            let target = k - 1
            // Invariant: the elements at indices below `low` are <= those in low...high <= those above `high`.
            while low < high {
                let mid = low + (high - low) / 2
                // Median of three as the pivot.
                if a[mid] < a[low] { a.swapAt(mid, low) }
                if a[high] < a[low] { a.swapAt(high, low) }
                if a[high] < a[mid] { a.swapAt(high, mid) }
                let pivot = a[mid]
                var i = low, j = high
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while pivot < a[j] { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if target <= j { high = j } else if target >= i { low = i } else { break }
            }
        }
        var out = Array(a[0..<k])
        out.sort()
        return out
    }
}
