import Foundation

/// A time horizon as written in a scenario: `"24h"`, `"7d"`, `"2w"`, `"1y"`, or a number of days (`7`, `0.5`).
public struct Horizon: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The text as written (a number is kept as its decimal form).
    public var text: String

    public init(_ text: String) { self.text = text }

    /// The horizon in days, or `nil` when the text is not a horizon.
    public var days: Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let value = Double(t) { return value }
        let units: [(String, Double)] = [("h", 1.0 / 24), ("d", 1), ("w", 7), ("y", 365)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            if let value = Double(t.dropLast().trimmingCharacters(in: .whitespaces)) { return value * scale }
        }
        return nil
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Double.self) {
            text = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        } else {
            text = try c.decode(String.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}
