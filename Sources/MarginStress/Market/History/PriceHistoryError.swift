/// A price file that cannot be used, with where the problem is (file, row, column) and how to fix it.
///
/// `row` is the 1-based line number in the file (the header is line 1); `column` is the column's header name
/// (wide form) or the symbol (long form). Either is nil when the problem concerns the file as a whole.
public struct PriceHistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var row: Int?
    public var column: String?
    public var message: String

    public init(file: String, row: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let row { place += ", row \(row)" }
        if let column { place += ", column \(column)" }
        return "\(place): \(message)"
    }
}
