import Foundation

/// How the HTML reports write text and numbers: escaped for XML, percentages and prices without trailing zeros,
/// dates in UTC, command lines quoted for a POSIX shell.
enum HTMLText {
    /// `text` escaped for element content.
    static func e(_ text: String) -> String { XMLText.escape(text) }

    /// `text` escaped for a double-quoted attribute value.
    static func attribute(_ text: String) -> String { XMLText.escapeAttribute(text) }

    /// A warning as a sentence: capital first letter, final full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let body = first.uppercased() + text.dropFirst()
        return body.hasSuffix(".") ? body : body + "."
    }

    /// A fraction as a percentage with up to `decimals` decimals, trailing zeros dropped: 0.004 is "0.4%".
    static func percentText(_ x: Double, decimals: Int = 3) -> String {
        guard x.isFinite else { return "n/a" }
        return Honest.format(x * 100, decimals: decimals).trimmedZeros + "%"
    }

    /// A quantity or amount as given, with thousands separators (up to eight decimals, trailing zeros dropped).
    static func plain(_ x: Double) -> String {
        Honest.format(x, decimals: x == x.rounded() ? 0 : 8).trimmedZeros
    }

    /// A price: whole units from 1,000 up, else up to six significant digits.
    static func price(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        if abs(x) >= 1000 { return plain((x * 100).rounded() / 100) }
        let decimals = max(0, 5 - Int(Foundation.log10(max(abs(x), 1e-12)).rounded(.down)))
        return plain(Double(String(format: "%.\(min(decimals, 8))f", x)) ?? x)
    }

    /// A leverage such as "8.33x", or "n/a".
    static func leverage(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return Honest.format(x, decimals: 2) + "x"
    }

    /// `text` as one shell word.
    static func shellQuoted(_ text: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+=:,@%")
        if !text.isEmpty && text.unicodeScalars.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A date as `2026-01-31 14:05:09 UTC`.
    static func date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return f.string(from: date)
    }

    /// The command line that runs `subcommand` on the scenario with the same settings (and so gives the same
    /// numbers): the file (none for the built-in default), paths, steps, horizon, seed, sampling, then `extra`.
    static func reproduceCommand(_ subcommand: String, scenario: Scenario, scenarioPath: String?,
                                 extra: [String] = []) -> String {
        var words = ["margin-stress", subcommand]
        if let scenarioPath { words.append(shellQuoted(scenarioPath)) }
        words += ["--paths", String(scenario.paths), "--steps", String(scenario.steps)]
        words += ["--horizon", shellQuoted(scenario.horizonText.isEmpty ? levelKey(scenario.horizonDays) : scenario.horizonText)]
        words += ["--seed", String(scenario.seed)]
        if scenario.antithetic { words.append("--antithetic") }
        if let r = scenario.relativePrecision { words += ["--relative-precision", levelKey(r)] }
        return (words + extra.map(shellQuoted)).joined(separator: " ")
    }
}

/// The report builders' shorthand `e(text)`: text escaped for element content (`HTMLText.e`).
protocol EscapesHTML {}

extension EscapesHTML {
    func e(_ text: String) -> String { HTMLText.e(text) }
}
