import Foundation

/// One SVG element: a name, attributes in the order given, and either text or child elements.
///
/// Attribute values and text are escaped when the element is rendered, so any string (a scenario name, an
/// asset symbol) can be put in a chart as is.
public struct SVGElement: Sendable {
    /// The element name, e.g. `rect` or `text`.
    public var name: String
    /// Attributes as (name, value) pairs, written in this order.
    public var attributes: [(name: String, value: String)]
    /// Text content, written before the children.
    public var text: String?
    /// Child elements, written in order after the text.
    public var children: [SVGElement]

    /// An element named `name` with attributes (written in this order), optional text and children.
    public init(_ name: String, _ attributes: [(name: String, value: String)] = [], text: String? = nil,
                children: [SVGElement] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The element as XML text, escaped.
    public func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        out += "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(XMLText.escapeAttribute(value))\"" }
        if text == nil && children.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        if let text { out += XMLText.escape(text) }
        for child in children { child.render(into: &out) }
        out += "</\(name)>"
    }
}

extension SVGElement {
    /// A group of elements with optional attributes (e.g. a shared stroke).
    public static func group(_ attributes: [(name: String, value: String)] = [], _ children: [SVGElement]) -> SVGElement {
        SVGElement("g", attributes, children: children)
    }

    /// A rectangle; negative sizes are drawn as zero.
    public static func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                            extra: [(name: String, value: String)] = []) -> SVGElement {
        SVGElement("rect", [("x", svgNumber(x)), ("y", svgNumber(y)), ("width", svgNumber(max(0, width))),
                            ("height", svgNumber(max(0, height))), ("fill", fill)] + extra)
    }

    /// A straight line from (x1, y1) to (x2, y2).
    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                            extra: [(name: String, value: String)] = []) -> SVGElement {
        SVGElement("line", [("x1", svgNumber(x1)), ("y1", svgNumber(y1)), ("x2", svgNumber(x2)), ("y2", svgNumber(y2)),
                            ("stroke", stroke), ("stroke-width", svgNumber(width))] + extra)
    }

    /// A text element at (x, y); `anchor` is `start`, `middle` or `end`.
    public static func text(_ content: String, x: Double, y: Double, size: Double = ChartStyle.fontSize,
                            anchor: String = "start", fill: String = ChartStyle.textColor, weight: String? = nil,
                            extra: [(name: String, value: String)] = []) -> SVGElement {
        var attributes: [(name: String, value: String)] = [("x", svgNumber(x)), ("y", svgNumber(y)),
                                                           ("font-size", svgNumber(size)), ("fill", fill)]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let weight { attributes.append(("font-weight", weight)) }
        return SVGElement("text", attributes + extra, text: content)
    }

    /// A path from points: `M x y L x y ...`, optionally closed.
    public static func path(_ points: [(x: Double, y: Double)], closed: Bool = false, stroke: String = "none",
                            fill: String = "none", width: Double = 1,
                            extra: [(name: String, value: String)] = []) -> SVGElement {
        var d = ""
        d.reserveCapacity(points.count * 14)
        for (i, p) in points.enumerated() {
            d += (i == 0 ? "M" : "L") + svgNumber(p.x) + " " + svgNumber(p.y)
        }
        if closed { d += "Z" }
        var attributes: [(name: String, value: String)] = [("d", d), ("fill", fill)]
        if stroke != "none" { attributes += [("stroke", stroke), ("stroke-width", svgNumber(width))] }
        return SVGElement("path", attributes + extra)
    }
}

/// A complete SVG picture: a `viewBox` with the same `width` and `height`, an accessible title and description,
/// and its elements. Fonts are the system's sans-serif: nothing is fetched to draw it.
public struct SVGDocument: Sendable {
    /// Width and height in pixels; the viewBox has the same size, so the picture scales as a whole.
    public var width: Double
    public var height: Double
    /// The picture's title, for screen readers and as a tooltip (also drawn, by the charts, as visible text).
    public var title: String
    /// A longer description for screen readers.
    public var description: String?
    /// Prefix for element ids, so that several pictures can share one HTML page.
    public var idPrefix: String
    /// The picture's content, drawn in order (later elements on top).
    public var elements: [SVGElement]

    /// A picture of `width` x `height` pixels with its title, optional description and elements.
    public init(width: Double, height: Double, title: String, description: String? = nil, idPrefix: String = "chart",
                elements: [SVGElement] = []) {
        self.width = width
        self.height = height
        self.title = title
        self.description = description
        self.idPrefix = idPrefix
        self.elements = elements
    }

    /// The document as text. `standalone` adds the XML declaration, for an `.svg` file; leave it out to inline
    /// the picture in an HTML page.
    public func render(standalone: Bool = true) -> String {
        let titleID = "\(idPrefix)-title", descID = "\(idPrefix)-desc"
        var labelled = titleID
        var root = SVGElement("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", "0 0 \(svgNumber(width)) \(svgNumber(height))"),
            ("width", svgNumber(width)), ("height", svgNumber(height)),
            ("role", "img"),
            ("font-family", ChartStyle.fontFamily),
        ])
        var children = [SVGElement("title", [("id", titleID)], text: title)]
        if let description {
            children.append(SVGElement("desc", [("id", descID)], text: description))
            labelled += " " + descID
        }
        root.attributes.append(("aria-labelledby", labelled))
        root.children = children + elements
        let body = root.render()
        return standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body + "\n" : body
    }
}

/// Escaping for XML and HTML text.
public enum XMLText {
    /// `text` with `&`, `<` and `>` escaped and characters XML does not allow (most control characters) replaced
    /// by U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(allowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// `text` escaped for a double- or single-quoted attribute value.
    public static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Whether XML 1.0 allows the character (tab, newline and carriage return are the only controls it allows).
    static func allowed(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}

/// A coordinate as SVG text: at most two decimals, no trailing zeros, no `-0`; non-finite values become 0.
public func svgNumber(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let rounded = (x * 100).rounded() / 100
    if rounded == 0 { return "0" }
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
    var text = String(format: "%.2f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
