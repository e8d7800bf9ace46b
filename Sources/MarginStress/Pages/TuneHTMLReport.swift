import Foundation

/// `tune` as one self-contained HTML page: the answer (the largest leverage for the target liquidation
/// probability, or the smallest maintenance rate for the bad-debt target) with the book now, the frontier chart
/// with the target line, the frontier table, how it was computed, the account at a glance and the
/// reproducibility footer. Like the run report it has no scripts and fetches nothing.
public struct TuneHTMLReport: EscapesHTML {
    /// What `tune` answered.
    public enum Answer: Sendable {
        case leverage(FrontierSummary)
        case maintenanceRate(RateSummary)
    }

    public var answer: Answer
    public var scenario: Scenario
    /// The scenario file's path; nil for the built-in default scenario.
    public var scenarioPath: String?
    public var date: Date
    /// The options of `tune` that shape the answer (e.g. `["--target", "0.01", "--range", "0.5:4"]`), for the
    /// command that reproduces it.
    public var tuneArguments: [String]

    public init(answer: Answer, scenario: Scenario, scenarioPath: String?, date: Date, tuneArguments: [String]) {
        self.answer = answer
        self.scenario = scenario
        self.scenarioPath = scenarioPath
        self.date = date
        self.tuneArguments = tuneArguments
    }

    public var reproduceCommand: String {
        HTMLText.reproduceCommand("tune", scenario: scenario, scenarioPath: scenarioPath, extra: tuneArguments)
    }

    /// The whole page. Throws only if the chart cannot be drawn (a value a log axis cannot show).
    public func html() throws(AxisError) -> String {
        let (tool, name, paths, warnings) = header
        let kind = { if case .leverage = answer { return "leverage limit" } else { return "maintenance rate for a bad-debt target" } }()
        var body = ReportPage.masthead(
            kind: kind, scenario: name,
            meta: ReportPage.size(paths: paths, steps: scenario.steps, horizonDays: scenario.horizonDays)
                + " · \(scenario.distributionName) shocks · seed \(scenario.seed) · run \(HTMLText.date(date))")
        switch answer {
        case .leverage(let s):
            body += leverageHeadline(s)
            body += ReportPage.warnings(warnings)
            body += frontierSection(s, chart: try FrontierChart.document(s).render(standalone: false))
        case .maintenanceRate(let s):
            body += rateHeadline(s)
            body += ReportPage.warnings(warnings)
            body += rateSection(s, chart: try RateChart.document(s).render(standalone: false))
        }
        body += AccountGlance(scenario: scenario, isolated: false, hasWarnings: !warnings.isEmpty).html
        body += footer()
        return ReportPage.document(title: name + " (tune)", tool: tool, body: body)
    }

    var header: (tool: RunSummary.ToolInfo, name: String, paths: Int, warnings: [String]) {
        switch answer {
        case .leverage(let s): return (s.tool, s.scenario, s.paths, s.warnings)
        case .maintenanceRate(let s): return (s.tool, s.scenario, s.paths, s.warnings)
        }
    }

    /// A probability and its 95% interval, rounded by their error as everywhere else.
    func estimate(_ p: Double, _ se: Double, _ interval: [Double]) -> (value: String, range: String) {
        let t = RunText.probability(p, standardError: se, interval: interval)
        return (t.value, "\(t.lower) to \(t.upper)")
    }

    /// The last four cells of a frontier or rate row: probability, interval, paths counted, and whether the
    /// row meets the target (by its interval, or by the point estimate only).
    func probabilityCells(_ p: Double, _ se: Double, _ interval: [Double], count: Int, target: Double) -> String {
        let t = estimate(p, se, interval)
        let within = interval[1] <= target ? "yes" : (p <= target ? "point estimate only" : "no")
        return "<td>\(e(t.value))</td><td>\(e(t.range))</td><td>\(e(Honest.count(count)))</td><td>\(within)</td>"
    }

    func targetText(_ t: Double) -> String { HTMLText.percentText(t, decimals: 4) }

    // MARK: leverage

    func leverageHeadline(_ s: FrontierSummary) -> String {
        let scaled = s.position.map { "the \($0) position(s), the rest held fixed" } ?? "every position, the collateral fixed"
        let c = s.current
        let answer: String, detail: String
        if let k = s.maxScale {
            answer = HTMLText.leverage(s.maxLeverage)
            detail = "scale \(Honest.format(k, decimals: k < 10 ? 3 : 2))x of the book now"
                + (s.limitAtRangeEnd ? "; the end of the range examined, so the limit is at least this (widen --range)" : "")
        } else {
            answer = "none"
            detail = "even the smallest scale examined fails the target"
        }
        let now = estimate(c.probability, c.standardError, c.interval95)
        var facts: [(String, String, String?)] = [
            ("Leverage now", HTMLText.leverage(c.leverage), "scale 1: the book as given"),
            ("Liquidation probability now", now.value, "95% interval " + now.range),
        ]
        if let point = s.pointEstimateMaxLeverage {
            facts.append(("Largest leverage by the point estimate", HTMLText.leverage(point), "less safe: ignores the sampling error"))
        }
        facts.append(("Resolution", Honest.format(s.gridRelativeSpacing * 100, decimals: 2) + "%",
                      "relative step to the next scale examined, which fails the target"))
        let main = """
            <p class="label">Largest leverage with a liquidation probability of at most \(e(targetText(s.target))) \
            within \(e(RunText.days(s.horizonDays)))</p>
            <p class="value">\(e(answer))</p>
            <p class="interval">\(e(detail))</p>
            <p class="interval">Conservative: the largest scale whose 95% interval, and every smaller scale's, lies at \
            or below the target. Scaling \(e(scaled)).</p>
            """
        return ReportPage.headline(main, facts: facts)
    }

    func frontierSection(_ s: FrontierSummary, chart: String) -> String {
        var out = """
            <section class="card">
            <h2>The leverage frontier</h2>
            <figure>
            \(chart)
            <figcaption>\(e(frontierCaption(s)))</figcaption>
            </figure>
            <h3>Frontier table</h3>
            <div class="table-wrap"><table>
            <thead><tr><th>Scale</th><th>Leverage</th><th>Liquidation probability</th><th>95% interval</th>\
            <th>Paths liquidated</th><th>Within the target</th></tr></thead>
            <tbody>

            """
        // The book as given is always a row (highlighted), in its place among the table's scales.
        var rows = s.frontier
        if !rows.contains(where: { $0.scale == 1 }) {
            rows.append(s.current)
            rows.sort { $0.scale < $1.scale }
        }
        for p in rows {
            let now = p.scale == 1 ? " class=\"now\"" : ""
            out += "<tr\(now)><td>\(e(Honest.format(p.scale, decimals: p.scale < 10 ? 3 : 2)))x</td>"
                + "<td>\(e(HTMLText.leverage(p.leverage)))</td>"
                + probabilityCells(p.probability, p.standardError, p.interval95, count: p.count, target: s.target) + "</tr>\n"
        }
        out += """
            </tbody>
            </table></div>
            <p class="quiet">How: \(e(s.method)).</p>
            </section>

            """
        return out
    }

    /// How to read the frontier chart; what can be said of its shape depends on how it was computed.
    func frontierCaption(_ s: FrontierSummary) -> String {
        var text = "Where the band crosses the target line is where the limit lies: the conservative limit is the last "
            + "leverage whose whole band is below the line, and today's leverage is the dashed marker."
        if Tuner.needsResimulation(scenario) {
            text += " Each scale is a fresh simulation of the scaled book with the same seed (common random numbers): "
                + "the curve is close to monotone but is not forced to be."
        } else if s.position != nil {
            text += " Every point comes from the same simulated paths. Scaling one position can make the book safer "
                + "before it makes it riskier (a hedge shrinking), so the curve need not rise everywhere."
        } else {
            text += " Every point comes from the same simulated paths (common random numbers), so the curve never "
                + "falls as leverage grows."
        }
        return text
    }

    // MARK: maintenance rate

    func rateHeadline(_ s: RateSummary) -> String {
        let answer = s.minimumRate.map { Honest.format($0 * 100, decimals: 2) + "%" } ?? "none up to 50%"
        var facts: [(String, String, String?)] = []
        if let at = s.atMinimumRate {
            let t = estimate(at.probability, at.standardError, at.interval95)
            facts.append(("Bad-debt probability at that rate", t.value, "95% interval " + t.range))
        }
        if let point = s.pointEstimateMinimumRate {
            facts.append(("Smallest rate by the point estimate", Honest.format(point * 100, decimals: 2) + "%",
                          "less safe: ignores the sampling error"))
        }
        let shown = s.curve.isEmpty ? s.frontier : s.curve
        let range = "\(Honest.format((shown.first?.rate ?? 0) * 100, decimals: 2).trimmedZeros)% to \(Honest.format((shown.last?.rate ?? 0) * 100, decimals: 2).trimmedZeros)%"
        facts.append(("Grid", "0.01%", "rates searched from 0% to 50%; the chart shows \(range)"))
        let who = s.position.map { "the \($0) position(s)" } ?? "every position"
        let main = """
            <p class="label">Smallest flat maintenance rate with a probability of bad debt of at most \
            \(e(targetText(s.target))) within \(e(RunText.days(s.horizonDays)))</p>
            <p class="value">\(e(answer))</p>
            <p class="interval">One flat rate for \(e(who)). Conservative: the smallest rate whose 95% interval, and \
            every larger rate's, lies at or below the target. Bad debt: equity below zero at liquidation.</p>
            """
        return ReportPage.headline(main, facts: facts)
    }

    func rateSection(_ s: RateSummary, chart: String) -> String {
        var out = """
            <section class="card">
            <h2>Bad debt against the maintenance rate</h2>
            <figure>
            \(chart)
            <figcaption>A higher maintenance rate liquidates earlier, with more equity left, so bad debt becomes rarer; \
            it also liquidates more often. Every rate is evaluated on the same paths.</figcaption>
            </figure>
            <h3>Rate table</h3>
            <div class="table-wrap"><table>
            <thead><tr><th>Maintenance rate</th><th>Bad-debt probability</th><th>95% interval</th><th>Paths with bad debt</th>\
            <th>Within the target</th></tr></thead>
            <tbody>

            """
        // Rates from which no path has bad debt any more are one row: their numbers are all the same.
        var shown = s.frontier
        if let firstClear = shown.indices.first(where: { i in shown[i...].allSatisfy { $0.count == 0 } }),
           shown.count - firstClear > 2 {
            shown = Array(shown[...firstClear])
        }
        for (i, p) in shown.enumerated() {
            let last = shown.count < s.frontier.count && i == shown.count - 1
            let rate = Honest.format(p.rate * 100, decimals: 2) + "%"
                + (last ? " to \(Honest.format(s.frontier.last!.rate * 100, decimals: 2))% (\(s.frontier.count - i) rates)" : "")
            out += "<tr><td>\(e(rate))</td>"
                + probabilityCells(p.probability, p.standardError, p.interval95, count: p.count, target: s.target) + "</tr>\n"
        }
        out += """
            </tbody>
            </table></div>
            <p class="quiet">How: \(e(s.method)).\(shown.count < s.frontier.count ? " The last row stands for every rate from which no path had bad debt (the same numbers at each)." : "")</p>
            </section>

            """
        return out
    }

    func footer() -> String {
        var rows = ReportPage.identity(tool: header.tool, scenario: scenario, scenarioPath: scenarioPath)
        rows += [("Paths", Honest.count(header.paths) + " simulated with one seed; every point of the frontier uses the same paths"),
                 ReportPage.stepsRow(scenario),
                 ("Shocks", scenario.distributionName),
                 ("Run", HTMLText.date(date))]
        return ReportPage.footer(title: "Reproducing this answer", rows: rows, command: reproduceCommand, scenario: scenario)
    }
}
