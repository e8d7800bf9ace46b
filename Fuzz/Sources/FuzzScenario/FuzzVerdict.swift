import Foundation
import MarginStress

/// What the fuzz target requires of one input, as a sentence when it fails (nil when it holds).
enum FuzzVerdict {
    /// The name the input is given in messages; `.json` inputs are recognised by their content instead.
    static let source = "fuzz-input"

    /// The problem with `data` as a scenario file, or nil when it is refused with named problems or runs to a
    /// finite summary.
    static func problem(in data: Data) -> String? {
        let scenario: Scenario
        do {
            let text = try ScenarioLoader.text(of: data, path: source)
            let format: ScenarioLoader.Format = text.first(where: { !$0.isWhitespace && $0 != "\u{FEFF}" }) == "{" ? .json : .yaml
            let file = try ScenarioLoader.decode(text, format: format, source: source)
            scenario = try ScenarioValidator.validate(file, source: source)
            // The tiny run: the same file with the simulation made small (paths, steps, one worker).
            let small = ScenarioOverrides(paths: 256, steps: min(scenario.steps, 16), workers: 1).applied(to: file)
            let runnable = try ScenarioValidator.validate(small, source: source)
            guard runnable.historySpec?.file == nil else { return nil }
            return run(runnable)
        } catch {
            return unnamed(error)
        }
    }

    /// The first problem of `error` that names neither a field nor a position, as a sentence.
    static func unnamed(_ error: ScenarioError) -> String? {
        for issue in error.issues where issue.field.isEmpty && !namesPosition(issue.message) {
            return "an error without a field or position: \(issue.message)"
        }
        return nil
    }

    /// True when `message` names where the problem is: a line and column, or the file as a whole (empty, binary,
    /// not UTF-8, only comments).
    static func namesPosition(_ message: String) -> Bool {
        message.range(of: #"line \d+, column \d+"#, options: .regularExpression) != nil
            || message.hasPrefix("the file ") || message.hasPrefix("is a binary file") || message.hasPrefix("is not UTF-8")
    }

    /// Runs `s` (plain pass) and returns a sentence when its JSON summary holds a NaN or an infinity.
    static func run(_ s: Scenario) -> String? {
        let plain = RareEventRunner.plainScenario(s)
        guard let runner = try? SimulationRunner(scenario: plain) else { return nil }  // refused factorisation: exit 1 with a message in the CLI
        let result = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.value = await runner.run()
            done.signal()
        }
        done.wait()
        guard let simulated = result.value else { return "the run returned nothing" }
        let summary = RunSummary(scenario: plain, runner: runner, result: simulated, totalSeconds: 0)
        guard let json = try? Exporter.json(summary) else { return "the summary cannot be encoded as JSON" }
        if json.range(of: #""(nan|-nan|inf|-inf)""#, options: .regularExpression) != nil || json.contains(": nan") {
            return "NaN or inf in the JSON summary: \(json.prefix(2000))"
        }
        return nil
    }

    /// The run's result, handed from the task to the fuzzer's thread.
    final class Outcome: @unchecked Sendable {
        var value: SimulationResult?
    }
}
