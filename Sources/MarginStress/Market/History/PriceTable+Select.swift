/// Selection and checks: assets, dates, order, window, then every selected price (present, a number, positive).
extension PriceTable {
    func select(_ selection: PriceHistory.Selection) throws(PriceHistoryError) -> PriceHistory {
        let wanted = selection.assets ?? columns
        guard !wanted.isEmpty else {
            throw PriceHistoryError(file: source, message: "no assets selected; name at least one column")
        }
        var indices: [Int] = []
        for name in wanted {
            guard let k = columns.firstIndex(of: name) else {
                let hint = closestMatch(to: name, in: columns).map { "did you mean \($0)? " } ?? ""
                throw PriceHistoryError(file: source, column: name,
                                        message: "unknown asset; \(hint)the file has \(columns.joined(separator: ", "))")
            }
            if indices.contains(k) {
                throw PriceHistoryError(file: source, column: name, message: "the asset is selected twice; name it once")
            }
            indices.append(k)
        }
        if !isLong {
            for t in dates.indices.dropFirst() where dates[t] <= dates[t - 1] {
                let what = dates[t] == dates[t - 1] ? "repeats the date of row \(lines[t - 1])"
                                                     : "comes after \(dates[t - 1]) (row \(lines[t - 1]))"
                throw PriceHistoryError(file: source, row: lines[t], column: "Date",
                                        message: "date \(dates[t]) \(what); sort the file by date with one row per date")
            }
        }
        let from = try boundary(selection.from, name: "from")
        let to = try boundary(selection.to, name: "to")
        if let from, let to, from > to {
            throw PriceHistoryError(file: source, message: "from \(from) is after to \(to); swap them")
        }
        var lower = from.map { f in dates.firstIndex { $0 >= f } ?? dates.count } ?? 0
        let upper = to.map { u in (dates.lastIndex { $0 <= u } ?? -1) + 1 } ?? dates.count
        if let window = selection.window {
            guard window >= 1 else {
                throw PriceHistoryError(file: source, message: "window \(window) must be at least 1 return")
            }
            lower = max(lower, upper - window - 1)
        }
        let rows = lower < upper ? Array(lower..<upper) : []
        let returns = max(0, rows.count - 1)
        if returns < selection.minimumReturns {
            let span = rows.isEmpty ? "no dates" : "\(rows.count) dates (\(dates[rows[0]]) to \(dates[rows[rows.count - 1]]))"
            let range = "\(from ?? dates.first ?? "start") to \(to ?? dates.last ?? "end")"
            throw PriceHistoryError(file: source,
                                    message: "\(span) in the range \(range): \(returns) returns where at least \(selection.minimumReturns) are needed; widen --from/--to or --window")
        }
        var prices: [[Double]] = []
        for (a, k) in indices.enumerated() {
            var column = [Double]()
            column.reserveCapacity(rows.count)
            for t in rows {
                column.append(try price(cells[k][t], column: wanted[a], date: dates[t]))
            }
            prices.append(column)
        }
        return PriceHistory(source: source, symbols: wanted, dates: rows.map { dates[$0] }, prices: prices,
                            lines: rows.map { lines[$0] })
    }

    func boundary(_ value: String?, name: String) throws(PriceHistoryError) -> String? {
        guard let value else { return nil }
        guard let date = PriceTable.parseISODate(Substring(value)) else {
            throw PriceHistoryError(file: source, message: "\(name) '\(value)' is not a date; write YYYY-MM-DD")
        }
        return date
    }

    func price(_ cell: PriceCell, column: String, date: String) throws(PriceHistoryError) -> Double {
        if cell.line == 0 {
            throw PriceHistoryError(file: source, column: column,
                                    message: "no price on \(date), which other symbols have; add the row or drop the date")
        }
        let text = cell.text
        if text.isEmpty || ["nan", "na", "null", "none"].contains(text.lowercased()) {
            throw PriceHistoryError(file: source, row: cell.line, column: column,
                                    message: "missing price on \(date); fill it (e.g. with the previous close), drop the row, or choose dates or assets without gaps")
        }
        guard let value = Double(text), value.isFinite else {
            throw PriceHistoryError(file: source, row: cell.line, column: column,
                                    message: "'\(text)' is not a number; prices are plain decimals such as 101.25")
        }
        guard value > 0 else {
            throw PriceHistoryError(file: source, row: cell.line, column: column,
                                    message: "price \(text) on \(date) is not positive; log-returns need positive prices: correct or drop the row")
        }
        return value
    }
}
