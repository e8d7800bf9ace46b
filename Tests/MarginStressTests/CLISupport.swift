import Foundation

/// The built `margin-stress` binary beside the test executable (same build configuration).
let binaryURL: URL = {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL,
        Bundle.main.bundleURL.deletingLastPathComponent(),
        packageRoot.appendingPathComponent(".build/release"),
        packageRoot.appendingPathComponent(".build/debug"),
    ].map { $0.appendingPathComponent("margin-stress") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()

struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `margin-stress` with `arguments` (and `fullEnvironment` as its whole environment, when given) and
/// returns its exit status and output.
func runCLI(_ arguments: [String], fullEnvironment: [String: String]? = nil) throws -> CLIResult {
    try runProcess(binaryURL, arguments, fullEnvironment: fullEnvironment)
}

/// Runs the executable at `url` with `arguments` and returns its exit status and output.
func runProcess(_ url: URL, _ arguments: [String], fullEnvironment: [String: String]? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    if let fullEnvironment { process.environment = fullEnvironment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting so that a large output cannot fill the pipe and block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// A scratch directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("margin-stress-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A small valid scenario in YAML, with `{{...}}` markers that tests replace to break one field at a time.
let templateYAML = """
    name: template
    account:
      mode: cross
      collateral:
        - {asset: USDC, amount: {{amount}}, haircut: {{haircut}}}
      positions:
        - {asset: BTC, quantity: 1, maintenanceMarginRate: 0.005}
        - {asset: ETH, quantity: {{quantity}}, maintenanceMarginRate: 0.005}
        - {asset: {{sol}}, quantity: -100, maintenanceMarginRate: 0.01}
    market:
      assets:
        - {symbol: BTC, price: {{price}}, volatility: {{vol}}}
        - {symbol: ETH, price: 3000, volatility: 0.7}
        - {symbol: SOL, price: 150, volatility: 0.9}
        - {symbol: {{usdc}}, price: 1, volatility: 0}
      {{correlation}}
      distribution: {{distribution}}
    simulation:
      horizon: 7d
      steps: {{steps}}
      paths: {{paths}}
      seed: 3
    """

let templateDefaults: [String: String] = [
    "amount": "50000", "haircut": "0", "quantity": "-10", "sol": "SOL", "price": "60000", "vol": "0.6",
    "usdc": "USDC", "correlation": "correlations: [[BTC, ETH, 0.8], [BTC, SOL, 0.7], [ETH, SOL, 0.75]]",
    "distribution": "{type: gaussian}", "steps": "24", "paths": "2000",
]

/// The template with `changes` applied.
func scenarioText(_ changes: [String: String] = [:]) -> String {
    var text = templateYAML
    for (key, value) in templateDefaults.merging(changes, uniquingKeysWith: { $1 }) {
        text = text.replacingOccurrences(of: "{{\(key)}}", with: value)
    }
    return text
}
