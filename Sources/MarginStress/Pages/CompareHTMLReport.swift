import Foundation

/// `compare` as one self-contained HTML page: cross and isolated margin side by side on the same paths.
///
/// The page has the account at a glance (with each position's isolated margin), the two headline probabilities
/// with their intervals, the survival curves of both modes, the per-position liquidation probabilities, contagion
/// against rescue by the pool, a table of every number, and the reproducibility footer. Like the run report it
/// has no scripts and fetches nothing.
public struct CompareHTMLReport: EscapesHTML {
    public var summary: CompareSummary
    public var scenario: Scenario
    /// The scenario file's path; nil for the built-in default scenario.
    public var scenarioPath: String?
    public var date: Date
    /// Seconds the comparison took, for the footer; nil leaves it out.
    public var seconds: Double?

    public init(summary: CompareSummary, scenario: Scenario, scenarioPath: String?, date: Date, seconds: Double? = nil) {
        self.summary = summary
        self.scenario = scenario
        self.scenarioPath = scenarioPath
        self.date = date
        self.seconds = seconds
    }

    /// The command line that gives the same comparison.
    public var reproduceCommand: String {
        HTMLText.reproduceCommand("compare", scenario: scenario, scenarioPath: scenarioPath)
    }

    /// The whole page.
    public var html: String {
        let s = summary
        let charts = CompareCharts.all(s).map { $0.document.render(standalone: false) }
        var body = ReportPage.masthead(
            kind: "cross versus isolated margin", scenario: s.scenario,
            meta: ReportPage.size(paths: s.paths, steps: s.steps, horizonDays: s.horizonDays)
                + " · the same paths in both modes · \(scenario.distributionName) shocks · seed \(s.seed) · run \(HTMLText.date(date))")
        body += headline()
        body += ReportPage.warnings(s.warnings)
        body += AccountGlance(scenario: scenario, isolated: false, showsIsolatedMargins: true,
                              hasWarnings: !s.warnings.isEmpty, lead: lead()).html
        body += sideBySide(survival: charts[0], positions: charts[1], contagion: charts[2])
        body += footer()
        return ReportPage.document(title: s.scenario + " (cross versus isolated)", tool: s.tool, body: body)
    }

    func lead() -> String {
        "Cross margin: one pool of collateral backs every position, and the account is liquidated, all positions at "
            + "once, at the first check where its equity is below its maintenance margin. Isolated margin: each "
            + "position gets the margin in the last column and is liquidated alone when its own equity falls below "
            + "its own maintenance margin; collateral not allocated stays out of reach of losses."
    }

    func headline() -> String {
        let s = summary
        var out = "<section class=\"card duo\">\n"
        for (name, mode, css, what) in [("Cross margin", s.cross, "cross", "the account liquidated"),
                                        ("Isolated margin", s.isolated, "isolated", "at least one position liquidated")] {
            let p = RunText.probability(mode.anyLiquidated)
            out += """
                <div class="mode \(css)">
                <p class="label">\(e(name)): \(e(what)) within \(e(RunText.days(s.horizonDays)))</p>
                <p class="value">\(e(p.value))</p>
                <p class="interval">95% interval <strong>\(e(p.lower)) to \(e(p.upper))</strong>\(seText(mode.anyLiquidated))</p>
                <p class="interval">\(e(Honest.count(mode.anyLiquidated.count))) of \(e(Honest.count(s.paths))) paths</p>
                """
            out += "\n" + ReportPage.factList([
                ("Positions liquidated, expected", Honest.format(mode.expectedPositionsLiquidated, decimals: 4), nil),
                ("Equity lost by liquidation, expected", RunText.money(mode.expectedLiquidationLoss), nil),
            ]) + "</div>\n\n"
        }
        return out + "</section>\n\n"
    }

    func sideBySide(survival: String, positions: String, contagion: String) -> String {
        let s = summary
        var out = """
            <section class="card">
            <h2>Side by side</h2>
            <figure>
            \(survival)
            <figcaption>Read each curve at any day for the probability that nothing has been liquidated yet. Pooling \
            usually delays the first liquidation (the blue curve above the amber one) but, when it comes, takes every \
            position at once.</figcaption>
            </figure>
            <figure>
            \(positions)
            <figcaption>Under cross margin every position shares the account's fate, so its bars are all the same \
            height; under isolated margin each position's bar depends on its own margin and volatility.</figcaption>
            </figure>
            <figure>
            \(contagion)
            <figcaption>Contagion is the price of pooling for a position: liquidated with the account although its own \
            margin would have held. Saved by pooling is the benefit: liquidated on its own margin although the pooled \
            account survived.</figcaption>
            </figure>
            <h3>Every position</h3>
            <div class="table-wrap"><table>
            <thead><tr><th>Position</th><th>Quantity</th><th>Isolated margin</th><th>Liquidated: cross</th>\
            <th>Liquidated: isolated</th><th>Contagion</th><th>Saved by pooling</th></tr></thead>
            <tbody>

            """
        func cell(_ p: ProportionEstimate) -> String {
            let t = RunText.probability(p)
            return "<td>\(e(t.value)) <span class=\"range\">(\(e(t.lower)) to \(e(t.upper)))</span></td>"
        }
        for p in s.positions {
            out += "<tr><td>\(e(p.asset))</td><td>\(e(HTMLText.plain(p.quantity)))</td><td>\(e(RunText.money(p.isolatedMargin)))</td>"
                + cell(p.crossLiquidated) + cell(p.isolatedLiquidated) + cell(p.contagion) + cell(p.savedByPooling) + "</tr>\n"
        }
        out += """
            </tbody>
            </table></div>
            <h3>When the first liquidation comes</h3>
            <div class="table-wrap"><table class="narrow">
            <thead><tr><th></th><th>Cross</th><th>Isolated</th></tr></thead>
            <tbody>
            <tr><td>Mean time to the first liquidation, if any</td><td>\(e(meanDays(s.cross)))</td><td>\(e(meanDays(s.isolated)))</td></tr>
            <tr><td>Expected positions liquidated</td><td>\(e(Honest.format(s.cross.expectedPositionsLiquidated, decimals: 4)))</td>\
            <td>\(e(Honest.format(s.isolated.expectedPositionsLiquidated, decimals: 4)))</td></tr>
            <tr><td>Equity lost by liquidation, expected</td><td>\(e(RunText.money(s.cross.expectedLiquidationLoss)))</td>\
            <td>\(e(RunText.money(s.isolated.expectedLiquidationLoss)))</td></tr>
            </tbody>
            </table></div>
            <p class="quiet">Intervals are 95% Wilson intervals. Equity lost is the equity at the start less the \
            equity left at liquidation (per position under isolated margin: its margin less its equity then), \
            averaged over all paths (0 on paths without a liquidation): mostly the market move up to the check, \
            plus liquidation costs when the scenario has them.</p>
            </section>

            """
        return out
    }

    /// " · standard error 0.03%", or nothing when no path or every path was liquidated (the error is then 0
    /// and only the interval says how uncertain the estimate is).
    func seText(_ p: ProportionEstimate) -> String {
        guard p.standardError > 0 else { return "" }
        return " · standard error \(e(RunText.probability(p).se))"
    }

    func meanDays(_ mode: CompareSummary.Mode) -> String {
        mode.timeToLiquidation.meanDays.map { RunText.days(($0 * 100).rounded() / 100) } ?? "no path liquidated"
    }

    func footer() -> String {
        var rows = ReportPage.identity(tool: summary.tool, scenario: scenario, scenarioPath: scenarioPath)
        rows += [("Paths", Honest.count(summary.paths) + " simulated, each followed under both modes"),
                 ReportPage.stepsRow(scenario),
                 ("Shocks", scenario.distributionName)]
        var run = HTMLText.date(date)
        if let seconds { run += ", \(Honest.format(seconds, decimals: 2)) s" }
        rows.append(("Run", run))
        return ReportPage.footer(title: "Reproducing this comparison", rows: rows, command: reproduceCommand, scenario: scenario,
                                 bothModes: true)
    }
}
