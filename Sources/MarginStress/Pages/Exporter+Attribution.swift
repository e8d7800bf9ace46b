import Foundation

extension Exporter {
    /// With `--attribution`: `attribution_liquidated.csv` (`asset,meanLoss,share,driverFrequency`, over the
    /// liquidated paths) and `attribution_es.csv` (`asset,contribution` to the 99% ES, then `other` and `total`).
    static func attributionFiles(_ summary: RunSummary) -> [(name: String, contents: String)] {
        guard let a = summary.attribution else { return [] }
        var liquidated = ["asset,meanLoss,share,driverFrequency"]
        for p in a.liquidated.positions {
            liquidated.append("\(csvText(p.asset)),\(csvNumber(p.meanLoss)),\(csvNumber(p.share)),\(csvNumber(p.driverFrequency))")
        }
        let c = a.componentExpectedShortfall
        var es = ["asset,contribution"]
        for p in c.positions { es.append("\(csvText(p.asset)),\(csvNumber(p.contribution))") }
        es.append("other,\(csvNumber(c.other))")
        es.append("total,\(csvNumber(c.total))")
        return [("attribution_liquidated.csv", liquidated.joined(separator: "\n") + "\n"),
                ("attribution_es.csv", es.joined(separator: "\n") + "\n")]
    }

    /// A CSV field: quoted when it holds a comma, quote or line break.
    static func csvText(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
