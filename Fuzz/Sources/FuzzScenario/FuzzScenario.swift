import Foundation
import MarginStress

/// The fuzz target's entry point: hands the command line to libFuzzer's driver (`LLVMFuzzerRunDriver`), which
/// runs `fuzzScenario` on every input (the corpus directories and files given, then mutations of them).
/// An explicit `main` because SwiftPM names an executable's entry point after its module, so libFuzzer's own
/// `main` cannot be used.
@main
enum FuzzScenario {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzScenario))
    }
}

/// libFuzzer's driver (compiler-rt, `FuzzerInterface.h`): parses libFuzzer's flags from the command line and
/// runs `callback` on each input; returns the exit code.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// One input, as the bytes of a scenario file.
///
/// The bytes go through what `margin-stress validate FILE` and `run FILE` do: `ScenarioLoader.text(of:)` (binary
/// and non-UTF-8 files), `ScenarioLoader.decode` (YAML, or JSON when the first non-blank character is `{`), and
/// `ScenarioValidator.validate`. Then:
/// - a refused scenario must name, in every problem, its field or a position (`FuzzVerdict.unnamed`);
/// - an accepted one (without a price file, which the fuzzer does not make) is run at 256 paths, at most 16 steps
///   and one worker, and every figure of its JSON summary must be finite (`FuzzVerdict.run`).
/// Any other outcome traps, so libFuzzer saves the input as a crash. A crash or hang inside the library is found
/// by libFuzzer itself (signal, `-timeout`).
func fuzzScenario(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if let problem = FuzzVerdict.problem(in: data) {
        FileHandle.standardError.write(Data("FuzzScenario: \(problem)\n".utf8))
        fatalError(problem)
    }
    return 0
}
