import Foundation
import Testing

/// The library's folders follow the pipeline: each file uses only what stands before it.
@Suite("Layout")
struct LayoutTests {
    @Test("no file uses a type declared in a later folder (scripts/check-layout.py)")
    func pipelineOrder() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/check-layout.py").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
