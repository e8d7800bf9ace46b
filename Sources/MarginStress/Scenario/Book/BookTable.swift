import Foundation

/// A problem in a book's CSV table: the file, the line (1 is the header) and the column, and what would fix it.
public struct BookIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var message: String
    public init(file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column { place += ", column \(column)" }
        return "\(place): \(message)"
    }
}

/// Every problem found in a book (the first 20 per file), one per line.
public struct BookError: Error, Sendable, CustomStringConvertible {
    public var issues: [BookIssue]
    public init(issues: [BookIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// A CSV table as pandas writes it (`DataFrame.to_csv`): a header line, comma-separated fields, a field quoted
/// with `"` when it holds a comma or a quote (a quote inside doubled), `\n` or `\r\n` line ends, an unnamed first
/// column when the index was written (ignored). Read from bytes without building a String per line.
struct BookTable {
    let file: String
    /// Column names as in the header, in order.
    let header: [String]
    /// Per data row: its file line and its fields.
    private(set) var lines: [Int] = []
    private(set) var fields: [[Substring]] = []

    init(path: String) throws(BookError) {
        file = path
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw BookError(issues: [BookIssue(file: path, message: "cannot read the file (\(error.localizedDescription)); check the path")])
        }
        var rows: [(Int, [Substring])] = []
        var number = 0
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            if line.isEmpty { continue }
            rows.append((number, Self.split(line)))
        }
        guard let first = rows.first else {
            throw BookError(issues: [BookIssue(file: path, line: nil, column: nil, message: "the file is empty; expected a header line")])
        }
        header = first.1.map { String($0).trimmingCharacters(in: .whitespaces) }
        lines.reserveCapacity(rows.count)
        fields.reserveCapacity(rows.count)
        for (n, f) in rows.dropFirst() {
            lines.append(n)
            fields.append(f)
        }
    }

    /// The fields of one line; quoted fields lose their quotes (doubled quotes become one).
    static func split(_ line: Substring) -> [Substring] {
        // Fast path on bytes (no grapheme breaking): no quotes on the line.
        if !line.utf8.contains(UInt8(ascii: "\"")) {
            return line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
        }
        var out: [Substring] = [], current = "", quoted = false, previousQuote = false
        for ch in line {
            if ch == "\"" {
                if quoted { quoted = false; previousQuote = true; continue }
                if previousQuote { current.append("\"") }
                quoted = true
                previousQuote = false
                continue
            }
            previousQuote = false
            if ch == "," && !quoted {
                out.append(Substring(current))
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(Substring(current))
        return out
    }

    /// Column positions of `required` names (and of `optional` ones when present); every other named column is a problem.
    func columns(required: [String], optional: [String] = []) throws(BookError) -> [String: Int] {
        var found: [String: Int] = [:], issues: [BookIssue] = []
        for (i, name) in header.enumerated() {
            if name.isEmpty && i == 0 { continue }  // pandas' index column
            if required.contains(name) || optional.contains(name) {
                found[name] = i
            } else {
                issues.append(BookIssue(file: file, line: 1, column: name.isEmpty ? "#\(i + 1)" : name,
                                        message: "unknown column; the columns are \((required + optional).joined(separator: ", ")) (write the table with index=False, or keep pandas' unnamed index first)"))
            }
        }
        for name in required where found[name] == nil {
            issues.append(BookIssue(file: file, line: 1, column: name, message: "missing column; the header needs \(required.joined(separator: ","))"))
        }
        if !issues.isEmpty { throw BookError(issues: issues) }
        return found
    }

    /// The text of column `c` in row `r`, trimmed; nil when the row is too short.
    func text(_ r: Int, _ c: Int) -> Substring? {
        let f = fields[r]
        guard c < f.count else { return nil }
        var t = f[c]
        while t.first == " " || t.first == "\t" { t = t.dropFirst() }
        while t.last == " " || t.last == "\t" { t = t.dropLast() }
        return t
    }
}
