import Foundation
import Testing
@testable import MarginStress

/// The README's capability table is the one the commands obey: generated from `Capabilities.support`, and
/// compared here line for line, so a changed refusal or a new feature cannot leave the README behind.
@Suite struct CapabilityTableReadmeTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The README's table: from its "| Feature |" header to the first line that is not a table row.
    static func readmeTable(_ text: String) -> String {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("| Feature | `run`") }) else { return "" }
        return lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n")
    }

    @Test func readmeShowsTheTableTheCommandsObey() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let table = Capabilities.markdownTable
        #expect(table.components(separatedBy: "\n").count == Capabilities.Feature.allCases.count + 2)
        #expect(Self.readmeTable(text) == table, "README.md's capability table differs from Capabilities.support; replace it with:\n\(table)")
    }

    @Test func everyPairHasACell() {
        let rows = Capabilities.markdownTable.components(separatedBy: "\n").dropFirst(2)
        for row in rows {
            // Leading and trailing pipes, one cell per feature name and command.
            let cells = row.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count == Capabilities.Command.allCases.count + 3, "\(row)")
        }
    }
}
