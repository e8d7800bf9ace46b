import Foundation

/// A run's numbers as text for the charts and the HTML report, rounded by their errors as in the terminal table.
enum RunText {
    /// A probability with its standard error and 95% interval, all to the digits the error supports. With no (or
    /// every) path counted the standard error is 0; the interval's width still bounds the digits.
    static func probability(_ e: ProportionEstimate) -> (value: String, se: String, lower: String, upper: String) {
        probability(e.probability, standardError: e.standardError, interval: e.interval95)
    }

    /// The same for a probability given by its parts (a frontier point of `tune`).
    static func probability(_ p: Double, standardError: Double, interval: [Double])
        -> (value: String, se: String, lower: String, upper: String) {
        let digitsError = max(standardError, (interval[1] - interval[0]) / 3.92)
        return (Honest.percent(p, error: digitsError), Honest.percent(standardError, error: digitsError / 10),
                Honest.percent(interval[0], error: digitsError), Honest.percent(interval[1], error: digitsError))
    }

    /// VaR, its interval and ES at one level, rounded as in the terminal table: by the larger of the sampling error
    /// and the sketch's relative accuracy.
    struct Tail {
        var level: Double
        var valueAtRisk: Double
        var interval: [Double]
        var expectedShortfall: Double
        var pathsBeyond: Int
        var varText: String
        var lowerText: String
        var upperText: String
        var esText: String
        var esErrorText: String?
    }

    static func tails(_ summary: RunSummary) -> [Tail] {
        let p = summary.terminalPnL, accuracy = summary.sketchRelativeAccuracy
        var out: [Tail] = []
        for level in RunSummary.tailLevels {
            let key = levelKey(level)
            guard let v = p.valueAtRisk[key], let es = p.expectedShortfall[key] else { continue }
            let ci = p.valueAtRiskInterval95[key] ?? [.nan, .nan]
            let err = max((ci[1] - ci[0]) / 3.92, accuracy * abs(v), 1e-9)
            let esErr = p.expectedShortfallStandardError[key] ?? .nan
            let esDigits = esErr.isFinite ? max(esErr, accuracy * abs(es), 1e-9) : max(accuracy * abs(es), 1e-9)
            out.append(Tail(level: level, valueAtRisk: v, interval: ci, expectedShortfall: es,
                            pathsBeyond: p.pathsBeyond[key] ?? 0, varText: Honest.format(v, error: err),
                            lowerText: Honest.format(ci[0], error: err), upperText: Honest.format(ci[1], error: err),
                            esText: Honest.format(es, error: esDigits),
                            esErrorText: esErr.isFinite ? Honest.format(esErr, error: esDigits / 10) : nil))
        }
        return out
    }

    /// A level as a percentage label: 0.95 is "95%", 0.999 is "99.9%".
    static func level(_ level: Double) -> String { levelKey(level * 100) + "%" }

    /// Money rounded to whole units, with thousands separators.
    static func money(_ x: Double?) -> String { x.map { Honest.format($0, decimals: 0) } ?? "n/a" }

    /// A number of days as "7 days", "1 day", "0.5 days".
    static func days(_ d: Double) -> String { "\(levelKey(d)) day\(d == 1 ? "" : "s")" }

    /// A duration given in days, in the unit that reads best: "15 min", "1 h", "1 day", "2.5 days".
    static func duration(days d: Double) -> String {
        let minutes = d * 24 * 60
        func trimmed(_ x: Double) -> String {
            let r = (x * 100).rounded() / 100
            return r == r.rounded() ? String(Int(r)) : levelKey(r)
        }
        if minutes < 1 { return trimmed(minutes * 60) + " s" }
        if minutes < 60 { return trimmed(minutes) + " min" }
        if d < 1 { return trimmed(d * 24) + " h" }
        return trimmed(d) + (d == 1 ? " day" : " days")
    }

    /// How often a check comes: "once a day", "once an hour", else "one every 15 min".
    static func every(days d: Double) -> String {
        if d == 1 { return "once a day" }
        if abs(d * 24 - 1) < 1e-12 { return "once an hour" }
        return "one every " + duration(days: d)
    }

    /// Plural form: "1 path", "2 paths".
    static func paths(_ n: Int) -> String { "\(Honest.count(n)) path\(n == 1 ? "" : "s")" }
}
