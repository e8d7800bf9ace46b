import Foundation
import Yams

/// A scenario document as written, before decoding: scalars, lists and mappings with the line and column
/// where each starts. Read from YAML (through Yams' composer) or JSON (by `JSONDocumentScanner`, which also
/// finds duplicate keys and syntax errors with their position). Used to say what a field holds when it has
/// the wrong type, in the user's words, and where.
public indirect enum DocumentNode: Sendable {
    case scalar(String, quoted: Bool, line: Int, column: Int)
    case list([DocumentNode], line: Int, column: Int)
    case mapping([(key: String, value: DocumentNode)], line: Int, column: Int)

    public var line: Int {
        switch self { case .scalar(_, _, let l, _), .list(_, let l, _), .mapping(_, let l, _): return l }
    }
    public var column: Int {
        switch self { case .scalar(_, _, _, let c), .list(_, _, let c), .mapping(_, _, let c): return c }
    }

    /// The node at `path` (mapping keys and list indices), or nil.
    func node(at path: [any CodingKey]) -> DocumentNode? {
        var node = self
        for key in path {
            switch node {
            case .list(let items, _, _):
                guard let i = key.intValue, items.indices.contains(i) else { return nil }
                node = items[i]
            case .mapping(let pairs, _, _):
                guard let pair = pairs.first(where: { $0.key == key.stringValue }) else { return nil }
                node = pair.value
            case .scalar:
                return nil
            }
        }
        return node
    }

    /// What the node holds, in words: `the text "abc"`, `1.5`, `a list of 3 items`, `a mapping`.
    var spoken: String {
        switch self {
        case .scalar(let text, let quoted, _, _):
            let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
            if text.isEmpty { return "an empty value" }
            return quoted || Double(text) == nil ? "the text \"\(shown)\"" : shown
        case .list(let items, _, _): return items.isEmpty ? "an empty list" : "a list of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .mapping(let pairs, _, _): return pairs.isEmpty ? "an empty mapping" : "a mapping (\(pairs.prefix(3).map(\.key).joined(separator: ", "))\(pairs.count > 3 ? ", ..." : ""))"
        }
    }

    /// The node as a Yams node (quoted scalars stay quoted, so `"12"` is text, not a number), so that a JSON
    /// document decodes through the same decoder as YAML: type errors then carry the field's path in both.
    var yamsNode: Node {
        let mark: Mark? = nil  // positions come from this tree; Yams keeps its Mark initialiser internal
        switch self {
        case .scalar(let text, let quoted, _, _):
            if !quoted && text == "null" { return .scalar(Node.Scalar("null", .implicit, .plain, mark)) }
            return .scalar(Node.Scalar(text, .implicit, quoted ? .doubleQuoted : .plain, mark))
        case .list(let items, _, _):
            return .sequence(Node.Sequence(items.map(\.yamsNode), .implicit, .any, mark))
        case .mapping(let pairs, _, _):
            return .mapping(Node.Mapping(pairs.map { (Node.scalar(Node.Scalar($0.key, .implicit, .doubleQuoted)), $0.value.yamsNode) },
                                         .implicit, .any, mark))
        }
    }

    /// The composed YAML node as a document node.
    init(_ node: Node) { self = Self.convert(node) }

    private static func convert(_ node: Node) -> DocumentNode {
        let line = node.mark?.line ?? 0, column = node.mark?.column ?? 0
        switch node {
        case .scalar(let s):
            return .scalar(s.string, quoted: s.style == .singleQuoted || s.style == .doubleQuoted, line: line, column: column)
        case .sequence(let s):
            return .list(s.map(convert), line: line, column: column)
        case .mapping(let m):
            return .mapping(m.map { (key: $0.key.string ?? "\($0.key)", value: convert($0.value)) }, line: line, column: column)
        case .alias:
            return .scalar("", quoted: false, line: line, column: column)
        }
    }
}
