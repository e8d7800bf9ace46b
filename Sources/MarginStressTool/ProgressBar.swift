import Foundation
import MarginStress

/// A progress line on standard error (paths done, paths/s, ETA), shown only when standard error is a terminal
/// and the run has taken more than a second.
final class ProgressBar: Sendable {
    private let task: Task<Void, Never>

    private init(_ progress: SimulationProgress) {
        task = Task.detached {
            let start = ContinuousClock.now
            var shown = false
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                let elapsed = (ContinuousClock.now - start) / .seconds(1)
                guard elapsed > 1 else { continue }
                shown = true
                ProgressBar.draw(progress, elapsed: elapsed)
            }
            if shown {
                ProgressBar.draw(progress, elapsed: (ContinuousClock.now - start) / .seconds(1))
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
    }

    static func startIfTerminal(_ progress: SimulationProgress) -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar(progress) : nil
    }

    func finish() async {
        task.cancel()
        await task.value
    }

    static func draw(_ progress: SimulationProgress, elapsed: Double) {
        let done = progress.completedPaths, total = max(progress.total, 1)
        let fraction = min(1, Double(done) / Double(total))
        let width = 30, filled = Int(fraction * Double(width))
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : .infinity
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let etaText = eta.isFinite ? String(format: "%.0fs", eta) : "?"
        let line = String(format: "\r[%@] %5.1f%%  %@ paths/s  ETA %@   ", bar, fraction * 100,
                          Honest.count(Int(rate)), etaText)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
