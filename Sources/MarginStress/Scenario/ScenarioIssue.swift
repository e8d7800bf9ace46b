/// One problem found in a scenario: the field it concerns and a sentence saying what is wrong and how to fix it.
public struct ScenarioIssue: Sendable, Equatable, CustomStringConvertible {
    /// The field path, e.g. `account.positions[2].asset`; empty for the file as a whole.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// A scenario that cannot be simulated, with every problem found in it.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// Where the scenario came from (a file path, or "built-in default scenario").
    public var source: String
    public var issues: [ScenarioIssue]

    public init(source: String, issues: [ScenarioIssue]) {
        self.source = source
        self.issues = issues
    }

    public var description: String {
        let noun = issues.count == 1 ? "problem" : "problems"
        return (["\(source): \(issues.count) \(noun):"] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }
}

/// Formats a coding path as a field path: `account.positions[2].asset`.
func fieldPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text
}

/// The names closest to `word` among `candidates` by edit distance, when close enough to be a likely typo,
/// as "A" or "A or B" (ties are all named).
func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let lower = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(lower, Array($0.lowercased()))) }
    guard let best = scored.map(\.1).min(), best <= Swift.max(2, word.count / 3) else { return nil }
    return scored.filter { $0.1 == best }.map(\.0).joined(separator: " or ")
}
