import Foundation
import Testing
@testable import MarginStress

/// The capability table, pair by pair: each supported pair against an independent computation, each refused pair
/// refused by the library and by the command line (exit 64, the sentence, nothing simulated), and the refused
/// combinations of features each supported alone.
@Suite("Capability matrix")
struct CapabilityMatrixTests {
    typealias Feature = Capabilities.Feature
    typealias Command = Capabilities.Command

    @Test("each book uses exactly its feature")
    func booksUseOneFeature() throws {
        #expect(Capabilities.features(of: try MatrixBook.with(nil).scenario()).isEmpty)
        for f in Feature.allCases {
            let s = try MatrixBook.with(f).scenario()
            let expected: [Feature] = f == .attribution || f == .sharding ? [] : f == .bridge ? [.filteredHistorical, f] : [f]
            #expect(Capabilities.features(of: s) == expected, "\(f.rawValue)")
            #expect(Capabilities.features(of: s, attribution: f == .attribution, sharded: f == .sharding) == (f == .bridge ? expected : [f]), "\(f.rawValue)")
        }
    }

    @Test("every (feature, command) pair", arguments: Feature.allCases, Command.allCases)
    func pair(_ feature: Feature, _ command: Command) async throws {
        let book = MatrixBook.with(feature)
        let s = try book.scenario()
        let refusals = Capabilities.refusals(s, command, attribution: feature == .attribution, sharded: feature == .sharding)
        switch Capabilities.support(feature, command) {
        case .refused(let why):
            let sentence = "`\(command.rawValue)` does not support \(feature.rawValue): \(why)"
            #expect(refusals.contains(sentence), "\(refusals)")
            // The bridge's book also has its model, whose own refusals come too.
            let own = feature == .bridge ? refusals.filter { !$0.contains(Feature.filteredHistorical.rawValue) } : refusals
            #expect(own.allSatisfy { $0.contains(feature.rawValue) && $0.contains("`\(command.rawValue)") })
            try checkRefusedByCLI(book, command, feature, sentences: refusals)
        case .notApplicable:
            // Attribution is an option of `run` only: the other commands do not take it (no silent acceptance).
            // liquidation-price has neither option: nothing is simulated.
            #expect((feature == .attribution && command != .run) || (feature == .sharding && command == .liquidationPrice))
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("book.yaml").path
            try book.yaml.write(toFile: file, atomically: true, encoding: .utf8)
            let r = try runCLI(MatrixBook.arguments(command, file: file, feature: feature) + ["--quiet"])
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains(feature == .attribution ? "--attribution" : "--shard"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        case .supported:
            #expect(refusals.isEmpty, "\(refusals)")
            try await checkSupported(feature, command, book, s)
            try checkAcceptedByCLI(book, command, feature)
        }
    }

    // MARK: - Refused

    /// The CLI stops with exit 64, the table's sentences on standard error, nothing on standard output and no
    /// export directory: it refused before simulating (the book asks for 2 million paths, about a second's work
    /// if it were simulated).
    func checkRefusedByCLI(_ book: MatrixBook, _ command: Command, _ feature: Feature?, sentences: [String],
                           extra: [String] = []) throws {
        var book = book
        book.paths = 2_000_000
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("book.yaml").path
        try book.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try runCLI(MatrixBook.arguments(command, file: file, feature: feature) + extra + ["--export", out, "--quiet"])
        #expect(r.status == 64, "\(command.rawValue) \(feature?.rawValue ?? ""): \(r.stderr)")
        let lines = Set(r.stderr.split(separator: "\n").map(String.init))
        for sentence in sentences { #expect(lines.contains(sentence), "missing on stderr: \(sentence)\n\(r.stderr)") }
        #expect(!sentences.isEmpty)
        #expect(r.stdout.isEmpty, "\(r.stdout.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The CLI runs a supported pair (exit 0, no refusal).
    func checkAcceptedByCLI(_ book: MatrixBook, _ command: Command, _ feature: Feature) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("book.yaml").path
        try book.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        var words = MatrixBook.arguments(command, file: file, feature: feature) + ["--json", "--quiet"]
        if command == .tuneLeverage || command == .tuneRate { words += ["--points", "4"] }
        let r = try runCLI(words)
        #expect(r.status == 0, "\(command.rawValue) with \(feature.rawValue): \(r.stderr)")
        #expect(!r.stderr.contains("does not support"))
        #expect(r.stdout.hasPrefix("{"))
    }

    // MARK: - Combinations refused

    struct Combination: Sendable, CustomTestStringConvertible {
        var name: String
        var book: MatrixBook
        var command: Command
        /// The feature asked for on the command line (attribution, shards), if any.
        var option: Feature?
        /// Features that the command supports alone.
        var parts: [Feature]
        /// True when the table refuses the combination; false when the command computes it.
        var refused: Bool
        /// What the refusal names (besides the command).
        var names: [String]
        var testDescription: String { name }
    }

    static var combinations: [Combination] {
        var list: [Combination] = []
        // Isolated mode with tiers, funding and costs: computed (each position its own); with partial liquidation and
        // attribution: refused.
        for f in [Feature.tieredMargin, .funding, .liquidationCosts] {
            var book = MatrixBook.with(f)
            book.mode = "isolated"
            list.append(Combination(name: "isolated run with \(f.rawValue)", book: book, command: .run, option: nil,
                                    parts: [.isolatedMode, f], refused: false, names: []))
        }
        var isolatedPartial = MatrixBook.with(.partialLiquidation)
        isolatedPartial.mode = "isolated"
        list.append(Combination(name: "isolated run with partial liquidation", book: isolatedPartial, command: .run, option: nil,
                                parts: [.isolatedMode, .partialLiquidation], refused: true, names: ["isolated", "partial liquidation"]))
        var isolated = MatrixBook.with(.isolatedMode)
        isolated.mode = "isolated"
        list.append(Combination(name: "isolated run --attribution", book: isolated, command: .run, option: .attribution,
                                parts: [.isolatedMode, .attribution], refused: true, names: ["--attribution", "isolated"]))
        list.append(Combination(name: "run --attribution with partial liquidation", book: MatrixBook.with(.partialLiquidation),
                                command: .run, option: .attribution, parts: [.attribution, .partialLiquidation], refused: true,
                                names: ["--attribution", "partial liquidation"]))
        list.append(Combination(name: "run --shard with a relative-precision target", book: MatrixBook.with(.relativePrecision),
                                command: .run, option: .sharding, parts: [.sharding, .relativePrecision], refused: true,
                                names: ["--shard", Feature.relativePrecision.rawValue]))
        for f in [Feature.tieredMargin, .funding, .partialLiquidation] {
            list.append(Combination(name: "tune --target --shard with \(f.rawValue)", book: MatrixBook.with(f),
                                    command: .tuneLeverage, option: .sharding, parts: [.sharding, f], refused: true,
                                    names: ["tune --target --shard", "tiered", "funding", "partial liquidation"]))
        }
        // Partial liquidation of a tiered book: the pro-rata cut needs margin proportional to the open size.
        var partialTiered = MatrixBook.with(.tieredMargin)
        partialTiered.accountLines += MatrixBook.with(.partialLiquidation).accountLines
        for command in [Command.run, .tuneLeverage] {
            list.append(Combination(name: "\(command.rawValue) with partial liquidation of a tiered book", book: partialTiered,
                                    command: command, option: nil, parts: [.partialLiquidation, .tieredMargin], refused: true,
                                    names: [Feature.partialLiquidation.rawValue, Feature.tieredMargin.rawValue]))
        }
        return list
    }

    @Test("combinations of features supported alone: refused with one sentence, or computed", arguments: combinations)
    func combination(_ c: Combination) async throws {
        for part in c.parts {
            guard case .supported = Capabilities.support(part, c.command) else {
                Issue.record("\(part.rawValue) is not supported by \(c.command.rawValue) alone")
                continue
            }
        }
        let s = try c.book.scenario()
        let refusals = Capabilities.refusals(s, c.command, attribution: c.option == .attribution, sharded: c.option == .sharding)
        if c.refused {
            #expect(refusals.count == 1, "\(refusals)")
            for sentence in refusals {
                #expect(sentence.hasPrefix("`\(c.command.rawValue)"), "\(sentence)")
                for name in c.names { #expect(sentence.contains(name), "\(name) not in: \(sentence)") }
            }
            try checkRefusedByCLI(c.book, c.command, c.option, sentences: refusals)
        } else {
            // Isolated run with tiers, funding or costs: the account's outcome is compare's isolated side.
            #expect(refusals.isEmpty, "\(refusals)")
            var cross = c.book
            cross.mode = "cross"
            let tally = try await Matrix.compare(try cross.scenario())
            let run = try await Matrix.run(s)
            #expect(run.moments.liquidations == tally.anyIsolatedLiquidated)
            #expect(run.outcomes.liquidationsByStep == tally.isolatedByStep)
            #expect(run.moments.liquidations > 100)
            try checkAcceptedByCLI(c.book, c.command, c.option ?? .isolatedMode)
        }
    }

    @Test("run --shard --attribution is refused (both options on the command line)")
    func shardWithAttribution() throws {
        let book = MatrixBook.with(nil)
        let s = try book.scenario()
        let refusals = Capabilities.refusals(s, .run, attribution: true, sharded: true)
        #expect(refusals == ["`run --shard` or `--partial` does not support --attribution: its second pass needs the 99% VaR of the whole run, which a shard's result does not carry; run the attribution in one process, without them"])
        try checkRefusedByCLI(book, .run, .sharding, sentences: refusals, extra: ["--attribution"])
    }

    @Test("--relative-precision on the command line is refused like the file's field")
    func relativePrecisionOption() throws {
        let book = MatrixBook.with(nil)
        for command in [Command.tuneLeverage, .tuneRate, .compare] {
            let s = try book.scenario(ScenarioOverrides(relativePrecision: 0.1))
            let refusals = Capabilities.refusals(s, command)
            #expect(refusals.count == 1 && refusals[0].contains(Feature.relativePrecision.rawValue))
            try checkRefusedByCLI(book, command, nil, sentences: refusals, extra: ["--relative-precision", "0.1"])
        }
    }
}
