import Foundation

/// A run as one self-contained HTML page: the account at a glance, the headline liquidation probability with
/// its interval, the four charts, the tail metrics, warnings, and what is needed to reproduce the run.
///
/// The page has its CSS inline and its charts as inline SVG; it has no scripts and fetches nothing (no fonts,
/// no style sheets, no images), so it can be mailed or archived as one file and opened anywhere. Numbers are
/// rounded by their errors as in the terminal table. The markup is well-formed XML as well as HTML.
public struct HTMLReport: EscapesHTML {
    public var summary: RunSummary
    /// The validated scenario the run simulated (the summary keeps only its name and digest).
    public var scenario: Scenario
    /// The scenario file's path; nil for the built-in default scenario.
    public var scenarioPath: String?
    /// When the run was made.
    public var date: Date

    /// A report of `summary`, the run of `scenario` (read from `scenarioPath`, nil for the built-in one) made on `date`.
    public init(summary: RunSummary, scenario: Scenario, scenarioPath: String?, date: Date) {
        self.summary = summary
        self.scenario = scenario
        self.scenarioPath = scenarioPath
        self.date = date
    }

    /// The command line that runs the same scenario with the same settings (and so gives the same numbers).
    public var reproduceCommand: String {
        HTMLText.reproduceCommand("run", scenario: scenario, scenarioPath: scenarioPath)
    }

    /// The run's date as `2026-01-31 14:05:09 UTC`.
    public var dateText: String { HTMLText.date(date) }

    /// Whether the run used isolated margin (each position liquidated alone) rather than cross margin.
    var isolated: Bool { summary.marginMode == Scenario.MarginMode.isolated.rawValue }

    /// The whole page.
    public var html: String {
        let s = summary
        var page = ""
        let charts = RunCharts.all(summary).map { $0.document.render(standalone: false) }
        page += masthead()
        page += headline()
        page += ReportPage.warnings(s.warnings)
        if let rare = s.rareEvent { page += RareEventSection(rare: rare).html }
        page += AccountGlance(scenario: scenario, isolated: isolated, hasWarnings: !s.warnings.isEmpty).html
        page += whenSection(survival: charts[0], timeToLiquidation: charts[1])
        page += lossSection(chart: charts[2])
        page += equitySection(chart: charts[3])
        page += footer()
        return ReportPage.document(title: s.scenario, tool: s.tool, body: page)
    }

    // MARK: sections

    func masthead() -> String {
        let s = summary
        let settings = ReportPage.size(paths: s.paths, steps: s.steps, horizonDays: s.horizonDays)
            + " · \(isolated ? "isolated" : "cross") margin · \(s.distribution) shocks · seed \(s.seed)"
        return ReportPage.masthead(kind: "cross-margin stress test", scenario: s.scenario, meta: settings + " · run \(dateText)")
    }

    func headline() -> String {
        let s = summary, liq = RunText.probability(s.liquidation)
        var facts: [(String, String, String?)] = []
        if let mean = s.timeToLiquidation.meanDays {
            facts.append(("Mean time to liquidation, if liquidated", RunText.days((mean * 100).rounded() / 100), nil))
        } else {
            facts.append(("Mean time to liquidation", "no path liquidated", nil))
        }
        let below = RunText.probability(s.minimumEquity.belowZero)
        facts.append(("Equity below zero at some step", below.value,
                      "\(RunText.paths(s.minimumEquity.belowZero.count)); bad debt before fees"))
        let tails = RunText.tails(s)
        if let t = tails.first(where: { $0.level == 0.99 }) {
            facts.append(("Value at risk, 99%", t.varText, "loss at the horizon or at liquidation"))
            facts.append(("Expected shortfall, 99%", t.esText, "mean loss in the worst 1%"))
        }
        let main = """
            <p class="label">\(isolated ? "Probability that a position is liquidated" : "Probability of liquidation") \
            within \(e(RunText.days(s.horizonDays)))</p>
            <p class="value">\(e(liq.value))</p>
            <p class="interval">95% interval <strong>\(e(liq.lower)) to \(e(liq.upper))</strong> · standard error \(e(liq.se))</p>
            <p class="interval">\(e(Honest.count(s.liquidation.count))) of \(e(Honest.count(s.paths))) simulated paths \
            \(isolated ? "had a position reach its own maintenance margin" : "reached maintenance margin")\(e(samplingNote()))</p>
            """
        return ReportPage.headline(main, facts: facts)
    }

    func samplingNote() -> String {
        let s = summary.sampling
        var note = ""
        if s.method == "antithetic" {
            note += " (antithetic pairs"
            if let vr = s.liquidationVarianceReduction { note += ", variance reduction \(Honest.format(vr, decimals: 2))x" }
            note += ")"
        }
        if let target = s.relativePrecisionTarget {
            note += s.stoppedAtPrecision
                ? "; stopped at the precision target of ±\(Honest.format(target * 100, decimals: 1))%"
                : "; the precision target of ±\(Honest.format(target * 100, decimals: 1))% was not reached"
        }
        return note
    }

    func whenSection(survival: String, timeToLiquidation: String) -> String {
        """
            <section class="card">
            <h2>How likely, and when</h2>
            <figure>
            \(survival)
            <figcaption>Read the curve at any day for the probability that the account is still open then; the gap \
            between 100% and the curve at the last day is the liquidation probability above. A shaded band much wider \
            than the line means few liquidations were seen: run more paths for a tighter answer.</figcaption>
            </figure>
            <figure>
            \(timeToLiquidation)
            <figcaption>When the liquidations happen. Bars early in the horizon mean a single sharp move can take the \
            account down; bars that grow towards the end mean it takes days of adverse moves to use up the \
            margin.</figcaption>
            </figure>
            </section>

            """
    }

    func lossSection(chart: String) -> String {
        let s = summary, p = s.terminalPnL
        let room = s.account.equity - s.account.maintenanceMargin
        var out = """
            <section class="card">
            <h2>Losses</h2>
            <figure>
            \(chart)
            <figcaption>Terminal PnL is the equity when a path ends (at the horizon, or at the check where it was \
            liquidated) minus the equity at the start. A liquidated path stops with the equity left at that check, so \
            the losses of liquidated paths bunch up near the room the account had above its maintenance margin \
            (\(e(RunText.money(room))) at today's prices); only the move within the last step takes them further.\
            </figcaption>
            </figure>
            <h3>Tail metrics</h3>
            <p class="quiet">Losses are positive numbers here (on the chart they are negative PnL). Mean PnL \
            \(e(Honest.format(p.mean, error: p.standardError))) (standard error \
            \(e(Honest.format(p.standardError, error: p.standardError / 10)))), standard deviation \
            \(e(Honest.format(p.standardDeviation, error: p.standardError))).</p>
            <div class="table-wrap"><table>
            <thead><tr><th>Level</th><th>Value at risk</th><th>95% interval of VaR</th><th>Expected shortfall</th>\
            <th>Standard error of ES</th><th>Paths beyond VaR</th></tr></thead>
            <tbody>

            """
        for t in RunText.tails(s) {
            out += "<tr><td>\(e(RunText.level(t.level)))</td><td>\(e(t.varText))</td>"
                + "<td>\(e(t.lowerText)) to \(e(t.upperText))</td><td>\(e(t.esText))</td>"
                + "<td>\(e(t.esErrorText ?? "n/a: " + (s.terminalPnL.absent?["expectedShortfallStandardError.\(levelKey(t.level))"] ?? "too few paths")))</td><td>\(e(Honest.count(t.pathsBeyond)))</td></tr>\n"
        }
        out += """
            </tbody>
            </table></div>
            <p class="quiet">VaR is the loss exceeded with the level's complement of probability (1% for 99%); its \
            interval is distribution-free. ES is the mean loss at or beyond VaR, and rests on the paths counted in \
            the last column: with few of them it is a rough number. Quantiles come from a sketch with relative \
            accuracy \(e(HTMLText.percentText(s.sketchRelativeAccuracy))).</p>

            """
        out += liquidationOutcome()
        return out + "</section>\n\n"
    }

    /// What a liquidation costs and leaves behind, over the liquidated paths.
    func liquidationOutcome() -> String {
        let o = summary.liquidationOutcome
        guard let lgl = o.lossGivenLiquidation else { return "" }
        var rows: [(String, String)] = [
            ("Loss given liquidation: mean", RunText.money(lgl.mean)),
            ("Loss given liquidation: median", RunText.money(lgl.quantiles["0.5"])),
            ("Loss given liquidation: 99% quantile", RunText.money(lgl.quantiles["0.99"])),
        ]
        if let cost = o.meanCostWhenLiquidated, cost > 0 {
            rows.append(("Liquidation costs paid, mean", RunText.money(cost)))
        }
        let bad = RunText.probability(o.badDebt)
        rows.append(("Bad debt after liquidation (equity below zero)",
                     "\(bad.value) (95% interval \(bad.lower) to \(bad.upper)), \(RunText.paths(o.badDebt.count))"))
        if let mean = o.meanBadDebtWhenBadDebt { rows.append(("Bad debt when it happens, mean", RunText.money(mean))) }
        rows.append(("Bad debt over all paths, mean", Honest.format(o.expectedBadDebt, decimals: 2)))
        var out = """
            <h3>When the account is liquidated</h3>
            <div class="table-wrap"><table class="narrow">
            <tbody>

            """
        for (label, value) in rows { out += "<tr><td>\(e(label))</td><td>\(e(value))</td></tr>\n" }
        out += """
            </tbody>
            </table></div>
            <p class="quiet">The loss given liquidation is the starting equity minus what is left after the \
            liquidation, over the liquidated paths only. Bad debt is what the account owes beyond its collateral \
            once liquidated: the exchange's loss.</p>

            """
        return out
    }

    func equitySection(chart: String) -> String {
        let m = summary.minimumEquity
        let below = RunText.probability(m.belowZero)
        var out = """
            <section class="card">
            <h2>How low equity goes</h2>
            <figure>
            \(chart)
            <figcaption>Each path's lowest equity. Paths that end in the red region left the account owing more than \
            its collateral: with whole-account liquidation at the check's mark price, that is a floor on the bad \
            debt an exchange would take, before fees and slippage.</figcaption>
            </figure>
            <div class="table-wrap"><table class="narrow">
            <thead><tr><th>Quantile of the lowest equity</th><th>Value</th></tr></thead>
            <tbody>

            """
        for (key, label) in [("0.001", "0.1%"), ("0.01", "1%"), ("0.05", "5%"), ("0.5", "median")] {
            out += "<tr><td>\(label)</td><td>\(e(RunText.money(m.quantiles[key])))</td></tr>\n"
        }
        out += "<tr><td>mean</td><td>\(e(RunText.money(m.mean)))</td></tr>\n"
        out += """
            </tbody>
            </table></div>
            <p class="quiet">Equity went below zero at some step on \(e(below.value)) of paths (95% interval \
            \(e(below.lower)) to \(e(below.upper)), \(e(RunText.paths(m.belowZero.count)))).</p>
            </section>

            """
        return out
    }

    func footer() -> String {
        let s = summary
        var paths = Honest.count(s.paths) + " simulated"
        if s.sampling.pathsRequested != s.paths { paths += " of \(Honest.count(s.sampling.pathsRequested)) asked for" }
        let rows = ReportPage.identity(tool: s.tool, scenario: scenario, scenarioPath: scenarioPath) + [
            ("Paths", paths + (s.sampling.method == "antithetic" ? ", in antithetic pairs" : "")),
            ReportPage.stepsRow(scenario),
            ("Margin", isolated ? "isolated: each position liquidated alone" : "cross: one pool backs every position"),
            ("Shocks", s.distribution),
            ("Run", "\(dateText), \(Honest.format(s.timing.simulationSeconds, decimals: 2)) s on \(s.timing.workers) "
                + "worker\(s.timing.workers == 1 ? "" : "s")"),
        ]
        return ReportPage.footer(title: "Reproducing this run", rows: rows, command: reproduceCommand, scenario: scenario)
    }
}
