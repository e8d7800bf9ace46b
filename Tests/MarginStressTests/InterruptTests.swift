import Foundation
import Testing
@testable import MarginStress

/// A `margin-stress` child process whose output goes to files, to be signalled while it runs.
final class SignalledRun {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    init(_ arguments: [String], in dir: URL, environment: [String: String] = [:]) throws {
        stdoutURL = dir.appendingPathComponent("stdout.txt")
        stderrURL = dir.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = binaryURL
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// True once the tool catches SIGINT and SIGTERM (bits 1 and 14 of SigCgt in /proc/PID/status): its own
    /// handlers are installed, so a signal stops the run instead of killing the process.
    var handlersInstalled: Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        let wanted: UInt64 = (1 << (UInt64(SIGINT) - 1)) | (1 << (UInt64(SIGTERM) - 1))
        return mask & wanted == wanted
    }

    /// CPU seconds the child has used (user + system, from /proc/PID/stat): a measure of work done that does not
    /// depend on how loaded the machine is.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Waits until the handlers are installed and the child has used `cpu` seconds of CPU (so that blocks are
    /// complete), or the child ended, or `timeout` seconds passed. True when it is running and ready.
    func waitUntilWorking(cpu: Double, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { return false }
            if handlersInstalled && cpuSeconds >= cpu { return true }
            usleep(5_000)
        }
        return false
    }

    /// Waits for the child to exit (killing it after `timeout` seconds) and returns its exit status.
    func finish(timeout: Double = 60) -> (status: Int32, reason: Process.TerminationReason, stdout: String, stderr: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
            Issue.record("margin-stress did not exit within \(timeout) s of the signal")
        }
        process.waitUntilExit()
        let out = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, process.terminationReason, out, err)
    }
}

/// SIGINT and SIGTERM stop a run after the blocks in flight: what was completed is printed and written, marked as
/// interrupted, with exit code 128 + the signal; a checkpoint resumed ends bit-identical to a run never stopped.
@Suite("Interrupted runs", .serialized)
struct InterruptTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var signal: Int32
        var name: String
        var json: Bool
        var testDescription: String { "\(name)\(json ? " --json" : " (table)")" }
    }

    static let cases = [Case(signal: SIGINT, name: "SIGINT", json: true), Case(signal: SIGTERM, name: "SIGTERM", json: true),
                        Case(signal: SIGINT, name: "SIGINT", json: false)]

    @Test("a signal stops the run: exit 128 + signal, completed blocks reported and exported, checkpoint written",
          arguments: cases)
    func interrupt(_ c: Case) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = dir.appendingPathComponent("out"), checkpoint = dir.appendingPathComponent("checkpoint.json")
        let paths = 50_000_000, totalBlocks = (paths + 255) / 256
        let child = try SignalledRun(["run", "--paths", "\(paths)", "--export", export.path, "--checkpoint", checkpoint.path]
                                     + (c.json ? ["--json"] : []), in: dir)
        let ready = child.waitUntilWorking(cpu: 0.5)
        #expect(ready, "the run ended, or never got going, before it could be signalled")
        if ready { c.signal == SIGINT ? child.process.interrupt() : child.process.terminate() }
        let r = child.finish()
        #expect(r.reason == .exit, "killed by the signal rather than stopped by it")
        #expect(r.status == 128 + c.signal, "\(r.stderr)")
        #expect(r.stderr.contains(c.signal == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"), "\(r.stderr)")

        // summary.json: the completed blocks, a contiguous range from 0, marked as interrupted.
        let summaryText = try String(contentsOf: export.appendingPathComponent("summary.json"), encoding: .utf8)
        let summary = try ShardCLI.object(summaryText)
        let coverage = try #require(summary["coverage"] as? [String: Any])
        let blocks = try #require(coverage["blocks"] as? [Int])
        let completed = try #require(summary["paths"] as? Int)
        #expect(coverage["interruptedBy"] as? String == c.name)
        #expect(blocks.count == 2 && blocks[0] == 0 && blocks[1] > 0 && blocks[1] < totalBlocks, "\(blocks)")
        #expect(completed > 0 && completed == (blocks[1] - blocks[0]) * BlockDriver.blockSize, "\(completed) paths, blocks \(blocks)")
        #expect(coverage["plannedBlocks"] as? [Int] == [0, totalBlocks])
        #expect(coverage["totalBlocks"] as? Int == totalBlocks)
        #expect((summary["sampling"] as? [String: Any])?["pathsRequested"] as? Int == paths)
        let warnings = summary["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.hasPrefix("INTERRUPTED by \(c.name)") && $0.contains("--resume \(checkpoint.path)") },
                "\(warnings)")
        let liquidated = try #require((summary["liquidation"] as? [String: Any])?["count"] as? Int)
        #expect(liquidated > 0)

        // Standard output: the same summary as JSON, or the table headed by the interruption.
        if c.json {
            #expect(r.stdout == summaryText, "stdout and summary.json differ")
        } else {
            let first = r.stdout.split(separator: "\n").first { $0.hasPrefix("INTERRUPTED") }
            #expect(first == "INTERRUPTED by \(c.name): partial result over blocks 0..<\(blocks[1]) of 0..<\(totalBlocks)",
                    "\(r.stdout.prefix(400))")
        }

        // The checkpoint holds exactly those blocks.
        let file = try PartialResults.read(RunPartial.self, at: checkpoint.path)
        #expect(file.header.interruptedBy == c.signal)
        #expect(file.header.firstBlock == 0 && file.header.endBlock == blocks[1] && file.header.plannedEnd == totalBlocks)
        #expect(file.result.outcomes.paths == completed)
        #expect(file.result.moments.liquidations == liquidated)

        // merge will not take it as a finished shard.
        let merge = try runCLI(["merge", checkpoint.path, "--json"])
        #expect(merge.status == 65 && merge.stderr.contains("was interrupted") && merge.stderr.contains("--resume"), "\(merge.stderr)")
    }

    @Test("--resume of an interrupted run finishes with the JSON of a run never interrupted")
    func resume() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ["--paths", "3000000", "--steps", "24"]
        let totalBlocks = (3_000_000 + 255) / 256
        let checkpoint = dir.appendingPathComponent("checkpoint.json").path
        let child = try SignalledRun(["run"] + options + ["--checkpoint", checkpoint, "--json"], in: dir)
        let ready = child.waitUntilWorking(cpu: 0.3)
        #expect(ready, "the run ended, or never got going, before it could be signalled")
        if ready { child.process.interrupt() }
        let stopped = child.finish()
        #expect(stopped.status == 130, "\(stopped.stderr)")
        let header = try PartialResults.header(at: checkpoint)
        #expect(header.interruptedBy == SIGINT)
        #expect(header.endBlock > 0 && header.endBlock < totalBlocks, "\(header.endBlock) of \(totalBlocks)")

        // Other options: refused, naming the file.
        let other = try runCLI(["run"] + options + ["--seed", "8", "--resume", checkpoint, "--json", "--quiet"])
        #expect(other.status == 64 && other.stderr.contains("--resume \(checkpoint)"), "\(other.stderr)")

        let resumed = try runCLI(["run"] + options + ["--resume", checkpoint, "--json", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let whole = try runCLI(["run"] + options + ["--json", "--quiet"])
        #expect(whole.status == 0)
        #expect(try ShardCLI.object(resumed.stdout)["coverage"] == nil)
        #expect(try ShardCLI.object(resumed.stdout)["paths"] as? Int == 3_000_000)
        let same = try ShardCLI.withoutTiming(resumed.stdout) == ShardCLI.withoutTiming(whole.stdout)
        #expect(same, "resumed and uninterrupted runs differ")
        // The interrupted run's own report is not the whole run's (the comparison above can fail).
        let partial = try ShardCLI.withoutTiming(stopped.stdout) == ShardCLI.withoutTiming(whole.stdout)
        #expect(!partial)
    }

    @Test("compare stops on SIGTERM: exit 143, the completed paths reported and its partial file marked as interrupted")
    func compareInterrupt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let part = dir.appendingPathComponent("compare.json").path
        let child = try SignalledRun(["compare", "--paths", "50000000", "--partial", part, "--json"], in: dir)
        let ready = child.waitUntilWorking(cpu: 0.3)
        #expect(ready, "compare ended, or never got going, before it could be signalled")
        if ready { child.process.terminate() }
        let r = child.finish()
        #expect(r.reason == .exit && r.status == 143, "\(r.stderr)")
        let summary = try ShardCLI.object(r.stdout)
        let paths = try #require(summary["paths"] as? Int)
        #expect(paths > 0 && paths < 50_000_000 && paths % BlockDriver.blockSize == 0, "\(paths)")
        #expect((summary["warnings"] as? [String] ?? []).contains { $0.hasPrefix("INTERRUPTED by SIGTERM") })
        let file = try PartialResults.read(CompareRunner.Tally.self, at: part)
        #expect(file.header.interruptedBy == SIGTERM && file.header.endBlock * BlockDriver.blockSize == paths)
        #expect(file.result.paths == paths)
    }

    @Test("run --attribution stops on SIGINT during its second pass")
    func attributionInterrupt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("checkpoint.json").path
        let paths = 2_000_000, totalBlocks = (paths + 255) / 256
        let child = try SignalledRun(["run", "--paths", "\(paths)", "--steps", "48", "--attribution", "--checkpoint", checkpoint,
                                      "--json"], in: dir)
        // The first pass is over when the checkpoint holds every block (a periodic checkpoint never does): the
        // file is written then, before the attribution's pass over the same blocks.
        let deadline = Date().addingTimeInterval(60)
        var firstPassDone = false
        while Date() < deadline && child.process.isRunning {
            if let h = try? PartialResults.header(at: checkpoint), h.endBlock == totalBlocks { firstPassDone = true; break }
            usleep(5_000)
        }
        let signalled = firstPassDone && child.process.isRunning && child.handlersInstalled
        #expect(signalled, "the run ended before its second pass could be signalled")
        if signalled { child.process.interrupt() }
        let r = child.finish()
        #expect(r.reason == .exit)
        #expect(r.stderr.contains("interrupted (SIGINT)"), "\(r.stderr.prefix(500))")
        // The run's figures are complete and printed; the attribution is left out and said to be.
        #expect(r.status == 130)
        #expect(r.stdout.contains("INTERRUPTED during the attribution pass"))
        #expect(!r.stdout.contains("\"componentExpectedShortfall\""))
    }

    @Test("tune on a tiered book (re-simulated) stops on SIGINT: exit 130, no frontier")
    func tuneResimulationInterrupt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Seven scales of 40,000 paths, about 0.1 CPU second each: signalled at 0.05, within the first scale.
        let child = try SignalledRun(["tune", ShardCLI.example("tiered-margin.yaml"), "--target", "0.01", "--points", "6",
                                      "--paths", "40000", "--steps", "48", "--json"], in: dir)
        let ready = child.waitUntilWorking(cpu: 0.05)
        #expect(ready, "tune ended, or never got going, before it could be signalled")
        if ready { child.process.interrupt() }
        let r = child.finish()
        #expect(r.stderr.contains("interrupted (SIGINT)"), "\(r.stderr.prefix(500))")
        let printedFrontier = !r.stdout.isEmpty
        #expect(!printedFrontier, "a frontier from part of the scales was printed")
        // Stopped before every table scale was run: no frontier, exit 130.
        #expect(r.reason == .exit)
        #expect(r.status == 130, "\(r.stderr.prefix(500))")
        #expect(r.stderr.contains("tune: interrupted"))
    }
}
