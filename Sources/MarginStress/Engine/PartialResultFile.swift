import Foundation

/// What a shard, a checkpoint or an interrupted run writes (`--partial`, `--checkpoint`): the result over a
/// range of blocks, with what is needed to check that results belong together and to report them exactly as
/// the one-process command would (the validated scenario itself, and the command's options).
///
/// Versioned: `formatVersion` changes whenever the encoding of a result changes, and `merge` refuses files of
/// different versions, tools, commands, options or scenarios (by digest).
public struct PartialResultHeader: Sendable, Codable, Equatable {
    public static let currentFormat = "margin-stress partial result"
    public static let currentVersion = 1

    public var format: String
    public var formatVersion: Int
    public var toolVersion: String
    /// "run", "tune" or "compare".
    public var command: String
    /// The command's options that shape its result (tune's target and range, say), as its arguments.
    public var arguments: [String]
    public var scenarioDigest: String
    /// The shard this process ran ("I/N"), when it ran one.
    public var shard: String?
    /// The scenario file the run read (nil: the built-in scenario), for the report's command that reproduces it.
    public var scenarioFile: String?
    /// The blocks covered, [first, end), and the blocks of the whole run.
    public var firstBlock: Int
    public var endBlock: Int
    public var totalBlocks: Int
    /// The blocks this process was asked for (a shard's range); `endBlock < plannedEnd` when interrupted.
    public var plannedEnd: Int
    /// The signal that interrupted the run, when one did.
    public var interruptedBy: Int32?
    /// Seconds spent simulating and the workers used (reported as timing; they never change a result).
    public var simulationSeconds: Double
    public var workers: Int

    public init(command: String, arguments: [String], scenario: Scenario, blocks: Range<Int>, plannedEnd: Int,
                totalBlocks: Int, interruptedBy: Int32?, simulationSeconds: Double, workers: Int, scenarioFile: String? = nil,
                shard: (index: Int, count: Int)? = nil) {
        self.shard = shard.map { "\($0.index)/\($0.count)" }
        self.scenarioFile = scenarioFile
        format = Self.currentFormat
        formatVersion = Self.currentVersion
        toolVersion = ToolVersion.current
        self.command = command
        self.arguments = arguments
        scenarioDigest = scenario.digest
        firstBlock = blocks.lowerBound
        endBlock = blocks.upperBound
        self.totalBlocks = totalBlocks
        self.plannedEnd = plannedEnd
        self.interruptedBy = interruptedBy
        self.simulationSeconds = simulationSeconds
        self.workers = workers
    }

    public var blocks: Range<Int> { firstBlock..<endBlock }
}

extension PartialResultFile {
    /// The file of a driver's outcome over the blocks `planned` (of `totalBlocks`).
    public init(command: String, arguments: [String], scenario: Scenario, outcome: BlockDriver.Outcome<Result>,
                planned: Range<Int>, totalBlocks: Int, scenarioFile: String?, shard: (index: Int, count: Int)?) {
        self.init(header: PartialResultHeader(command: command, arguments: arguments, scenario: scenario, blocks: outcome.blocks,
                                              plannedEnd: planned.upperBound, totalBlocks: totalBlocks,
                                              interruptedBy: outcome.interruptedBy, simulationSeconds: outcome.seconds,
                                              workers: outcome.workers, scenarioFile: scenarioFile, shard: shard),
                  scenario: scenario, result: outcome.partial)
    }
}

/// A partial result file: header, scenario and the analysis's mergeable result.
public struct PartialResultFile<Result: MergeablePartial>: Sendable, Codable {
    public var header: PartialResultHeader
    public var scenario: Scenario
    public var result: Result

    public init(header: PartialResultHeader, scenario: Scenario, result: Result) {
        self.header = header
        self.scenario = scenario
        self.result = result
    }

    /// The file's bytes (JSON).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Writes the file atomically (a temporary file renamed over it), so a reader never sees half a file.
    public func write(to path: String) throws {
        try encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// Reading and merging partial result files.
public enum PartialResults {
    /// A problem with the files given to `merge` or `--resume`, as a sentence naming the file and the fix.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        init(_ text: String) { description = text }
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The header of the file at `path`.
    public static func header(at path: String) throws(Problem) -> PartialResultHeader {
        struct Peek: Decodable { var header: PartialResultHeader }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Problem("\(path): cannot read the file (\(error.localizedDescription))")
        }
        let header: PartialResultHeader
        do { header = try decoder().decode(Peek.self, from: data).header } catch {
            throw Problem("\(path): not a partial result of margin-stress (write one with --partial FILE or --checkpoint FILE)")
        }
        guard header.format == PartialResultHeader.currentFormat else {
            throw Problem("\(path): not a partial result of margin-stress (format \"\(header.format)\")")
        }
        guard header.formatVersion == PartialResultHeader.currentVersion else {
            throw Problem("\(path): partial result format version \(header.formatVersion); this margin-stress reads version \(PartialResultHeader.currentVersion): re-run the shard with this version")
        }
        return header
    }

    /// The scenario of the file at `path` (what decides the result's type, before the whole file is read).
    public static func scenario(at path: String) throws(Problem) -> Scenario {
        struct Peek: Decodable { var scenario: Scenario }
        _ = try header(at: path)
        do { return try decoder().decode(Peek.self, from: Data(contentsOf: URL(fileURLWithPath: path))).scenario } catch {
            throw Problem("\(path): the scenario in this file cannot be read (\(error)); re-run the shard")
        }
    }

    /// The whole file at `path`, its scenario checked against its digest.
    public static func read<R: MergeablePartial>(_: R.Type, at path: String) throws(Problem) -> PartialResultFile<R> {
        _ = try header(at: path)
        let file: PartialResultFile<R>
        do {
            file = try decoder().decode(PartialResultFile<R>.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Problem("\(path): the result in this file cannot be read (\(error)); re-run the shard")
        }
        guard file.header.toolVersion == ToolVersion.current else {
            throw Problem("\(path): written by margin-stress \(file.header.toolVersion), this is \(ToolVersion.current): results of different versions are not merged or resumed; re-run with this version")
        }
        guard file.scenario.digest == file.header.scenarioDigest else {
            throw Problem("\(path): the scenario in this file does not match its digest \(file.header.scenarioDigest): the file was altered; re-run the shard")
        }
        return file
    }

    /// " (shard 2/4)" for the shards of an even split whose blocks are `gap`, when the files say how they were split.
    static func missingShards(_ gap: Range<Int>, _ h: PartialResultHeader) -> String {
        guard let shard = h.shard, let count = Int(shard.split(separator: "/").last ?? "") else { return "" }
        let driver = BlockDriver(paths: h.totalBlocks * BlockDriver.blockSize, workers: 1)
        let missing = (0..<count).filter { driver.blocks(ofShard: $0, of: count).overlaps(gap) }
        guard !missing.isEmpty else { return "" }
        return " (shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")))"
    }

    /// Merges files that together cover every block of one run exactly once: same format, tool version,
    /// command, options and scenario digest; ranges with no gap and no overlap. The merge is exact, so the
    /// result equals one process running every block.
    public static func merge<R: MergeablePartial>(_ files: [(path: String, file: PartialResultFile<R>)]) throws(Problem)
        -> PartialResultFile<R> {
        guard let first = files.first else { throw Problem("merge: give the partial result files of every shard") }
        let h0 = first.file.header
        for (path, file) in files.dropFirst() {
            let h = file.header
            if h.toolVersion != h0.toolVersion {
                throw Problem("\(path): written by margin-stress \(h.toolVersion), \(first.path) by \(h0.toolVersion): run every shard with the same version")
            }
            if h.command != h0.command {
                throw Problem("\(path): a result of `\(h.command)`, \(first.path) of `\(h0.command)`: merge the shards of one command")
            }
            if h.scenarioDigest != h0.scenarioDigest || h.totalBlocks != h0.totalBlocks {
                throw Problem("\(path): scenario digest \(h.scenarioDigest), \(first.path) has \(h0.scenarioDigest): these shards come from different scenarios (or seeds, paths or settings); run every shard from the same file and options")
            }
            if h.arguments != h0.arguments {
                throw Problem("\(path): options \(h.arguments.joined(separator: " ")), \(first.path) has \(h0.arguments.joined(separator: " ")): run every shard with the same options")
            }
        }
        let sorted = files.sorted { $0.file.header.firstBlock < $1.file.header.firstBlock }
        var next = 0
        var previous: String? = nil
        for (path, file) in sorted {
            let h = file.header
            if h.firstBlock > next {
                let why = previous.map { ", after \($0)" } ?? ""
                throw Problem("blocks \(next)..<\(h.firstBlock) (paths \(next * BlockDriver.blockSize) and on) are missing\(why)\(missingShards(next..<h.firstBlock, h0)): no file covers them; give the missing shard's file, or re-run it")
            }
            if h.firstBlock < next {
                throw Problem("\(path): blocks \(h.firstBlock)..<\(min(next, h.endBlock)) are also in \(previous ?? "another file"): give each shard once")
            }
            if h.endBlock < h.plannedEnd {
                let how = h.interruptedBy != nil ? "was interrupted" : "is a checkpoint that stops"
                let fix = h.command == "run" ? "finish it with `--resume \(path)` (same --shard) and merge again"
                                             : "run that shard again and merge again"
                throw Problem("\(path): this shard \(how) after block \(h.endBlock) of \(h.firstBlock)..<\(h.plannedEnd): \(fix)")
            }
            next = h.endBlock
            previous = path
        }
        if next < h0.totalBlocks {
            throw Problem("blocks \(next)..<\(h0.totalBlocks) are missing after \(previous ?? first.path)\(missingShards(next..<h0.totalBlocks, h0)): give the last shard's file, or re-run it")
        }
        var result = sorted[0].file.result
        var seconds = sorted[0].file.header.simulationSeconds, workers = sorted[0].file.header.workers
        for (_, file) in sorted.dropFirst() {
            result.merge(file.result)
            seconds += file.header.simulationSeconds
            workers = max(workers, file.header.workers)
        }
        var header = h0
        header.firstBlock = 0
        header.endBlock = h0.totalBlocks
        header.plannedEnd = h0.totalBlocks
        header.interruptedBy = nil
        header.simulationSeconds = seconds
        header.workers = workers
        return PartialResultFile(header: header, scenario: first.file.scenario, result: result)
    }
}
