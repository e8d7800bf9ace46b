import Foundation

/// Reading prices from CSV, in either of two forms, detected from the header:
///
/// - wide (what pandas writes for a DataFrame of closes): `Date,AAPL,MSFT,...`, one row per date;
/// - long: `date,symbol,price` (the second column may be named `symbol`, `ticker` or `asset`; the third `price`,
///   `close` or `adj close`), one row per date and asset, rows grouped in any order but each symbol's dates ascending.
///
/// Dates are ISO `YYYY-MM-DD` (a time after a space or `T` is ignored). Empty cells, `NaN` and `NA` are missing.
/// Fields may be quoted with `"`; commas inside quotes are not supported.
extension PriceHistory {
    /// Reads and selects prices from a file.
    /// - Throws: `PriceHistoryError` naming the file, row and column of the first problem and the fix.
    public init(contentsOfFile path: String, selection: Selection = Selection()) throws(PriceHistoryError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PriceHistoryError(file: path, message: "cannot read the file (\(error.localizedDescription)); check the path")
        }
        try self.init(csv: text, source: path, selection: selection)
    }

    /// Parses and selects prices from CSV text; `source` names it in errors.
    public init(csv text: String, source: String, selection: Selection = Selection()) throws(PriceHistoryError) {
        let table = try PriceTable(csv: text, source: source)
        self = try table.select(selection)
    }
}

/// One cell as read: its text and the file line it came from (0 when the long form has no row for it).
struct PriceCell {
    var text: Substring
    var line: Int
}

/// The file as read, before selection: column names, dates in file order, and each column's cells.
struct PriceTable {
    var source: String
    var columns: [String]
    /// Wide form: dates in file order (checked for order when selecting). Long form: the sorted union.
    var dates: [String]
    var lines: [Int]
    var cells: [[PriceCell]]
    var isLong: Bool

    init(csv text: String, source: String) throws(PriceHistoryError) {
        self.source = source
        var rows: [(line: Int, fields: [Substring])] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so a newline test splits both line endings.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            lineNumber += 1
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            rows.append((lineNumber, line.split(separator: ",", omittingEmptySubsequences: false).map(Self.unquote)))
        }
        guard let header = rows.first else {
            throw PriceHistoryError(file: source, message: "the file is empty; expected a header `Date,TICKER,...` or `date,symbol,price`")
        }
        let names = header.fields.map { String($0) }
        let lower = names.map { $0.lowercased() }
        if lower.count == 3, lower[0] == "date", ["symbol", "ticker", "asset"].contains(lower[1]),
           ["price", "close", "adj close", "adj_close", "adjclose"].contains(lower[2]) {
            isLong = true
            (columns, dates, lines, cells) = try Self.readLong(rows.dropFirst(), source: source)
        } else {
            isLong = false
            guard names.count >= 2 else {
                throw PriceHistoryError(file: source, row: header.line,
                                        message: "the header has one column; expected `Date,TICKER,...` (wide) or `date,symbol,price` (long)")
            }
            var seen: [String: Int] = [:]
            for (k, name) in names.enumerated().dropFirst() {
                if name.isEmpty {
                    throw PriceHistoryError(file: source, row: header.line, column: "#\(k + 1)", message: "the column has no name; name it after its asset")
                }
                if seen[name] != nil {
                    throw PriceHistoryError(file: source, row: header.line, column: name, message: "the column name repeats; each asset once")
                }
                seen[name] = k
            }
            columns = Array(names.dropFirst())
            dates = []
            lines = []
            cells = Array(repeating: [], count: columns.count)
            for row in rows.dropFirst() {
                guard row.fields.count == names.count else {
                    throw PriceHistoryError(file: source, row: row.line,
                                            message: "\(row.fields.count) fields where the header has \(names.count); every row needs a date and one price per column")
                }
                dates.append(try Self.isoDate(row.fields[0], source: source, line: row.line, column: names[0]))
                lines.append(row.line)
                for c in 0..<columns.count { cells[c].append(PriceCell(text: row.fields[c + 1], line: row.line)) }
            }
        }
    }

    /// Long form: pivots `date,symbol,price` rows into columns over the union of dates.
    static func readLong(_ rows: ArraySlice<(line: Int, fields: [Substring])>, source: String)
        throws(PriceHistoryError) -> ([String], [String], [Int], [[PriceCell]]) {
        var symbols: [String] = []
        var bySymbol: [String: [(date: String, cell: PriceCell)]] = [:]
        for row in rows {
            guard row.fields.count == 3 else {
                throw PriceHistoryError(file: source, row: row.line,
                                        message: "\(row.fields.count) fields; the long form needs date,symbol,price on every row")
            }
            let date = try isoDate(row.fields[0], source: source, line: row.line, column: "date")
            let symbol = String(row.fields[1])
            if symbol.isEmpty {
                throw PriceHistoryError(file: source, row: row.line, column: "symbol", message: "the symbol is empty")
            }
            if bySymbol[symbol] == nil { symbols.append(symbol) }
            if let previous = bySymbol[symbol]?.last {
                if previous.date == date {
                    throw PriceHistoryError(file: source, row: row.line, column: symbol,
                                            message: "date \(date) repeats (first on row \(previous.cell.line)); keep one price per date")
                }
                if previous.date > date {
                    throw PriceHistoryError(file: source, row: row.line, column: symbol,
                                            message: "date \(date) comes after \(previous.date) (row \(previous.cell.line)); sort each symbol's rows by date")
                }
            }
            bySymbol[symbol, default: []].append((date, PriceCell(text: row.fields[2], line: row.line)))
        }
        let dates = Array(Set(bySymbol.values.flatMap { $0.map(\.date) })).sorted()
        var position: [String: Int] = [:]
        for (t, d) in dates.enumerated() { position[d] = t }
        var cells: [[PriceCell]] = []
        var lines = [Int](repeating: Int.max, count: dates.count)
        for symbol in symbols {
            var column = [PriceCell](repeating: PriceCell(text: "", line: 0), count: dates.count)
            for entry in bySymbol[symbol]! {
                let t = position[entry.date]!
                column[t] = entry.cell
                lines[t] = min(lines[t], entry.cell.line)
            }
            cells.append(column)
        }
        return (symbols, dates, lines, cells)
    }

    static func unquote(_ field: Substring) -> Substring {
        var f = field.drop { $0 == " " || $0 == "\t" }
        while let last = f.last, last == " " || last == "\t" { f = f.dropLast() }
        if f.count >= 2, f.first == "\"", f.last == "\"" { f = f.dropFirst().dropLast() }
        return f
    }

    /// `YYYY-MM-DD`, optionally followed by a time after a space or `T`.
    static func isoDate(_ field: Substring, source: String, line: Int, column: String) throws(PriceHistoryError) -> String {
        if let date = parseISODate(field) { return date }
        throw PriceHistoryError(file: source, row: line, column: column,
                                message: "'\(field)' is not a date; write dates as YYYY-MM-DD")
    }

    static func parseISODate(_ field: Substring) -> String? {
        let chars = Array(field.utf8)
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-") else { return nil }
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[k]) { return nil }
        if chars.count > 10, chars[10] != UInt8(ascii: " "), chars[10] != UInt8(ascii: "T") { return nil }
        let month = Int(chars[5] - 48) * 10 + Int(chars[6] - 48), day = Int(chars[8] - 48) * 10 + Int(chars[9] - 48)
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return String(decoding: chars[0..<10], as: UTF8.self)
    }
}
