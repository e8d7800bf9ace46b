import Foundation

/// Collects fields that a scenario file has but the schema does not know (usually typos),
/// so that they are reported with the other problems instead of being silently ignored.
final class UnknownKeyCollector: @unchecked Sendable {
    /// `(path of the enclosing object, the unknown key, the known keys)`.
    private(set) var found: [(path: [any CodingKey], key: String, known: [String])] = []
    private let lock = NSLock()

    func add(path: [any CodingKey], key: String, known: [String]) {
        lock.lock()
        defer { lock.unlock() }
        found.append((path, key, known))
    }

    static let userInfoKey = CodingUserInfoKey(rawValue: "MarginStress.unknownKeys")!
}

/// A coding key that accepts any string, to list the keys an object has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Records every key of the current object that `Keys` does not list.
    func reportUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        guard let collector = userInfo[UnknownKeyCollector.userInfoKey] as? UnknownKeyCollector else { return }
        guard let container = try? container(keyedBy: AnyCodingKey.self) else { return }
        let known = Keys.allCases.map(\.stringValue)
        for key in container.allKeys where !known.contains(key.stringValue) {
            collector.add(path: codingPath, key: key.stringValue, known: known)
        }
    }
}
