import Foundation

/// Numbers shown to a person with no more digits than their standard error supports:
/// the value is rounded at the second significant digit of its standard error.
public enum Honest {
    /// Decimal places that keep two significant digits of `error` (negative: round to tens, hundreds...).
    public static func decimals(forError error: Double) -> Int {
        guard error.isFinite, error > 0 else { return 2 }
        return 1 - Int(Foundation.floor(Foundation.log10(error)))
    }

    /// `value` rounded for `decimals` places, with thousands separators.
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        let places = max(0, decimals)
        var rounded = value
        if decimals < 0 {
            let unit = Foundation.pow(10, Double(-decimals))
            rounded = (value / unit).rounded() * unit
        }
        let text = String(format: "%.\(places)f", rounded)
        return groupThousands(text)
    }

    /// `value` rounded by its standard error.
    public static func format(_ value: Double, error: Double) -> String {
        format(value, decimals: decimals(forError: error))
    }

    /// A probability as a percentage, rounded by its standard error.
    public static func percent(_ p: Double, error: Double) -> String {
        if p == 0 { return "0%" }
        if p == 1 { return "100%" }
        let d = error > 0 ? decimals(forError: error * 100) : (p == 0 || p == 1 ? 0 : 2)
        return format(p * 100, decimals: min(d, 6)) + "%"
    }

    static func groupThousands(_ text: String) -> String {
        var body = Substring(text), sign = ""
        if body.hasPrefix("-") {
            sign = "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1)
        let integer = Array(parts[0])
        var grouped = ""
        for (i, ch) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { grouped += "," }
            grouped.append(ch)
        }
        if Double(text) == 0 { sign = "" }
        return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// An integer with thousands separators.
    public static func count(_ n: Int) -> String { groupThousands(String(n)) }
}

extension String {
    /// A formatted decimal without the zeros that say nothing: "1.0000" is "1", "0.5000" is "0.5"; text
    /// without a decimal point is left as it is.
    public var trimmedZeros: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
