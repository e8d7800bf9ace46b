import Foundation

/// A small ordered document (numbers, strings, lists, maps) written as YAML flow style or JSON, so both outputs
/// of `calibrate` come from one structure.
public indirect enum CalibrationNode: Sendable {
    case number(Double)
    case string(String)
    case list([CalibrationNode])
    case map([(String, CalibrationNode)])

    /// Six significant digits; always with a decimal point in exponent form so YAML reads a float.
    public static func format(_ x: Double) -> String {
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e-4 && a < 1e9 { return String(format: "%.6g", x) }
        var text = String(format: "%.5e", x)
        // Trim mantissa zeros: 2.10000e-06 -> 2.1e-06, 2.00000e-06 -> 2.0e-06.
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            while mantissa.hasSuffix("0") && !mantissa.hasSuffix(".0") { mantissa.removeLast() }
            text = mantissa + text[e...]
        }
        return text
    }

    /// Inline YAML (flow style).
    public var flow: String {
        switch self {
        case .number(let x): return Self.format(x)
        case .string(let s): return Self.plain(s) ? s : "\"\(s.replacingOccurrences(of: "\"", with: "\\\""))\""
        case .list(let items): return "[" + items.map(\.flow).joined(separator: ", ") + "]"
        case .map(let pairs): return "{" + pairs.map { "\($0.0): \($0.1.flow)" }.joined(separator: ", ") + "}"
        }
    }

    /// Block YAML at an indentation: maps as `key:` lines, lists of scalars or of maps one item per line.
    public func block(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .map(let pairs):
            return pairs.map { key, value -> String in
                switch value {
                case .map, .list: return "\(pad)\(key):\n" + value.block(indent: indent + 2)
                default: return "\(pad)\(key): \(value.flow)\n"
                }
            }.joined()
        case .list(let items):
            return items.map { "\(pad)- \($0.flow)\n" }.joined()
        default:
            return pad + flow + "\n"
        }
    }

    /// JSON, one line per top-level member and nested values inline.
    public var json: String {
        switch self {
        case .number(let x): return Self.format(x)
        case .string(let s):
            let data = (try? JSONSerialization.data(withJSONObject: [s], options: [])) ?? Data("[\"\"]".utf8)
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        case .list(let items): return "[" + items.map(\.json).joined(separator: ", ") + "]"
        case .map(let pairs): return "{" + pairs.map { "\(CalibrationNode.string($0.0).json): \($0.1.json)" }.joined(separator: ", ") + "}"
        }
    }

    static func plain(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./"))
        return s.unicodeScalars.allSatisfy { allowed.contains($0) }
            && !["true", "false", "yes", "no", "null", "on", "off", "y", "n"].contains(s.lowercased())
    }
}
