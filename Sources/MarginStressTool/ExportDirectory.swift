import ArgumentParser
import Foundation

/// The `--export DIR` of every command: created before anything is simulated, so that a run never ends
/// with results it cannot write; files written into it with the same exit code on failure.
enum ExportDirectory {
    /// Creates `path` (and its parents) when given; exit code 73 when it cannot.
    static func prepare(_ path: String?) throws {
        guard let path else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            printError("--export: cannot create the directory \(path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
    }

    /// Writes `files` (name, contents) into `path`; exit code 73 when one cannot be written.
    static func write(_ files: [(name: String, contents: String)], to path: String, quiet: Bool) throws {
        OutputSize.warnIfLarge(files.reduce(0) { $0 + $1.contents.utf8.count }, "--export \(path)")
        do {
            for file in files {
                try file.contents.write(toFile: (path as NSString).appendingPathComponent(file.name), atomically: true, encoding: .utf8)
            }
            if !quiet { printError("wrote \(files.map(\.name).joined(separator: ", ")) to \(path)") }
        } catch {
            printError("--export: cannot write into \(path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
    }
}
