import ArgumentParser
import Foundation
import MarginStress

/// How a long command shows its progress on standard error (`--progress`).
enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    /// A bar when standard error is a terminal, plain lines when it is not (a pipe, a file, a batch job).
    case auto
    /// A bar redrawn in place (`\r`) five times a second.
    case bar
    /// A plain line every few seconds: paths done, rate, ETA.
    case lines
    /// Nothing.
    case none

    /// The mode actually used: `auto` resolved against standard error, `--quiet` meaning `none` unless
    /// `--progress` was given.
    static func resolved(_ mode: ProgressMode?, quiet: Bool) -> ProgressMode {
        switch mode ?? (quiet ? .none : .auto) {
        case .auto: return isatty(STDERR_FILENO) == 1 ? .bar : .lines
        case let m: return m
        }
    }
}

/// The `--progress` option shared by every command that simulates.
struct ProgressOptions: ParsableArguments {
    @Option(help: ArgumentHelp("auto (a bar on a terminal, a plain line every \(Int(ProgressBar.defaultLineInterval)) s otherwise), bar, lines or none.",
                               valueName: "mode"))
    var progress: ProgressMode?

    /// Starts the display chosen by `--progress` (and `--quiet`) for `work`.
    func start(_ work: SimulationProgress, quiet: Bool) -> ProgressBar? {
        ProgressBar.start(work, mode: ProgressMode.resolved(progress, quiet: quiet))
    }
}

/// Progress on standard error: a bar (paths done, paths/s, ETA) redrawn in place once the run has taken more than
/// a second, or plain lines every few seconds (`MARGINSTRESS_PROGRESS_INTERVAL` seconds, 5 by default) for logs.
final class ProgressBar: Sendable {
    /// Seconds between plain progress lines.
    static let defaultLineInterval = 5.0

    private let task: Task<Void, Never>

    private init(_ progress: SimulationProgress, lines: Bool) {
        let interval = lines ? ProgressBar.lineInterval : 0.2
        task = Task.detached {
            let start = ContinuousClock.now
            var shown = false, nextLine = interval
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(min(interval, 0.2) * 1000)))
                let elapsed = (ContinuousClock.now - start) / .seconds(1)
                if lines {
                    guard elapsed >= nextLine, !Task.isCancelled else { continue }
                    nextLine += interval
                    shown = true
                    ProgressBar.write(progress, elapsed: elapsed, lines: true)
                } else {
                    guard elapsed > 1 else { continue }
                    shown = true
                    ProgressBar.write(progress, elapsed: elapsed, lines: false)
                }
            }
            if shown && !lines {
                ProgressBar.write(progress, elapsed: (ContinuousClock.now - start) / .seconds(1), lines: false)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
    }

    /// The interval between plain lines: `MARGINSTRESS_PROGRESS_INTERVAL` (seconds, at least 0.05) or 5 s.
    static var lineInterval: Double {
        guard let text = ProcessInfo.processInfo.environment["MARGINSTRESS_PROGRESS_INTERVAL"],
              let value = Double(text), value.isFinite else { return defaultLineInterval }
        return max(0.05, value)
    }

    static func start(_ progress: SimulationProgress, mode: ProgressMode) -> ProgressBar? {
        switch mode {
        case .bar: return ProgressBar(progress, lines: false)
        case .lines: return ProgressBar(progress, lines: true)
        case .auto, .none: return nil
        }
    }

    func finish() async {
        task.cancel()
        await task.value
    }

    /// One progress report: `\r[####----]  12.3%  45,678 paths/s  ETA 12s` for the bar,
    /// `progress: 12,345 of 100,000 paths (12.3%), 45,678 paths/s, 2.7 s elapsed, ETA 12s` for a line.
    static func write(_ progress: SimulationProgress, elapsed: Double, lines: Bool) {
        let done = progress.completedPaths, total = max(progress.total, 1)
        let fraction = min(1, Double(done) / Double(total))
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(max(total - done, 0)) / rate : .infinity
        let etaText = eta.isFinite ? String(format: "%.0fs", eta) : "?"
        let line: String
        if lines {
            line = String(format: "progress: %@ of %@ paths (%.1f%%), %@ paths/s, %.1f s elapsed, ETA %@\n",
                          Honest.count(done), Honest.count(total), fraction * 100, Honest.count(Int(rate)), elapsed, etaText)
        } else {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            line = String(format: "\r[%@] %5.1f%%  %@ paths/s  ETA %@   ", bar, fraction * 100,
                          Honest.count(Int(rate)), etaText)
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
