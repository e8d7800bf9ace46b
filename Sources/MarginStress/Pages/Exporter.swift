import Foundation

/// Writes a run's files: `summary.json`, one CSV per distribution, each readable by `pandas.read_csv` as is, and
/// one SVG chart per distribution.
///
/// - `terminal_pnl_histogram.csv`, `minimum_equity_histogram.csv`, `time_to_liquidation_histogram.csv`:
///   header `lower,upper,count` (time in days).
/// - `survival.csv`: header `days,probability,lower95,upper95`.
/// - `rare_event.csv` (continuous monitoring or importance sampling only): header
///   `estimate,probability,standardError,lower95,upper95,paths,hits,varianceReduction,effectiveSampleSize,meanLikelihoodRatio`,
///   rows `liquidation`, `badDebt` (the weighted pass) and `plainLiquidation` (the plain pilot).
/// - `survival.svg`, `time_to_liquidation.svg`, `terminal_pnl.svg`, `minimum_equity.svg`: the charts of
///   `RunCharts`, standalone SVG pictures.
public enum Exporter {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static func json(_ summary: RunSummary) throws -> String {
        String(decoding: try encoder().encode(summary), as: UTF8.self)
    }

    /// Writes every file into `directory` (created if needed) and returns the paths written.
    @discardableResult
    public static func write(_ summary: RunSummary, to directory: String) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files: [(String, String)] = [("summary.json", try json(summary) + "\n")]
        files.append(("terminal_pnl_histogram.csv", Histogram(bins: summary.terminalPnL.histogram).csv))
        files.append(("minimum_equity_histogram.csv", Histogram(bins: summary.minimumEquity.histogram).csv))
        files.append(("time_to_liquidation_histogram.csv", Histogram(bins: summary.timeToLiquidation.histogram).csv))
        let survival = summary.timeToLiquidation.survival.map {
            "\(csvNumber($0.days)),\(csvNumber($0.probability)),\(csvNumber($0.interval95[0])),\(csvNumber($0.interval95[1]))"
        }
        files.append(("survival.csv", (["days,probability,lower95,upper95"] + survival).joined(separator: "\n") + "\n"))
        if let rare = summary.rareEvent { files.append(("rare_event.csv", rare.csv)) }
        for chart in RunCharts.all(summary) { files.append((chart.fileName, chart.document.render())) }
        var written: [String] = []
        for (name, text) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
        }
        return written
    }
}
