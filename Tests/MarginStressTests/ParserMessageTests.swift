import Foundation
import Testing

/// What the parsers say about malformed files, through the CLI: duplicate keys, syntax errors with line and
/// column in both formats, type errors in the user's words (never a decoder's type names), and a sentence for
/// empty, comment-only, non-UTF-8, binary, deeply nested and truncated files.
@Suite("CLI: parser messages")
struct ParserMessageTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var bytes: [UInt8]
        var expected: [String]
        var testDescription: String { name }
    }

    static let json: String = (try? String(contentsOf: packageRoot.appendingPathComponent("examples/example.json"), encoding: .utf8)) ?? ""

    static func text(_ name: String, _ file: String, _ text: String, _ expected: [String]) -> Case {
        Case(name: name, file: file, bytes: Array(text.utf8), expected: expected)
    }

    static let cases: [Case] = [
        text("JSON duplicate key", "d.json", json.replacingOccurrences(of: "\"steps\": 72,", with: "\"steps\": 72, \"paths\": 1000,"),
             ["simulation.paths: line 23, column 5: duplicate key \"paths\" (first at line 22, column 18)"]),
        text("YAML duplicate key", "d.yaml", scenarioText().replacingOccurrences(of: "  seed: 3", with: "  seed: 3\n  seed: 4"),
             ["simulation.seed: line 22, column 3: duplicate key \"seed\""]),
        text("JSON syntax error", "s.json", json.replacingOccurrences(of: "\"steps\": 72,", with: "\"steps\": 72,,"),
             ["line 22, column 17: expected a key in double quotes, found ','"]),
        text("YAML syntax error", "s.yaml", scenarioText(["distribution": "{type: gaussian"]), ["line 18, column 11", "while parsing a flow mapping at line 17"]),
        text("seed beyond 2^64-1 (YAML)", "seed.yaml", scenarioText().replacingOccurrences(of: "seed: 3", with: "seed: 18446744073709551616"),
             ["simulation.seed: 18446744073709551616 is not a whole number from 0 to 2^64-1 (line 22, column 9)"]),
        text("seed beyond 2^64-1 (JSON)", "seed.json", json.replacingOccurrences(of: "\"seed\": 7", with: "\"seed\": 18446744073709551616"),
             ["simulation.seed: 18446744073709551616 is not a whole number from 0 to 2^64-1 (line 24, column 13)"]),
        text("a fraction of a step (JSON)", "st.json", json.replacingOccurrences(of: "\"steps\": 72", with: "\"steps\": 1.5"),
             ["simulation.steps: 1.5 is not a whole number"]),
        text("a list where a number belongs", "l.yaml", scenarioText(["steps": "[1, 2]"]), ["simulation.steps: a list of 2 items is not a single value"]),
        text("a number where a mapping belongs", "m.yaml", scenarioText(["distribution": "5"]), ["market.distribution: 5 is not a mapping of fields"]),
        text("a document that is not a mapping (comments, then a word)", "w.yaml", "# a scenario\n# cut short\nna\n",
             ["  - line 3, column 1: the text \"na\" is not a mapping of fields (name: value); a scenario is a mapping of fields such as account: and market:"]),
        text("a JSON document that is a list", "w.json", "[1, 2]", ["  - line 1, column 1: a list of 2 items is not a mapping of fields"]),
        text("text where a number belongs (JSON)", "t.json", json.replacingOccurrences(of: "\"amount\": 12000", with: "\"amount\": \"lots\""),
             ["account.collateral[0].amount: the text \"lots\" is not a number"]),
        text("empty YAML", "e.yaml", "", ["the file is empty"]),
        text("empty JSON", "e.json", "  \n", ["the file is empty"]),
        text("comments only", "c.yaml", "# a scenario\n# to come\n", ["the file has only comments, no scenario"]),
        Case(name: "not UTF-8", file: "u.yaml", bytes: Array("name: caf".utf8) + [0xE9] + Array("\n".utf8),
             expected: ["is not UTF-8 text (byte 0xE9 at line 1, column 10); save it as UTF-8"]),
        Case(name: "binary", file: "b.yaml", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00], expected: ["is a binary file"]),
        text("nested 10,000 deep (JSON)", "n.json", String(repeating: "[", count: 10_000), ["nested more than 64 levels deep"]),
        text("nested 10,000 deep (YAML)", "n.yaml", "a: " + String(repeating: "[", count: 10_000), ["line 1, column", "nesting"]),
        text("truncated JSON", "tr.json", String(json.prefix(200)), ["line 9, column"]),
    ]

    @Test("each malformed file: a sentence with field or position, exit 65, no decoder type names", arguments: cases)
    func malformed(_ c: Case) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(c.file)
        try Data(c.bytes).write(to: file)
        let r = try runCLI(["validate", file.path])
        #expect(r.status == 65, "exit \(r.status): \(r.stderr)")
        for e in c.expected { #expect(r.stderr.contains(e), "stderr lacks \(e): \(r.stderr)") }
        for leak in ["Expected to decode", "Scalar", "Node", "Mapping", "UInt64", "Sequence", "DecodingError", "not valid JSON"] {
            #expect(!r.stderr.contains(leak), "decoder internals (\(leak)) in: \(r.stderr)")
        }
    }
}
