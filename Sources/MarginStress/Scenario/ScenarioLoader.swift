import Foundation
import Yams

/// Reads scenario files (YAML or JSON, one schema) and validates them.
public enum ScenarioLoader {
    /// The raw file contents decoded; a file that cannot be decoded at all is a `ScenarioError`.
    /// Unknown fields are kept in `unknownFields` for the validator to report with the other problems.
    public static func decode(_ text: String, format: Format, source: String) throws(ScenarioError) -> ScenarioFile {
        let collector = UnknownKeyCollector()
        let userInfo: [CodingUserInfoKey: any Sendable] = [UnknownKeyCollector.userInfoKey: collector]
        var file: ScenarioFile
        do {
            switch format {
            case .json:
                let decoder = JSONDecoder()
                decoder.userInfo = userInfo
                decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                file = try decoder.decode(ScenarioFile.self, from: Data(text.utf8))
            case .yaml:
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ScenarioError(source: source, issues: [ScenarioIssue(field: "", message: "the file is empty; see examples/ for a scenario to start from")])
                }
                file = try YAMLDecoder().decode(ScenarioFile.self, from: text, userInfo: userInfo)
            }
        } catch let error as ScenarioError {
            throw error
        } catch let error as DecodingError {
            throw ScenarioError(source: source, issues: [issue(for: error)])
        } catch {
            throw ScenarioError(source: source, issues: [ScenarioIssue(field: "", message: "cannot parse the file: \(error)")])
        }
        file.unknownFields = collector.found.map { found in
            let hint = closestMatch(to: found.key, in: found.known).map { "did you mean \($0)? " } ?? ""
            return ScenarioIssue(
                field: fieldPath(found.path + [AnyCodingKey(stringValue: found.key)]),
                message: "unknown field; \(hint)known fields here: \(found.known.joined(separator: ", "))")
        }
        return file
    }

    /// The file format, from the file name (`.json` is JSON, anything else YAML).
    public enum Format: Sendable {
        case yaml, json

        public init(path: String) {
            self = path.lowercased().hasSuffix(".json") ? .json : .yaml
        }
    }

    /// Reads the file at `path` into its raw form.
    public static func read(path: String) throws(ScenarioError) -> ScenarioFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            let reason = exists ? "cannot be read as UTF-8 text" : "no such file"
            throw ScenarioError(source: path, issues: [ScenarioIssue(field: "", message: reason)])
        }
        return try decode(text, format: Format(path: path), source: path)
    }

    /// A message for a decoding failure, naming the field.
    static func issue(for error: DecodingError) -> ScenarioIssue {
        switch error {
        case .typeMismatch(let type, let context):
            return ScenarioIssue(field: fieldPath(context.codingPath), message: "expected \(describe(type)); \(underlying(context))")
        case .valueNotFound(let type, let context):
            return ScenarioIssue(field: fieldPath(context.codingPath), message: "is empty; give \(describe(type))")
        case .keyNotFound(let key, let context):
            return ScenarioIssue(field: fieldPath(context.codingPath + [key]), message: "missing")
        case .dataCorrupted(let context):
            return ScenarioIssue(field: fieldPath(context.codingPath), message: underlying(context))
        @unknown default:
            return ScenarioIssue(field: "", message: "\(error)")
        }
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        if let inner = context.underlyingError { return "\(context.debugDescription) (\(inner))" }
        return context.debugDescription
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: return "a number"
        case is Int.Type: return "a whole number"
        case is UInt64.Type: return "a non-negative whole number"
        case is String.Type: return "text"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array") ? "a list" : (name.hasPrefix("Dictionary") ? "a mapping" : "a value of type \(name)")
        }
    }
}
