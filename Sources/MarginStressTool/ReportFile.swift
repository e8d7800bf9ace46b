import ArgumentParser
import Foundation

/// The `--report FILE.html` option's file: checked before any simulation (so that a typo costs no time) and
/// written at the end. Both failures exit with code 73 (cannot create output) and say why.
enum ReportFile {
    /// Exits with code 73 unless `path` (when given) can be written.
    static func check(_ path: String?) throws {
        guard let path else { return }
        do {
            try checkWritable(path)
        } catch {
            printError("--report: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
    }

    /// Writes `page` to `path`, and says so on standard error unless `quiet`.
    static func write(_ page: String, to path: String, quiet: Bool) throws {
        OutputSize.warnIfLarge(page.utf8.count, "--report \(path)")
        do {
            try page.write(toFile: path, atomically: true, encoding: .utf8)
            if !quiet { printError("wrote the report to \(path)") }
        } catch {
            printError("--report: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
    }

    /// Why a report file cannot be written, in words.
    struct ReportPathError: LocalizedError {
        var reason: String
        var errorDescription: String? { reason }
    }

    /// Throws unless a file can be written at `path`: its directory (created if needed) must take new files and
    /// the path must not be a directory or a read-only file. Nothing is left behind when the file did not exist.
    static func checkWritable(_ path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw ReportPathError(reason: "it is a directory; give a file name such as report.html") }
            if !fm.isWritableFile(atPath: path) { throw ReportPathError(reason: "the file exists and is not writable") }
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        // The nearest existing ancestor must be a directory: a file in the way cannot be created through.
        var ancestor = parent
        while !fm.fileExists(atPath: ancestor, isDirectory: &isDirectory) && ancestor != "/" && !ancestor.isEmpty {
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        if fm.fileExists(atPath: ancestor, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ReportPathError(reason: "\(ancestor) is a file, not a directory")
        }
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw ReportPathError(reason: "cannot create the directory \(parent): \(error.localizedDescription)")
        }
        // Create and remove a probe file: the only sure test that the directory takes new files.
        let probe = (parent as NSString).appendingPathComponent(".margin-stress-report-\(ProcessInfo.processInfo.processIdentifier)")
        guard fm.createFile(atPath: probe, contents: nil) else {
            throw ReportPathError(reason: "the directory \(parent) does not take new files")
        }
        try? fm.removeItem(atPath: probe)
    }
}
