import Foundation
@testable import MarginStress

/// Seeded draws for the estimator tests (the project's own stream and samplers).
struct TestDraws {
    let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
    var stream: RandomStream
    let normal = NormalSampler()

    init(seed: UInt64) {
        stream = RandomStream(seed: seed, block: 0, buffer: buffer)
    }

    mutating func gaussian() -> Double { normal.next(&stream) }

    /// Student-t with `nu` degrees of freedom scaled to unit variance: `z sqrt((nu - 2) / W)`, `W ~ chi²(nu)`.
    mutating func studentT(_ nu: Double) -> Double {
        let w = ChiSquareSampler(degreesOfFreedom: nu).next(&stream)
        return normal.next(&stream) * ((nu - 2) / w).squareRoot()
    }

    /// A GJR-GARCH(1,1) series of `n` returns started at the unconditional variance.
    mutating func garch(_ p: GARCHFit.Parameters, count n: Int) -> [Double] {
        var h = p.unconditionalVariance
        var out: [Double] = []
        for _ in 0..<n {
            let z = p.degreesOfFreedom.map { studentT($0) } ?? gaussian()
            let e = h.squareRoot() * z
            out.append(p.mean + e)
            h = p.omega + (p.alpha + (e < 0 ? p.gamma : 0)) * e * e + p.beta * h
        }
        return out
    }
}

/// Python's `arch` (installed by scripts/install-python-deps.sh) through scripts/arch-reference.py.
enum PythonReference {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// Runs a command, returns its standard output, or nil on a non-zero exit or when it cannot start.
    static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    static let archAvailable: Bool = run(["python3", "-c", "import arch"]) != nil

    /// `arch`'s fit of ASSET's returns in the file: name -> (value, robust standard error).
    static func arch(file: String, asset: String, gjr: Bool, studentT: Bool) -> [String: [Double]]? {
        var args = ["python3", "scripts/arch-reference.py", file, asset]
        if gjr { args.append("--gjr") }
        if studentT { args.append("--t") }
        guard let text = run(args), let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let map = object as? [String: Any] else { return nil }
        var out: [String: [Double]] = [:]
        for (k, v) in map {
            if let pair = v as? [Double] { out[k] = pair } else if let x = v as? Double { out[k] = [x] }
        }
        return out
    }
}
