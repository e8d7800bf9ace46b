import Foundation

/// A syntax problem in a scenario file at a line and column (both from 1).
public struct DocumentSyntaxError: Error, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
    /// The key path of the problem (for a duplicate key), or empty.
    public var field: String = ""
}

/// Reads a JSON text (RFC 8259) into `DocumentNode`s, checking what `JSONDecoder` does not report well:
/// the line and column of a syntax error, duplicate keys in an object (an error, as in YAML, with the key's
/// path) and nesting deeper than `maximumDepth`.
/// - Complexity: O(length of the text); recursion depth at most `maximumDepth`.
struct JSONDocumentScanner {
    static let maximumDepth = 64
    private let bytes: [UInt8]
    private var at = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    static func scan(_ text: String) throws(DocumentSyntaxError) -> DocumentNode {
        var s = JSONDocumentScanner(text)
        s.skipSpace()
        guard s.at < s.bytes.count else { throw s.error("the file has no JSON value; it is empty") }
        let node = try s.value(depth: 0, path: "")
        s.skipSpace()
        guard s.at == s.bytes.count else { throw s.error("unexpected \(s.shown) after the end of the JSON value") }
        return node
    }

    private var column: Int { at - lineStart + 1 }

    private func error(_ message: String, field: String = "") -> DocumentSyntaxError {
        DocumentSyntaxError(line: line, column: column, message: message, field: field)
    }

    private var shown: String {
        guard at < bytes.count else { return "end of file" }
        let b = bytes[at]
        return b >= 0x20 && b < 0x7f ? "'\(Character(UnicodeScalar(b)))'" : String(format: "byte 0x%02X", b)
    }

    private mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x09, 0x0D: at += 1
            case 0x0A:
                at += 1
                line += 1
                lineStart = at
            default: return
            }
        }
    }

    private mutating func value(depth: Int, path: String) throws(DocumentSyntaxError) -> DocumentNode {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep; a scenario needs a few") }
        guard at < bytes.count else { throw error("the file ends where a value belongs (truncated?)") }
        let l = line, c = column
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var pairs: [(key: String, value: DocumentNode)] = []
            var seen: [String: (Int, Int)] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .mapping([], line: l, column: c) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
                    throw error("expected a key in double quotes, found \(shown)")
                }
                let kl = line, kc = column
                let key = try string()
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                if let first = seen[key] {
                    throw DocumentSyntaxError(line: kl, column: kc, message:
                        "duplicate key \"\(key)\" (first at line \(first.0), column \(first.1)); give each field once", field: keyPath)
                }
                seen[key] = (kl, kc)
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\", found \(shown)") }
                at += 1
                skipSpace()
                pairs.append((key: key, value: try value(depth: depth + 1, path: keyPath)))
                skipSpace()
                guard at < bytes.count else { throw error("the file ends inside an object: a '}' is missing (truncated?)") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return .mapping(pairs, line: l, column: c) }
                throw error("expected ',' or '}' after the value of \"\(key)\", found \(shown)")
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [DocumentNode] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .list([], line: l, column: c) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1, path: "\(path)[\(items.count)]"))
                skipSpace()
                guard at < bytes.count else { throw error("the file ends inside a list: a ']' is missing (truncated?)") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return .list(items, line: l, column: c) }
                throw error("expected ',' or ']' in a list, found \(shown)")
            }
        case UInt8(ascii: "\""):
            return .scalar(try string(), quoted: true, line: l, column: c)
        default:
            let start = at
            while at < bytes.count, !Self.delimiters.contains(bytes[at]) { at += 1 }
            let word = String(decoding: bytes[start..<at], as: UTF8.self)
            if word == "true" || word == "false" || word == "null" || Self.isNumber(word) {
                return .scalar(word, quoted: false, line: l, column: c)
            }
            at = start
            if word.isEmpty { throw error("expected a value, found \(shown)") }
            throw error("\(word.count > 30 ? String(word.prefix(30)) + "..." : word) is not a JSON value; "
                        + "text goes in double quotes, numbers are written like 1.5e-3")
        }
    }

    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"),
                                                UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\"")]

    /// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    static func isNumber(_ w: String) -> Bool {
        var c = Array(w.utf8)[...]
        func digits() -> Int { var n = 0; while let f = c.first, f >= 48 && f <= 57 { c = c.dropFirst(); n += 1 }; return n }
        if c.first == UInt8(ascii: "-") { c = c.dropFirst() }
        if c.first == UInt8(ascii: "0") { c = c.dropFirst() } else if digits() == 0 { return false }
        if c.first == UInt8(ascii: ".") { c = c.dropFirst(); if digits() == 0 { return false } }
        if c.first == UInt8(ascii: "e") || c.first == UInt8(ascii: "E") {
            c = c.dropFirst()
            if c.first == UInt8(ascii: "+") || c.first == UInt8(ascii: "-") { c = c.dropFirst() }
            if digits() == 0 { return false }
        }
        return c.isEmpty
    }

    /// A string starting at the opening quote; escapes decoded.
    private mutating func string() throws(DocumentSyntaxError) -> String {
        at += 1
        var out: [UInt8] = []
        while at < bytes.count {
            let b = bytes[at]
            if b == UInt8(ascii: "\"") { at += 1; return String(decoding: out, as: UTF8.self) }
            if b == 0x0A { throw error("the text in double quotes is not closed on its line") }
            if b < 0x20 { throw error("a control character (byte 0x\(String(b, radix: 16))) inside text; escape it") }
            if b == UInt8(ascii: "\\") {
                at += 1
                guard at < bytes.count else { break }
                switch bytes[at] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(bytes[at])
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard at + 4 < bytes.count, let v = UInt32(String(decoding: bytes[(at + 1)...(at + 4)], as: UTF8.self), radix: 16) else {
                        throw error("\\u must be followed by four hexadecimal digits")
                    }
                    out.append(contentsOf: Array(String(UnicodeScalar(v).map(Character.init) ?? "\u{FFFD}").utf8))
                    at += 4
                default: throw error("unknown escape \\\(Character(UnicodeScalar(bytes[at]))) in text")
                }
                at += 1
                continue
            }
            out.append(b)
            at += 1
        }
        throw error("the file ends inside text in double quotes (truncated?)")
    }
}
