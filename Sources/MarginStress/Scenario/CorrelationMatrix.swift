/// A correlation matrix stored by its non-zero entries above the diagonal: a market of n assets of which only a
/// few are correlated costs memory and time in proportion to the correlated pairs, not to n².
///
/// It reads like the dense row-major matrix it stands for: `c[i * order + j]` is the entry in row i, column j
/// (1 on the diagonal, 0 for a pair not given), and `count` is `order²`. The matrix is symmetric by construction:
/// setting `[i * order + j]` sets `[j * order + i]` too; the diagonal is always 1.
/// - Complexity: reading an entry is a hash look-up, O(1); `linked` and `nonZeroEntries` are O(pairs log pairs);
///   `submatrix` of d assets is O(d²).
public struct CorrelationMatrix: Sendable, Equatable {
    /// The number of assets (rows and columns).
    public private(set) var order: Int
    /// Off-diagonal non-zero entries, keyed by `i * order + j` with i < j.
    private var upper: [Int: Double]

    /// The identity of `order` assets: every pair uncorrelated.
    public init(order: Int) {
        self.order = order
        upper = [:]
    }

    /// The matrix of a dense row-major array of `order²` values (the upper triangle is read).
    public init(dense: [Double], order: Int) {
        self.init(order: order)
        for i in 0..<order {
            for j in (i + 1)..<Swift.max(order, i + 1) where dense[i * order + j] != 0 {
                upper[i * order + j] = dense[i * order + j]
            }
        }
    }

    /// Entries as a dense row-major array would hold them, `order²` of them.
    public var count: Int { order * order }

    /// The entry at row `index / order`, column `index % order` of the dense row-major matrix.
    public subscript(index: Int) -> Double {
        get {
            let i = index / order, j = index % order
            if i == j { return 1 }
            return upper[Swift.min(i, j) * order + Swift.max(i, j)] ?? 0
        }
        set {
            let i = index / order, j = index % order
            guard i != j else { return }
            let key = Swift.min(i, j) * order + Swift.max(i, j)
            upper[key] = newValue == 0 ? nil : newValue
        }
    }

    /// The entry in row `i`, column `j`.
    public func value(_ i: Int, _ j: Int) -> Double { self[i * order + j] }

    /// The non-zero entries above the diagonal as `(i, j, value)`, i < j, in row-major order.
    public var nonZeroEntries: [(i: Int, j: Int, value: Double)] {
        upper.keys.sorted().map { key in (key / order, key % order, upper[key]!) }
    }

    /// The assets correlated with at least one other asset, in increasing order.
    public var linked: [Int] {
        var found = Set<Int>()
        for key in upper.keys {
            found.insert(key / order)
            found.insert(key % order)
        }
        return found.sorted()
    }

    /// The dense row-major matrix of the assets `indices`, in their order (`indices.count²` values).
    public func submatrix(_ indices: [Int]) -> [Double] {
        let d = indices.count
        var sub = [Double](repeating: 0, count: d * d)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() { sub[a * d + b] = self[i * order + j] }
        }
        return sub
    }

    /// The whole matrix, dense and row-major (`order²` values): for small markets and tests only.
    public var dense: [Double] { submatrix(Array(0..<order)) }

    /// The matrix with the block of assets `indices` replaced by `block` (row-major, `indices.count²` values).
    public mutating func replaceBlock(_ indices: [Int], with block: [Double]) {
        let d = indices.count
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() where a < b { self[i * order + j] = block[a * d + b] }
        }
    }
}

extension CorrelationMatrix: Codable {
    private enum CodingKeys: String, CodingKey { case order, entries }

    /// Encoded as `{"order": n, "entries": [[i, j, value], ...]}` (the non-zero entries above the diagonal), and
    /// as `[]` for a matrix of no assets. A dense row-major array of n² numbers (the format of earlier versions'
    /// partial result files) is read too.
    public func encode(to encoder: any Encoder) throws {
        if order == 0 {
            _ = encoder.unkeyedContainer()  // []
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(order, forKey: .order)
        try container.encode(nonZeroEntries.map { [Double($0.i), Double($0.j), $0.value] }, forKey: .entries)
    }

    public init(from decoder: any Decoder) throws {
        if let dense = try? decoder.singleValueContainer().decode([Double].self) {
            let n = Int(Double(dense.count).squareRoot().rounded())
            guard n * n == dense.count else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "a correlation matrix of \(dense.count) values is not square"))
            }
            self.init(dense: dense, order: n)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(order: try container.decode(Int.self, forKey: .order))
        for entry in try container.decode([[Double]].self, forKey: .entries) {
            guard entry.count == 3, let i = Int(exactly: entry[0]), let j = Int(exactly: entry[1]),
                  (0..<order).contains(i), (0..<order).contains(j), i != j else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "a correlation entry is [i, j, value] with i != j below \(order)"))
            }
            self[i * order + j] = entry[2]
        }
    }
}

/// The entries in dense row-major order (`order²` of them, read on demand): code written for the dense array
/// (`zip`, `map`, `Array(c)`) keeps working; it costs O(order²), so not for wide markets.
extension CorrelationMatrix: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
}
