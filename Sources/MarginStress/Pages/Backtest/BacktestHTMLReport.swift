import Foundation

/// `backtest --report FILE.html`: the settings, the test table, the traffic-light strip, the exceedance charts
/// (first level, every model and book) and the reliability diagrams, in one self-contained page.
public struct BacktestHTMLReport {
    public let summary: BacktestSummary
    public let series: [BacktestSeries]
    public let dates: [String]

    public init(summary: BacktestSummary, series: [BacktestSeries], dates: [String]) {
        self.summary = summary
        self.series = series
        self.dates = dates
    }

    static func p(_ x: Double) -> String { x < 0.001 ? "&lt;0.001" : String(format: "%.3f", x) }

    public var html: String {
        let e = HTMLText.e, s = summary
        var body = ReportPage.masthead(kind: "backtest", scenario: "\(s.prices): \(s.from) to \(s.to)",
                                       meta: "\(Honest.count(s.forecasts)) forecasts out of sample · horizon \(s.horizonDays) day(s), \(s.windows) · \(s.holdDescription) · refit every \(s.refitEvery) day(s) · \(Honest.count(s.paths)) paths a date · seed \(s.seed)")
        body += "<section class=\"card\">\n<h2>VaR and ES tests</h2>\n<div class=\"table-wrap\"><table>\n"
        body += "<tr><th>book</th><th>model</th><th>level</th><th>hits</th><th>expected</th><th>Kupiec p</th><th>independence p</th><th>cond. coverage p</th><th>windows green/yellow/red</th><th>Z2</th><th>5% critical</th><th>ES p</th></tr>\n"
        for r in s.results {
            for (c, z) in zip(r.coverage, r.expectedShortfall) {
                let tl = c.trafficLight
                body += "<tr><td>\(e(r.book))</td><td>\(e(r.model))</td><td>\(Honest.format(c.level * 100, decimals: 1))%</td><td>\(c.hits)</td><td>\(String(format: "%.1f", c.expectedHits))</td><td>\(Self.p(c.kupiec.pValue))</td><td>\(Self.p(c.independence.pValue))</td><td>\(Self.p(c.conditionalCoverage.pValue))</td><td>\(tl.windows(in: .green))/\(tl.windows(in: .yellow))/\(tl.windows(in: .red))</td><td>\(String(format: "%.2f", z.statistic))</td><td>\(String(format: "%.2f", z.criticalValue))</td><td>\(Self.p(z.pValue))</td></tr>\n"
            }
        }
        body += "</table></div>\n</section>\n\n"
        body += "<section class=\"card\">\n<h2>Liquidation probability</h2>\n<p>\(e(s.liquidationMonitoring)).</p>\n<div class=\"table-wrap\"><table>\n"
        body += "<tr><th>book</th><th>model</th><th>Brier</th><th>skill</th><th>predicted</th><th>observed</th><th>se</th><th>z</th><th>p</th></tr>\n"
        for r in s.results {
            let c = r.liquidation
            body += "<tr><td>\(e(r.book))</td><td>\(e(r.model))</td><td>\(String(format: "%.5f", c.brierScore))</td><td>\(c.brierSkill.map { String(format: "%.3f", $0) } ?? "n/a")</td><td>\(String(format: "%.1f", c.predictedCount))</td><td>\(c.observedCount)</td><td>\(String(format: "%.1f", c.countStandardError))</td><td>\(String(format: "%.2f", c.countZ))</td><td>\(Self.p(c.countPValue))</td></tr>\n"
        }
        body += "</table></div>\n</section>\n\n"
        if let l99 = s.levels.firstIndex(of: 0.99) {
            let rows = s.results.map { (label: "\($0.book) · \($0.model)", light: $0.coverage[l99].trafficLight) }
            body += "<section class=\"card\">\n" + BacktestCharts.trafficLights(rows, idPrefix: "traffic").render(standalone: false) + "\n</section>\n\n"
        }
        body += "<section class=\"card\">\n<h2>Exceedances</h2>\n"
        for (k, x) in series.enumerated() {
            body += BacktestCharts.exceedances(x, level: 0, levelValue: s.levels[0], dates: dates, idPrefix: "exceed\(k)").render(standalone: false) + "\n"
        }
        body += "</section>\n\n<section class=\"card\">\n<h2>Reliability of the liquidation probability</h2>\n"
        for (k, r) in s.results.enumerated() where !r.liquidation.bins.isEmpty {
            body += BacktestCharts.reliability(r, idPrefix: "reliability\(k)").render(standalone: false) + "\n"
        }
        body += "</section>\n"
        return ReportPage.document(title: "backtest \(s.prices)", tool: RunSummary.ToolInfo(name: "margin-stress", version: s.toolVersion), body: body)
    }
}
