import Foundation
import Yams

/// Reads scenario files (YAML or JSON, one schema) and validates them.
public enum ScenarioLoader {
    /// The raw file contents decoded; a file that cannot be decoded at all is a `ScenarioError`.
    /// Unknown fields are kept in `unknownFields` for the validator to report with the other problems.
    public static func decode(_ text: String, format: Format, source: String) throws(ScenarioError) -> ScenarioFile {
        let collector = UnknownKeyCollector()
        let userInfo: [CodingUserInfoKey: any Sendable] = [UnknownKeyCollector.userInfoKey: collector]
        func refuse(_ field: String, _ message: String) -> ScenarioError {
            ScenarioError(source: source, issues: [ScenarioIssue(field: field, message: message)])
        }
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text  // a byte-order mark is not content
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw refuse("", "the file is empty; see examples/ for a scenario to start from")
        }
        // The document as written, read first: syntax errors with line and column, duplicate keys, and the
        // nodes that type errors are described from.
        let read = document(text, format: format)
        guard case .success(let parsed) = read else {
            if case .failure(let issue) = read { throw ScenarioError(source: source, issues: [issue.issue]) }
            fatalError("unreachable")
        }
        let decoded = decodeFile(text, parsed: parsed, userInfo: userInfo)
        guard case .success(var file) = decoded else {
            if case .failure(let issue) = decoded { throw ScenarioError(source: source, issues: [issue.issue]) }
            fatalError("unreachable")
        }
        file.unknownFields = collector.found.map { found in
            let hint = closestMatch(to: found.key, in: found.known).map { "did you mean \($0)? " } ?? ""
            guard found.key.isEmpty else {
                return ScenarioIssue(
                    field: fieldPath(found.path + [AnyCodingKey(stringValue: found.key)]),
                    message: "unknown field; \(hint)known fields here: \(found.known.joined(separator: ", "))")
            }
            // A key with no name (`"": 1`, or an anchor with nothing after it): named as "" under its parent.
            let parent = fieldPath(found.path)
            return ScenarioIssue(field: parent.isEmpty ? "\"\"" : parent + ".\"\"",
                                 message: "a key with no name; known fields here: \(found.known.joined(separator: ", "))")
        }
        return try VenuePresets.applying(to: file, source: source)
    }

    /// The document tree (and, for YAML, the composed node to decode from), or the syntax problem with its position.
    private static func document(_ text: String, format: Format) -> Result<(DocumentNode, Node), IssueError> {
        switch format {
        case .json:
            do {
                let tree: DocumentNode = try JSONDocumentScanner.scan(text)
                return .success((tree, tree.yamsNode))
            } catch {
                // `scan` throws only `DocumentSyntaxError` (typed throws), which names the field and position.
                return .failure(IssueError(field: error.field, message: "line \(error.line), column \(error.column): \(error.message)"))
            }
        case .yaml:
            do {
                guard let node = try Yams.compose(yaml: text) else {
                    return .failure(IssueError(field: "", message: "the file has only comments, no scenario; see examples/ for a scenario to start from"))
                }
                return .success((DocumentNode(node), node))
            } catch let e as YamlError {
                var field = ""
                if case .duplicatedKeysInMapping(let duplicates, let context) = e, let key = duplicates.first {
                    field = yamlKeyPath(key: key, line: context.mark.line, column: context.mark.column, in: text)
                }
                return .failure(IssueError(field: field, message: yamlMessage(e)))
            } catch {
                return .failure(IssueError(field: "", message: "cannot parse the file: \(error)"))
            }
        }
    }

    /// The file decoded from the composed YAML node or the JSON text; a decoding problem in the user's words.
    private static func decodeFile(_ text: String, parsed: (DocumentNode, Node),
                                   userInfo: [CodingUserInfoKey: any Sendable]) -> Result<ScenarioFile, IssueError> {
        do {
            // JSON too, from its document tree: one decoder, so type errors carry the field's path in both formats.
            return .success(try YAMLDecoder().decode(ScenarioFile.self, from: parsed.1, userInfo: userInfo))
        } catch let error as DecodingError {
            return .failure(IssueError(issue(for: error, in: parsed.0)))
        } catch let error as YamlError {
            return .failure(IssueError(field: "", message: yamlMessage(error)))
        } catch {
            return .failure(IssueError(field: "", message: "cannot read the file: \(error)"))
        }
    }

    /// The path of a key in block-style YAML from its line and column: the keys of the lines above it with
    /// less indentation (list items named by index).
    static func yamlKeyPath(key: String, line: Int, column: Int, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var path = [key], indent = column - 1, n = line - 2
        while n >= 0, indent > 0 {
            let l = lines[n]
            let body = l.drop(while: { $0 == " " })
            let lead = l.count - body.count
            if lead < indent, !body.isEmpty, !body.hasPrefix("#") {
                var b = Substring(body)
                if b.hasPrefix("- ") {
                    // The item's index: earlier siblings at this indentation, up to the parent.
                    var index = 0, m = n - 1
                    while m >= 0 {
                        let other = lines[m], ob = other.drop(while: { $0 == " " }), ol = other.count - ob.count
                        if ol < lead && !ob.isEmpty && !ob.hasPrefix("#") { break }
                        if ol == lead && ob.hasPrefix("- ") { index += 1 }
                        m -= 1
                    }
                    path[0] = "[\(index)]" + (path[0].hasPrefix("[") ? "" : ".") + path[0]
                    b = b.dropFirst(2)
                    if let colon = b.firstIndex(of: ":"), lead + 2 < indent {
                        path.insert(String(b[..<colon]).trimmingCharacters(in: .whitespaces), at: 0)
                    }
                } else if let colon = b.firstIndex(of: ":") {
                    path.insert(String(b[..<colon]).trimmingCharacters(in: .whitespaces), at: 0)
                }
                indent = lead
            }
            n -= 1
        }
        return path.reduce("") { $0.isEmpty ? $1 : ($1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1) }
    }

    /// A YAML syntax error as "line L, column C: what is wrong".
    static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let around = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(around)"
        case .reader(let problem, let offset, let value, let yaml):
            // Yams prints the position as "L:C: error: reader: ..."; from the byte offset when it cannot.
            let described = "\(error)"
            let parts = described.split(separator: ":", maxSplits: 2).prefix(2).compactMap { Int($0) }
            let found = parts.count == 2 ? "line \(parts[0]), column \(parts[1])" : nil
            let (line, column) = position(of: offset ?? 0, in: Array(yaml.utf8))
            let at = found ?? "line \(line), column \(column)"
            let character = value > 0 ? String(format: " (character U+%04X)", value) : ""
            return "\(at): \(problem)\(character); remove it, a scenario is plain text"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            let at = "line \(context.mark.line), column \(context.mark.column): "
            return "\(at)duplicate key \(keys) in one mapping; give each field once"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "cannot parse the file"
        }
    }

    /// The file format, from the file name (`.json` is JSON, anything else YAML).
    public enum Format: Sendable {
        case yaml, json

        public init(path: String) {
            self = path.lowercased().hasSuffix(".json") ? .json : .yaml
        }
    }

    /// Reads the file at `path` into its raw form. An unreadable, binary or non-UTF-8 file is refused with a sentence.
    public static func read(path: String) throws(ScenarioError) -> ScenarioFile {
        func refuse(_ message: String) -> ScenarioError {
            ScenarioError(source: path, issues: [ScenarioIssue(field: "", message: message)])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw refuse(!exists ? "no such file" : isDirectory.boolValue ? "is a directory, not a scenario file" : "cannot be read (permissions?)")
        }
        return try decode(try text(of: data, path: path), format: Format(path: path), source: path)
    }

    /// The UTF-8 text of a scenario file's bytes; a binary or non-UTF-8 file is a `ScenarioError` saying where.
    public static func text(of data: Data, path: String) throws(ScenarioError) -> String {
        let bytes = [UInt8](data)
        func refuse(_ message: String) -> ScenarioError {
            ScenarioError(source: path, issues: [ScenarioIssue(field: "", message: message)])
        }
        if let zero = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: zero, in: bytes)
            throw refuse("is a binary file (a zero byte at line \(line), column \(column)), not a scenario; give a YAML or JSON text file")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var iterator = bytes.makeIterator(), decoder = UTF8(), offset = 0, bad = 0
        loop: while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += String(s).utf8.count
            case .emptyInput: break loop
            case .error: bad = before; break loop
            }
        }
        let (line, column) = position(of: bad, in: bytes)
        throw refuse(String(format: "is not UTF-8 text (byte 0x%02X at line \(line), column \(column)); save it as UTF-8", bytes[min(bad, bytes.count - 1)]))
    }

    /// Line and column (from 1) of byte `offset`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, start = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            start = i + 1
        }
        return (line, offset - start + 1)
    }

    /// A message for a decoding failure, naming the field, what it holds and what it should hold, in words.
    static func issue(for error: DecodingError, in tree: DocumentNode? = nil) -> ScenarioIssue {
        func found(_ path: [any CodingKey]) -> (String, String) {
            guard let node = tree?.node(at: path) else { return ("the value", "") }
            return (node.spoken, " (line \(node.line), column \(node.column))")
        }
        switch error {
        case .typeMismatch(let type, let context):
            let (what, at) = found(context.codingPath)
            if context.codingPath.isEmpty, let node = tree?.node(at: []) {
                // The document itself: no field to name, so the position comes first.
                return ScenarioIssue(field: "", message: "line \(node.line), column \(node.column): \(what) is not \(describe(type)); a scenario is a mapping of fields such as account: and market:")
            }
            return ScenarioIssue(field: fieldPath(context.codingPath), message: "\(what) is not \(describe(type))\(at)")
        case .valueNotFound(let type, let context):
            let (_, at) = found(context.codingPath)
            return ScenarioIssue(field: fieldPath(context.codingPath), message: "is empty; give \(describe(type))\(at)")
        case .keyNotFound(let key, let context):
            return ScenarioIssue(field: fieldPath(context.codingPath + [key]), message: "missing")
        case .dataCorrupted(let context):
            let (what, at) = found(context.codingPath)
            let range = context.debugDescription.contains("not representable") || context.debugDescription.contains("out of range")
            return ScenarioIssue(field: fieldPath(context.codingPath),
                                 message: range ? "\(what) is out of the range this field takes\(at)" : "\(what) cannot be read here\(at)")
        @unknown default:
            return ScenarioIssue(field: "", message: "cannot read the file")
        }
    }

    /// A type the decoder expected, in the words of a person writing the file.
    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: return "a number"
        case is Int.Type: return "a whole number"
        case is UInt64.Type: return "a whole number from 0 to 2^64-1"
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        case is Node.Scalar.Type: return "a single value (a number or text)"
        case is Node.Sequence.Type: return "a list"
        case is Node.Mapping.Type: return "a mapping of fields (name: value)"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            return "a mapping of fields (name: value)"
        }
    }
}

/// One problem found while reading a file, carried as an error.
struct IssueError: Error {
    var issue: ScenarioIssue
    init(_ issue: ScenarioIssue) { self.issue = issue }
    init(field: String, message: String) { issue = ScenarioIssue(field: field, message: message) }
}
