import Foundation

/// The warning on standard error before an output larger than 50 MB is written (it is written all the same).
enum OutputSize {
    /// Bytes above which writing an output is announced: 50 MB, or `MARGINSTRESS_OUTPUT_WARNING_BYTES`.
    static var warningBytes: Int {
        ProcessInfo.processInfo.environment["MARGINSTRESS_OUTPUT_WARNING_BYTES"].flatMap { Int($0) } ?? 50_000_000
    }

    /// Warns, before `destination` receives `bytes`, when they exceed `warningBytes`.
    static func warnIfLarge(_ bytes: Int, _ destination: String) {
        guard bytes > warningBytes else { return }
        printError("warning: writing \(String(format: "%.1f", Double(bytes) / 1e6)) MB to \(destination); fewer steps, or leaving out --every-step, makes it smaller")
    }
}
