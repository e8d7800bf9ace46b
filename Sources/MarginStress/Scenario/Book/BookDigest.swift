import Foundation

/// The digest of the files an `exchange` run reads besides the validated scenario: the scenario file (its margin
/// schedules by name and venue preset are read from it) and the book's three tables. A shard records it, and
/// `merge` reloads the book and refuses it when the files changed since the shards ran.
public enum BookDigest {
    /// FNV-1a 64-bit over each file's length (8 bytes, little-endian) and bytes, in the order given, as 16 hex
    /// digits; a file that cannot be read names itself.
    /// - Complexity: O(total bytes).
    public static func of(files: [String]) throws(BookError) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for path in files {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw BookError(issues: [BookIssue(file: path, message: "cannot read the file (\(error.localizedDescription))")])
            }
            var n = UInt64(data.count).littleEndian
            withUnsafeBytes(of: &n) { for b in $0 { add(b) } }
            data.withUnsafeBytes { for b in $0 { add(b) } }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
