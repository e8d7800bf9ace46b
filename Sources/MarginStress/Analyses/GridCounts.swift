/// Exact path counts at the points of a sorted grid, accumulated from each path's set of grid points as
/// at most two runs of consecutive indices (a prefix and a suffix), through a difference array.
/// Integers only, so accumulators merge exactly and in any order; memory is the grid's size.
public struct GridCounts: MergeablePartial, Equatable {
    public let grid: [Double]
    private var difference: [Int]
    public private(set) var paths = 0

    public init(grid: [Double]) {
        precondition(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 }, "the grid must be strictly increasing")
        self.grid = grid
        difference = Array(repeating: 0, count: grid.count + 1)
    }

    /// Index of the first grid point strictly above `x` (grid.count if none).
    @inlinable
    public func firstIndex(above x: Double) -> Int {
        var lo = 0, hi = grid.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if grid[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Index of the first grid point at or above `x` (grid.count if none).
    @inlinable
    public func firstIndex(atOrAbove x: Double) -> Int {
        var lo = 0, hi = grid.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if grid[mid] >= x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Counts one path at the grid indices `0..<prefixEnd` and `suffixStart..<grid.count`.
    public mutating func add(prefixEnd: Int, suffixStart: Int) {
        paths += 1
        let g = grid.count
        let p = max(0, min(prefixEnd, g)), s = max(0, min(suffixStart, g))
        if p >= s {
            difference[0] += 1
            return
        }
        if p > 0 {
            difference[0] += 1
            difference[p] -= 1
        }
        if s < g { difference[s] += 1 }
    }

    /// Sets the counts at every grid point directly, for `paths` paths.
    mutating func setCounts(_ counts: [Int], paths: Int) {
        precondition(counts.count == grid.count)
        self.paths = paths
        difference = Array(repeating: 0, count: grid.count + 1)
        var previous = 0
        for (i, c) in counts.enumerated() {
            difference[i] = c - previous
            previous = c
        }
    }

    public mutating func merge(_ other: GridCounts) {
        precondition(other.grid == grid, "grids must match")
        for i in difference.indices { difference[i] += other.difference[i] }
        paths += other.paths
    }

    /// Paths counted at each grid point.
    public var counts: [Int] {
        var running = 0
        return grid.indices.map { i in
            running += difference[i]
            return running
        }
    }
}
