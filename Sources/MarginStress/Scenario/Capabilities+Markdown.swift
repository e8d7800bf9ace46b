extension Capabilities {
    /// The capability table as Markdown, one row per feature and one column per command, as the README shows
    /// it: "yes: what the command does with it", "refused: why, and what to do", or "-" where the command cannot
    /// be asked (an option it does not have). A test keeps the README's copy equal to this.
    public static var markdownTable: String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| Feature | " + Command.allCases.map { "`\($0.rawValue)`" }.joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: Command.allCases.count)]
        for feature in Feature.allCases {
            let cells = Command.allCases.map { command -> String in
                switch support(feature, command) {
                case .supported(let s): s.isEmpty ? "yes" : "yes: " + cell(s)
                case .refused(let s): "refused: " + cell(s)
                case .notApplicable: "-"
                }
            }
            lines.append("| \(cell(feature.rawValue)) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
