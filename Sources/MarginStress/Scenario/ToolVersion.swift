/// The version of margin-stress, written into every summary and partial result.
public enum ToolVersion {
    public static let current = "0.2.0"
}
