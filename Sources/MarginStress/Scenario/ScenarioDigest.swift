import Foundation

extension Scenario {
    /// The canonical encoding of everything that can change a result: every field of the validated scenario
    /// (account, market, costs, schedules, funding, partial liquidation, horizon, steps, paths, seed,
    /// antithetic sampling, precision target), as JSON with sorted keys. Left out: the worker count, which
    /// never changes a result, and the warnings, which follow from the rest. The correlation matrix (symmetric,
    /// unit diagonal once validated) is encoded by its non-zero entries above the diagonal, `[i, j, value]` in
    /// row-major order, so that a market of many uncorrelated assets costs nothing to encode (5,000 assets: 25
    /// million matrix entries, formerly about 100 s of JSON encoding).
    public var canonicalEncoding: Data {
        var s = self
        s.workers = 0
        s.warnings = []
        s.correlation = CorrelationMatrix(order: 0)  // encoded as [], as the dense array it replaced
        let entries = correlation.nonZeroEntries.map { [Double($0.i), Double($0.j), $0.value] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Every field is a number, string, bool or array of them: encoding cannot fail.
        return (try? encoder.encode(CanonicalScenario(scenario: s, correlationEntries: entries))) ?? Data()
    }

    /// FNV-1a 64-bit hash of `canonicalEncoding`, as 16 hex digits: two scenarios that can give different
    /// numbers have different digests (up to hash collisions), so shards and checkpoints of different
    /// scenarios are never merged.
    public var digest: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalEncoding {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// What the digest hashes: the scenario without its dense correlation matrix, and the matrix's non-zero entries
/// above the diagonal.
struct CanonicalScenario: Encodable {
    let scenario: Scenario
    let correlationEntries: [[Double]]
}
