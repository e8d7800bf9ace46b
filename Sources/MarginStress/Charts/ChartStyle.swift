/// Fonts, sizes and colours shared by every chart, so that the pictures of a report look like one set.
///
/// Fonts are the reader's system sans-serif: no web font is named or fetched.
public enum ChartStyle {
    public static let fontFamily =
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
    public static let fontSize = 13.0
    public static let titleSize = 17.0
    public static let tickSize = 12.0

    public static let background = "#ffffff"
    public static let textColor = "#1f2937"
    public static let mutedText = "#4b5563"
    public static let axisColor = "#6b7280"
    public static let gridColor = "#e5e7eb"

    /// The main data colour (lines and bars).
    public static let primary = "#2563eb"
    /// Lighter fill for intervals around the main colour.
    public static let band = "#bfdbfe"
    /// Fill for bars drawn differently from the others (wide outer bins).
    public static let secondaryFill = "#93c5fd"
    /// Colours of the tail levels 95%, 99% and 99.9%.
    public static let levelColors = ["#d97706", "#dc2626", "#7c3aed"]
    /// Fill of a region to warn about (e.g. equity below zero).
    public static let dangerRegion = "#fee2e2"
    public static let danger = "#b91c1c"
    /// A neutral reference line (e.g. the starting equity).
    public static let reference = "#047857"

    /// Approximate width of `text` at `size` in a sans-serif font (for layout; SVG has no text measuring).
    /// Generous on purpose: fonts differ between systems, and a label a little too far from its neighbour reads
    /// better than one that runs into it. Bold text is about a tenth wider.
    static func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        var units = 0.0
        for ch in text {
            switch ch {
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!", " ": units += 0.32
            case "m", "w", "M", "W", "%": units += 0.9
            case "A"..."Z": units += 0.7
            default: units += 0.6
            }
        }
        return units * size * (bold ? 1.1 : 1)
    }

    /// `text` broken into lines of at most `width` (estimated), at spaces.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if textWidth(candidate, size: size) > width && !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
