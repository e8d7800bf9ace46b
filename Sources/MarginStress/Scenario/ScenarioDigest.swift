import Foundation

extension Scenario {
    /// The canonical encoding of everything that can change a result: every field of the validated scenario
    /// (account, market, costs, schedules, funding, partial liquidation, horizon, steps, paths, seed,
    /// antithetic sampling, precision target), as JSON with sorted keys. Left out: the worker count, which
    /// never changes a result, and the warnings, which follow from the rest.
    public var canonicalEncoding: Data {
        var s = self
        s.workers = 0
        s.warnings = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Every field is a number, string, bool or array of them: encoding cannot fail.
        return (try? encoder.encode(s)) ?? Data()
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
