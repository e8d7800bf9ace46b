import Foundation
import Testing

/// Runs `margin-stress` with `arguments`, its environment this process's without any array-job variable, plus
/// `environment`.
func runCLI(_ arguments: [String], environment: [String: String]) throws -> CLIResult {
    var env = ProcessInfo.processInfo.environment
    for key in ShardCLI.arrayVariables { env[key] = nil }
    env.merge(environment) { $1 }
    return try runCLI(arguments, fullEnvironment: env)
}

enum ShardCLI {
    /// The variables `--shard auto` reads.
    static let arrayVariables = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX",
                                 "AWS_BATCH_JOB_ARRAY_INDEX", "MARGINSTRESS_SHARD_COUNT", "SLURM_ARRAY_TASK_MIN",
                                 "SLURM_ARRAY_TASK_STEP"]

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }

    /// Parsed JSON without its `timing` key.
    static func withoutTiming(_ text: String) throws -> NSDictionary {
        var o = try object(text)
        #expect(o["timing"] != nil, "no timing key")
        o["timing"] = nil
        return NSDictionary(dictionary: o)
    }

    /// Runs and checks the exit status.
    @discardableResult
    static func ok(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIResult {
        let r = try runCLI(arguments, environment: environment)
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): exit \(r.status)\n\(r.stderr)")
        return r
    }

    static func example(_ name: String) -> String { packageRoot.appendingPathComponent("examples/\(name)").path }

    /// Every file of a directory, by name.
    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }
}

/// Shards through the real binary: `--shard I/N --partial FILE` then `merge` prints and writes exactly what the
/// one-process command does (timing aside), whichever way the shard is given.
@Suite("CLI: shards and merge")
struct CLIShardTests {
    /// `command` (its words and options) in `count` shards, each with its partial file, merged with `mergeOptions`.
    func shardedThenMerged(_ command: [String], count: Int, in dir: URL, mergeOptions: [String] = ["--json", "--quiet"],
                           environment: (Int) -> [String: String]? = { _ in nil }) throws -> (merged: CLIResult, shards: [CLIResult]) {
        var parts: [String] = [], shards: [CLIResult] = []
        for i in 0..<count {
            let part = dir.appendingPathComponent("part-\(i).json").path
            parts.append(part)
            if let env = environment(i) {
                shards.append(try ShardCLI.ok(command + ["--shard", "auto", "--partial", part, "--json", "--quiet"], environment: env))
            } else {
                shards.append(try ShardCLI.ok(command + ["--shard", "\(i)/\(count)", "--partial", part, "--json", "--quiet"]))
            }
        }
        // Merged in an order other than the shards'.
        let merged = try ShardCLI.ok(["merge"] + parts.reversed() + mergeOptions)
        return (merged, shards)
    }

    /// The shards' run JSON: each says it is a shard and covers its blocks; together they cover all paths.
    func checkShardCoverage(_ shards: [CLIResult], totalPaths: Int) throws {
        var next = 0, paths = 0
        for (i, r) in shards.enumerated() {
            let o = try ShardCLI.object(r.stdout)
            let coverage = try #require(o["coverage"] as? [String: Any], "shard \(i) without coverage")
            #expect(coverage["shard"] as? String == "\(i)/\(shards.count)")
            #expect(coverage["interruptedBy"] == nil)
            let blocks = try #require(coverage["blocks"] as? [Int])
            #expect(blocks[0] == next)
            next = blocks[1]
            paths += o["paths"] as? Int ?? 0
            #expect((o["warnings"] as? [String] ?? []).contains { $0.hasPrefix("SHARD \(i)/\(shards.count)") })
        }
        #expect(paths == totalPaths)
        #expect(next == (totalPaths + 255) / 256)
    }

    @Test("run: 4 shards merged equal one run (default scenario and tiered-margin.yaml), JSON without timing")
    func runShards() throws {
        for scenario in [[], [ShardCLI.example("tiered-margin.yaml")]] {
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let command = ["run"] + scenario + ["--paths", "12001", "--steps", "48"]
            let (merged, shards) = try shardedThenMerged(command, count: 4, in: dir)
            let whole = try ShardCLI.ok(command + ["--json", "--quiet"])
            #expect(try ShardCLI.withoutTiming(merged.stdout) == ShardCLI.withoutTiming(whole.stdout), "\(scenario)")
            #expect(try ShardCLI.object(merged.stdout)["coverage"] == nil)
            #expect(try ShardCLI.object(merged.stdout)["paths"] as? Int == 12001)
            try checkShardCoverage(shards, totalPaths: 12001)
            // A shard alone is not the whole run (the comparison above can fail).
            #expect(try ShardCLI.withoutTiming(shards[0].stdout) != ShardCLI.withoutTiming(whole.stdout))
        }
    }

    @Test("merge --export writes the files of run --export, byte for byte except summary.json's timing")
    func exportMatches() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let command = ["run", ShardCLI.example("tiered-margin.yaml"), "--paths", "9000", "--steps", "48"]
        let mergedDir = dir.appendingPathComponent("merged"), wholeDir = dir.appendingPathComponent("whole")
        _ = try shardedThenMerged(command, count: 3, in: dir, mergeOptions: ["--export", mergedDir.path, "--quiet"])
        try ShardCLI.ok(command + ["--export", wholeDir.path, "--quiet"])
        let merged = try ShardCLI.files(mergedDir), whole = try ShardCLI.files(wholeDir)
        #expect(Set(merged.keys) == Set(whole.keys))
        #expect(whole.keys.contains("summary.json") && whole.count >= 9, "\(whole.keys.sorted())")
        let differing = whole.keys.filter { merged[$0] != whole[$0] }.sorted()
        // Only the file holding the timing differs, and only by it.
        #expect(differing == ["summary.json"], "\(differing)")
        let holdingTiming = whole.filter { String(decoding: $0.value, as: UTF8.self).contains("\"timing\"") }.keys.sorted()
        #expect(holdingTiming == ["summary.json"])
        #expect(try ShardCLI.withoutTiming(String(decoding: merged["summary.json"]!, as: UTF8.self))
                == ShardCLI.withoutTiming(String(decoding: whole["summary.json"]!, as: UTF8.self)))
    }

    @Test("tune --target 0.01: 3 shards merged print the one-process tune --json byte for byte, and export the same files")
    func tuneShards() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let command = ["tune", "--target", "0.01", "--points", "8", "--paths", "20000", "--steps", "48"]
        let (merged, shards) = try shardedThenMerged(command, count: 3, in: dir)
        let whole = try ShardCLI.ok(command + ["--json", "--quiet"])
        #expect(merged.stdout == whole.stdout)
        #expect(try ShardCLI.object(whole.stdout)["maxScale"] != nil)
        #expect(shards[0].stdout != whole.stdout)
        #expect(!shards[0].stderr.contains("shard 0/3"), "--quiet leaves the shard note out")
        let mergedDir = dir.appendingPathComponent("m"), wholeDir = dir.appendingPathComponent("w")
        let parts = (0..<3).map { dir.appendingPathComponent("part-\($0).json").path }
        try ShardCLI.ok(["merge"] + parts + ["--export", mergedDir.path, "--quiet"])
        try ShardCLI.ok(command + ["--export", wholeDir.path, "--quiet"])
        let m = try ShardCLI.files(mergedDir), w = try ShardCLI.files(wholeDir)
        #expect(m == w && w["tune.json"] != nil && w["frontier.csv"] != nil, "\(m.keys.sorted()) vs \(w.keys.sorted())")
        // The rate question too.
        let rate = ["tune", "--maintenance-rate-for-bad-debt", "0.001", "--paths", "20000", "--steps", "48"]
        let rateDir = dir.appendingPathComponent("rate")
        try FileManager.default.createDirectory(at: rateDir, withIntermediateDirectories: true)
        let (mergedRate, _) = try shardedThenMerged(rate, count: 2, in: rateDir)
        #expect(mergedRate.stdout == (try ShardCLI.ok(rate + ["--json", "--quiet"])).stdout)
    }

    @Test("compare: 3 shards merged print the one-process compare --json byte for byte")
    func compareShards() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let command = ["compare", ShardCLI.example("cross-vs-isolated.yaml"), "--paths", "10000", "--steps", "48"]
        let (merged, shards) = try shardedThenMerged(command, count: 3, in: dir)
        let whole = try ShardCLI.ok(command + ["--json", "--quiet"])
        #expect(merged.stdout == whole.stdout)
        #expect(shards[2].stdout != whole.stdout)
        #expect(try ShardCLI.object(whole.stdout)["cross"] != nil)
    }

    @Test("--shard auto reads Slurm's array variables, and Kubernetes' index with MARGINSTRESS_SHARD_COUNT")
    func shardAuto() throws {
        let command = ["run", "--paths", "10000", "--steps", "24"]
        let whole = try ShardCLI.ok(command + ["--json", "--quiet"])
        let environments: [(String, (Int) -> [String: String])] = [
            ("slurm", { ["SLURM_ARRAY_TASK_ID": "\($0)", "SLURM_ARRAY_TASK_COUNT": "4"] }),
            ("kubernetes", { ["JOB_COMPLETION_INDEX": "\($0)", "MARGINSTRESS_SHARD_COUNT": "4"] }),
            // An array submitted as --array=1-7:2: tasks 1, 3, 5, 7 are shards 0 to 3.
            ("slurm 1-7:2", { ["SLURM_ARRAY_TASK_ID": "\(1 + 2 * $0)", "SLURM_ARRAY_TASK_COUNT": "4",
                              "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"] }),
        ]
        for (name, env) in environments {
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (merged, shards) = try shardedThenMerged(command, count: 4, in: dir, environment: env)
            #expect(try ShardCLI.withoutTiming(merged.stdout) == ShardCLI.withoutTiming(whole.stdout), "\(name)")
            try checkShardCoverage(shards, totalPaths: 10000)
        }
        // No index in the environment: a usage error that says what to set.
        let none = try runCLI(command + ["--shard", "auto", "--quiet"], environment: [:])
        #expect(none.status == 64)
        #expect(none.stderr.contains("--shard auto") && none.stderr.contains("SLURM_ARRAY_TASK_ID")
                && none.stderr.contains("MARGINSTRESS_SHARD_COUNT"), "\(none.stderr)")
        #expect(none.stdout.isEmpty)
        // An index out of range from the environment is refused like one on the command line.
        let out = try runCLI(command + ["--shard", "auto", "--quiet"],
                             environment: ["JOB_COMPLETION_INDEX": "4", "MARGINSTRESS_SHARD_COUNT": "4"])
        #expect(out.status == 64 && out.stderr.contains("--shard auto"), "\(out.stderr)")
    }

    @Test("merge names the missing shard, the doubled shard, other scenarios and an interrupted shard")
    func mergeErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let command = ["run", "--paths", "8000", "--steps", "12"]
        var parts: [String] = []
        for i in 0..<4 {
            let part = dir.appendingPathComponent("p\(i).json").path
            try ShardCLI.ok(command + ["--shard", "\(i)/4", "--partial", part, "--quiet"])
            parts.append(part)
        }
        func merge(_ files: [String]) throws -> CLIResult {
            let r = try runCLI(["merge"] + files + ["--json", "--quiet"])
            #expect(r.status == 65, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            return r
        }
        let missing = try merge([parts[0], parts[1], parts[3]])
        #expect(missing.stderr.contains("missing") && missing.stderr.contains("after \(parts[1])"), "\(missing.stderr)")
        let last = try merge(Array(parts.prefix(3)))
        #expect(last.stderr.contains("missing after \(parts[2])"), "\(last.stderr)")
        let copy = dir.appendingPathComponent("p2-again.json").path
        try FileManager.default.copyItem(atPath: parts[2], toPath: copy)
        let doubled = try merge(parts + [copy])
        #expect(doubled.stderr.contains("also in") && doubled.stderr.contains("p2") && doubled.stderr.contains("give each shard once"),
                "\(doubled.stderr)")
        // A shard of the same scenario with another seed.
        let other = dir.appendingPathComponent("seed7.json").path
        try ShardCLI.ok(command + ["--seed", "7", "--shard", "3/4", "--partial", other, "--quiet"])
        let seeds = try merge([parts[0], parts[1], parts[2], other])
        #expect(seeds.stderr.contains("different scenarios") && seeds.stderr.contains("seed7.json"), "\(seeds.stderr)")
        // A shard stopped by a signal part-way (its header as an interrupted run writes it).
        let cut = dir.appendingPathComponent("p3-interrupted.json").path
        var file = try ShardCLI.object(try String(contentsOfFile: parts[3], encoding: .utf8))
        var header = try #require(file["header"] as? [String: Any])
        header["endBlock"] = (header["firstBlock"] as! Int) + 1
        header["interruptedBy"] = 2
        file["header"] = header
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: cut))
        let interrupted = try merge([parts[0], parts[1], parts[2], cut])
        #expect(interrupted.stderr.contains("was interrupted") && interrupted.stderr.contains("--resume \(cut)"), "\(interrupted.stderr)")
        // Another command's result.
        let tune = dir.appendingPathComponent("tune.json").path
        try ShardCLI.ok(["tune", "--target", "0.01", "--points", "4", "--paths", "8000", "--steps", "12", "--shard", "0/2",
                         "--partial", tune, "--quiet"])
        let mixed = try merge([parts[0], tune])
        #expect(mixed.stderr.contains("merge the shards of one command"), "\(mixed.stderr)")
        // And every shard, once: fine.
        try ShardCLI.ok(["merge"] + parts + ["--quiet"])
    }

    @Test("merge --report of a scenario file's shards names the file, as run --report does")
    func mergeReportSource() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = ShardCLI.example("cross-vs-isolated.yaml")
        let command = ["run", file, "--paths", "6000", "--steps", "24"]
        let report = dir.appendingPathComponent("merged.html").path, wholeReport = dir.appendingPathComponent("whole.html").path
        _ = try shardedThenMerged(command, count: 2, in: dir, mergeOptions: ["--report", report, "--quiet"])
        try ShardCLI.ok(command + ["--report", wholeReport, "--quiet"])
        let merged = try String(contentsOfFile: report, encoding: .utf8), whole = try String(contentsOfFile: wholeReport, encoding: .utf8)
        // (Booleans first, so that a failure does not print the pages.)
        let wholeNamesFile = whole.contains("cross-vs-isolated.yaml"), wholeSaysBuiltIn = whole.contains("built-in default scenario")
        let mergedNamesFile = merged.contains("cross-vs-isolated.yaml"), mergedSaysBuiltIn = merged.contains("built-in default scenario")
        let mergedHasName = merged.contains("Cross versus isolated, three perpetuals on USDC")
        #expect(wholeNamesFile && !wholeSaysBuiltIn)
        #expect(mergedHasName)
        // The merged page names the file the shards read, in its description and its command that reproduces it.
        #expect(!mergedSaysBuiltIn)
        #expect(mergedNamesFile)
        let reproduce = "margin-stress run \(file) --paths 6000 --steps 24"
        let wholeReproduces = whole.contains(reproduce), mergedReproduces = merged.contains(reproduce)
        #expect(wholeReproduces && mergedReproduces)
    }

    @Test("--shard 5/4 and --shard abc are usage errors naming the option, for run, tune and compare")
    func badShard() throws {
        let commands = [["run"], ["tune", "--target", "0.01"], ["compare"]]
        for command in commands {
            for bad in ["5/4", "abc", "4/4", "-1/4", "1/0"] {
                // (--shard=VALUE, so that "-1/4" is not read as an option)
                let r = try runCLI(command + ["--paths", "2000", "--steps", "12", "--shard=\(bad)", "--json", "--quiet"])
                #expect(r.status == 64, "\(command) --shard \(bad): \(r.status)")
                #expect(r.stderr.contains("--shard \(bad)"), "\(r.stderr)")
                #expect(r.stdout.isEmpty)
            }
        }
        // More shards than blocks: refused, with the number of blocks.
        let r = try runCLI(["run", "--paths", "1000", "--steps", "12", "--shard", "0/8", "--quiet"])
        #expect(r.status == 64 && r.stderr.contains("only 4 blocks"), "\(r.stderr)")
    }
}

@Suite("Shard outputs say what they are")
struct ShardMarkingTests {
    @Test("a tune or compare shard says it rests on its own paths; --partial with --attribution is refused; a missing shard count is named")
    func marking() throws {
        let tune = try runCLI(["tune", "--target", "0.01", "--paths", "8000", "--steps", "24", "--shard", "1/4", "--json", "--quiet"],
                              environment: [:])
        #expect(tune.status == 0)
        #expect(tune.stdout.contains("SHARD 1/4: this answer rests on the shard's 2,048 paths only"), "\(tune.stdout.prefix(300))")
        let compare = try runCLI(["compare", "--paths", "8000", "--steps", "24", "--shard", "0/2", "--json", "--quiet"],
                                 environment: [:])
        #expect(compare.status == 0)
        #expect(compare.stdout.contains("SHARD 0/2: these figures rest on the shard's 4,096 paths only (blocks 0..<16 of 32)"))
        let attribution = try runCLI(["run", "--paths", "4000", "--attribution", "--partial", "/tmp/never-written.json"],
                                     environment: [:])
        #expect(attribution.status == 64)
        #expect(attribution.stderr.contains("`run --shard` or `--partial` does not support --attribution"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.json"))
        let count = try runCLI(["run", "--paths", "4000", "--shard", "auto"], environment: ["JOB_COMPLETION_INDEX": "2"])
        #expect(count.status == 64)
        #expect(count.stderr.contains("MARGINSTRESS_SHARD_COUNT") && count.stderr.contains("shard count"))
    }
}
