import Foundation

/// A run as one self-contained HTML page: the account at a glance, the headline liquidation probability with
/// its interval, the four charts, the tail metrics, warnings, and what is needed to reproduce the run.
///
/// The page has its CSS inline and its charts as inline SVG; it has no scripts and fetches nothing (no fonts,
/// no style sheets, no images), so it can be mailed or archived as one file and opened anywhere. Numbers are
/// rounded by their errors as in the terminal table. The markup is well-formed XML as well as HTML.
public struct HTMLReport {
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
        var words = ["margin-stress", "run"]
        if let scenarioPath { words.append(Self.shellQuoted(scenarioPath)) }
        words += ["--paths", String(scenario.paths), "--steps", String(scenario.steps)]
        words += ["--horizon", Self.shellQuoted(scenario.horizonText.isEmpty ? levelKey(scenario.horizonDays) : scenario.horizonText)]
        words += ["--seed", String(scenario.seed)]
        if scenario.antithetic { words.append("--antithetic") }
        if let r = scenario.relativePrecision { words += ["--relative-precision", levelKey(r)] }
        return words.joined(separator: " ")
    }

    /// The run's date as `2026-01-31 14:05:09 UTC`.
    public var dateText: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return f.string(from: date)
    }

    /// Whether the run used isolated margin (each position liquidated alone) rather than cross margin.
    var isolated: Bool { summary.marginMode == Scenario.MarginMode.isolated.rawValue }

    /// The whole page.
    public var html: String {
        let s = summary
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="\(e(s.tool.name)) \(e(s.tool.version))"/>
            <title>\(e(s.scenario)) - MarginStress report</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <div class="page">

            """
        let charts = RunCharts.all(summary).map { $0.document.render(standalone: false) }
        page += masthead()
        page += headline()
        page += warningsSection()
        page += accountSection()
        page += whenSection(survival: charts[0], timeToLiquidation: charts[1])
        page += lossSection(chart: charts[2])
        page += equitySection(chart: charts[3])
        page += footer()
        page += "</div>\n</body>\n</html>\n"
        return page
    }

    // MARK: sections

    func masthead() -> String {
        let s = summary
        let settings = "\(Honest.count(s.paths)) path\(s.paths == 1 ? "" : "s") × \(Honest.count(s.steps)) "
            + "step\(s.steps == 1 ? "" : "s") over \(RunText.days(s.horizonDays)) · \(isolated ? "isolated" : "cross") margin · "
            + "\(s.distribution) shocks · seed \(s.seed)"
        return """
            <header class="masthead">
            <p class="eyebrow">MarginStress · cross-margin stress test</p>
            <h1>\(e(s.scenario))</h1>
            <p class="meta">\(e(settings)) · run \(e(dateText))</p>
            </header>

            """
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
        var out = """
            <section class="card headline">
            <div class="headline-main">
            <p class="label">\(isolated ? "Probability that a position is liquidated" : "Probability of liquidation") \
            within \(e(RunText.days(s.horizonDays)))</p>
            <p class="value">\(e(liq.value))</p>
            <p class="interval">95% interval <strong>\(e(liq.lower)) to \(e(liq.upper))</strong> · standard error \(e(liq.se))</p>
            <p class="interval">\(e(Honest.count(s.liquidation.count))) of \(e(Honest.count(s.paths))) simulated paths \
            \(isolated ? "had a position reach its own maintenance margin" : "reached maintenance margin")\(e(samplingNote()))</p>
            </div>
            <dl class="facts">

            """
        for (label, value, detail) in facts {
            out += "<div><dt>\(e(label))</dt><dd>\(e(value))</dd>"
            if let detail { out += "<dd class=\"detail\">\(e(detail))</dd>" }
            out += "</div>\n"
        }
        out += "</dl>\n</section>\n\n"
        return out
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

    func warningsSection() -> String {
        guard !summary.warnings.isEmpty else { return "" }
        var out = "<section class=\"card callout\">\n<h2>Warnings</h2>\n<ul>\n"
        for w in summary.warnings { out += "<li>\(e(Self.sentence(w)))</li>\n" }
        return out + "</ul>\n</section>\n\n"
    }

    func accountSection() -> String {
        let a = summary.account, sc = scenario
        var stats: [(String, String)] = [("Equity", RunText.money(a.equity)),
                                         ("Maintenance margin", RunText.money(a.maintenanceMargin))]
        if let im = a.initialMargin { stats.append(("Initial margin", RunText.money(im))) }
        stats.append(("Gross notional", RunText.money(a.grossNotional)))
        stats.append(("Leverage", a.leverage.map { Honest.format($0, decimals: 2) + "x" } ?? "n/a"))
        stats.append(("Margin ratio", a.marginRatio.map { Honest.format($0 * 100, decimals: 2) + "%" } ?? "n/a"))
        var out = "<section class=\"card\">\n<h2>The account at the start</h2>\n"
        let room = a.equity - a.maintenanceMargin
        if isolated {
            out += "<p class=\"lead\">Isolated margin: each position has its own margin (the last column) and is "
                + "liquidated alone, at the first check where its own equity is below its maintenance margin. "
                + "Collateral not allocated to a position is not at risk. The probability above is that of the "
                + "first position liquidated.</p>\n"
        } else if a.grossNotional > 0 && room > 0 {
            let every = RunText.duration(days: summary.horizonDays / Double(max(summary.steps, 1)))
            out += "<p class=\"lead\">One pool of collateral backs every position. The account is liquidated, all "
                + "positions at once, at the first check (one every \(e(every))) where its equity is below its "
                + "maintenance margin. At today's prices that is a loss of \(e(RunText.money(room))), "
                + "\(e(Self.percentText(room / a.grossNotional, decimals: 2))) of the gross notional.</p>\n"
        }
        out += "<div class=\"stats\">\n"
        for (label, value) in stats { out += "<div class=\"stat\"><span>\(e(label))</span><strong>\(e(value))</strong></div>\n" }
        out += "</div>\n"

        out += "<h3>Positions</h3>\n"
        let isolatedHeader = isolated ? "<th>Isolated margin</th>" : ""
        if sc.positions.isEmpty {
            out += "<p>No positions.</p>\n"
        } else {
            out += """
                <div class="table-wrap"><table>
                <thead><tr><th>Asset</th><th>Side</th><th>Quantity</th><th>Entry price</th><th>Price now</th>\
                <th>Notional</th><th>Maintenance rate</th><th>Initial rate</th><th>Maintenance margin</th>\(isolatedHeader)</tr></thead>
                <tbody>

                """
            let allocation = MarginModes.allocation(sc)
            for (i, p) in sc.positions.enumerated() {
                let asset = sc.assets[p.asset], notional = abs(p.quantity) * asset.price
                out += "<tr><td>\(e(asset.symbol))</td><td>\(p.quantity >= 0 ? "long" : "short")</td>"
                    + "<td>\(e(Self.plain(p.quantity)))</td><td>\(e(Self.price(p.entryPrice)))</td>"
                    + "<td>\(e(Self.price(asset.price)))</td><td>\(e(RunText.money(notional)))</td>"
                    + "<td>\(e(maintenanceRate(p, notional: notional)))</td>"
                    + "<td>\(e(p.initialMarginRate.map { Self.percentText($0) } ?? "-"))</td>"
                    + "<td>\(e(RunText.money(p.maintenance(atNotional: notional))))</td>"
                    + (isolated ? "<td>\(e(RunText.money(allocation[i])))</td>" : "") + "</tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }

        out += "<h3>Collateral</h3>\n"
        if sc.collateral.isEmpty {
            out += "<p>No collateral: equity is the positions' unrealised PnL alone.</p>\n"
        } else {
            out += """
                <div class="table-wrap"><table>
                <thead><tr><th>Asset</th><th>Amount</th><th>Price now</th><th>Haircut</th><th>Value after haircut</th></tr></thead>
                <tbody>

                """
            for c in sc.collateral {
                let asset = sc.assets[c.asset]
                out += "<tr><td>\(e(asset.symbol))</td><td>\(e(Self.plain(c.amount)))</td><td>\(e(Self.price(asset.price)))</td>"
                    + "<td>\(e(Self.percentText(c.haircut)))</td>"
                    + "<td>\(e(RunText.money(c.amount * asset.price * (1 - c.haircut))))</td></tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        out += marketTables()
        if summary.warnings.isEmpty { out += "<p class=\"quiet\">The scenario raised no warnings.</p>\n" }
        return out + "</section>\n\n"
    }

    /// The maintenance rate of a position at its notional now: its flat rate, or the effective rate of its tiers.
    func maintenanceRate(_ p: Scenario.Position, notional: Double) -> String {
        guard p.schedule != nil else { return Self.percentText(p.maintenanceMarginRate) }
        guard notional > 0 else { return "tiered" }
        return Self.percentText(p.maintenance(atNotional: notional) / notional, decimals: 3) + " (tiered)"
    }

    func marketTables() -> String {
        let sc = scenario
        var used: [Int] = []
        for i in sc.positions.map(\.asset) + sc.collateral.map(\.asset) where !used.contains(i) { used.append(i) }
        guard !used.isEmpty else { return "" }
        var out = """
            <h3>Market</h3>
            <div class="table-wrap"><table class="narrow">
            <thead><tr><th>Asset</th><th>Price</th><th>Volatility (a year)</th><th>Drift (a year)</th></tr></thead>
            <tbody>

            """
        for i in used {
            let a = sc.assets[i]
            out += "<tr><td>\(e(a.symbol))</td><td>\(e(Self.price(a.price)))</td>"
                + "<td>\(e(Self.percentText(a.volatility)))</td><td>\(e(Self.percentText(a.drift)))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        let moving = used.filter { sc.assets[$0].volatility > 0 }
        let n = sc.assets.count
        if moving.count >= 2 && moving.count <= 12 && sc.correlation.count == n * n {
            out += "<p class=\"quiet\">Correlations of the price shocks (\(e(summary.distribution)), "
                + "\(e(Honest.format(sc.daysPerYear, decimals: 0))) days a year):</p>\n"
            out += "<div class=\"table-wrap\"><table class=\"corr\">\n<thead><tr><th></th>"
            for j in moving { out += "<th>\(e(sc.assets[j].symbol))</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for i in moving {
                out += "<tr><th>\(e(sc.assets[i].symbol))</th>"
                for j in moving {
                    let rho = sc.correlation[i * n + j]
                    let alpha = Honest.format(min(1, abs(rho)) * 0.45, decimals: 2)
                    let colour = rho >= 0 ? "37, 99, 235" : "220, 38, 38"
                    out += "<td style=\"background: rgba(\(colour), \(alpha))\">\(e(Honest.format(rho, decimals: 2)))</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        return out
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
                + "<td>\(e(t.esErrorText ?? "n/a"))</td><td>\(e(Honest.count(t.pathsBeyond)))</td></tr>\n"
        }
        out += """
            </tbody>
            </table></div>
            <p class="quiet">VaR is the loss exceeded with the level's complement of probability (1% for 99%); its \
            interval is distribution-free. ES is the mean loss at or beyond VaR, and rests on the paths counted in \
            the last column: with few of them it is a rough number. Quantiles come from a sketch with relative \
            accuracy \(e(Self.percentText(s.sketchRelativeAccuracy))).</p>

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
        let s = summary, sc = scenario
        var paths = Honest.count(s.paths) + " simulated"
        if s.sampling.pathsRequested != s.paths { paths += " of \(Honest.count(s.sampling.pathsRequested)) asked for" }
        let rows: [(String, String)] = [
            ("Tool", "\(s.tool.name) \(s.tool.version)"),
            ("Scenario", scenarioPath.map { "\(s.scenario) (\($0))" } ?? "\(s.scenario) (built-in default scenario)"),
            ("Scenario digest", s.scenarioDigest),
            ("Seed", String(s.seed)),
            ("Paths", paths + (s.sampling.method == "antithetic" ? ", in antithetic pairs" : "")),
            ("Steps", "\(Honest.count(s.steps)) over \(RunText.days(s.horizonDays)), one every "
                + "\(RunText.duration(days: s.horizonDays / Double(max(s.steps, 1)))) "
                + "(\(Honest.format(sc.daysPerYear, decimals: 0)) days a year)"),
            ("Margin", isolated ? "isolated: each position liquidated alone" : "cross: one pool backs every position"),
            ("Shocks", s.distribution),
            ("Run", "\(dateText), \(Honest.format(s.timing.simulationSeconds, decimals: 2)) s on \(s.timing.workers) "
                + "worker\(s.timing.workers == 1 ? "" : "s")"),
        ]
        var out = "<footer class=\"card reproduce\">\n<h2>Reproducing this run</h2>\n<dl>\n"
        for (k, v) in rows { out += "<dt>\(e(k))</dt><dd>\(e(v))</dd>\n" }
        out += """
            </dl>
            <p>The same scenario and seed give the same numbers on any machine and with any number of workers (the \
            timing aside). To run it again:</p>
            <pre><code>\(e(reproduceCommand))</code></pre>
            <p class="quiet">The model: correlated geometric Brownian motion for prices, the account marked at every \
            step, whole-account liquidation at the first step with equity below maintenance margin; no fees, \
            slippage, funding or partial liquidation. Discrete checks understate the probability of a \
            continuously marked account. See the README for every assumption.</p>
            </footer>

            """
        return out
    }

    // MARK: text helpers

    func e(_ text: String) -> String { XMLText.escape(text) }

    /// A warning as a sentence: capital first letter, final full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let body = first.uppercased() + text.dropFirst()
        return body.hasSuffix(".") ? body : body + "."
    }

    /// A fraction as a percentage with up to `decimals` decimals, trailing zeros dropped: 0.004 is "0.4%".
    static func percentText(_ x: Double, decimals: Int = 3) -> String {
        guard x.isFinite else { return "n/a" }
        var text = Honest.format(x * 100, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + "%"
    }

    /// A quantity or amount as given, with thousands separators (up to eight decimals, trailing zeros dropped).
    static func plain(_ x: Double) -> String {
        var text = Honest.format(x, decimals: x == x.rounded() ? 0 : 8)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A price: whole units from 1,000 up, else up to six significant digits.
    static func price(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        if abs(x) >= 1000 { return plain((x * 100).rounded() / 100) }
        let decimals = max(0, 5 - Int(Foundation.log10(max(abs(x), 1e-12)).rounded(.down)))
        return plain(Double(String(format: "%.\(min(decimals, 8))f", x)) ?? x)
    }

    /// `text` as one shell word.
    static func shellQuoted(_ text: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+=:,@%")
        if !text.isEmpty && text.unicodeScalars.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static let css = """

        :root { --ink: #1f2937; --muted: #4b5563; --faint: #6b7280; --line: #e5e7eb; --paper: #f5f6f8; \
        --card: #ffffff; --accent: #2563eb; --warn: #b45309; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--paper); color: var(--ink); font-size: 15px; line-height: 1.55; \
        font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; }
        .page { max-width: 1060px; margin: 0 auto; padding: 36px 28px 56px; }
        .masthead { padding: 0 4px 8px; }
        .eyebrow { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; }
        h1 { margin: 6px 0 4px; font-size: 30px; line-height: 1.2; letter-spacing: -0.01em; }
        h2 { margin: 0 0 14px; font-size: 20px; letter-spacing: -0.005em; }
        h3 { margin: 24px 0 8px; font-size: 15px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
        .meta { margin: 0; color: var(--faint); font-size: 14px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 24px 28px; \
        margin: 20px 0; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.05); }
        .headline { display: grid; grid-template-columns: 1.25fr 1fr; gap: 28px; align-items: center; }
        .headline .label { margin: 0; font-size: 15px; font-weight: 600; color: var(--muted); }
        .headline .value { margin: 4px 0 8px; font-size: 60px; font-weight: 700; line-height: 1; color: var(--accent); \
        font-variant-numeric: tabular-nums; letter-spacing: -0.02em; }
        .headline .interval { margin: 2px 0; color: var(--muted); font-size: 14px; }
        .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px 22px; margin: 0; padding-left: 26px; \
        border-left: 1px solid var(--line); }
        .facts dt { font-size: 13px; color: var(--muted); }
        .facts dd { margin: 0; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .facts dd.detail { font-size: 12px; font-weight: 400; color: var(--faint); }
        .lead { margin: 0 0 16px; color: var(--muted); }
        .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
        .stat { background: var(--paper); border-radius: 8px; padding: 10px 14px; }
        .stat span { display: block; font-size: 12px; color: var(--muted); }
        .stat strong { font-size: 19px; font-variant-numeric: tabular-nums; }
        table { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
        table.narrow { width: auto; min-width: 50%; }
        table.corr { width: auto; }
        table.corr td, table.corr th { text-align: center; min-width: 64px; }
        .table-wrap { overflow-x: auto; }
        th, td { padding: 7px 12px; border-bottom: 1px solid var(--line); text-align: right; }
        td { white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        thead th { font-size: 12px; font-weight: 600; color: var(--muted); line-height: 1.3; vertical-align: bottom; \
        border-bottom: 2px solid var(--line); }
        tbody tr:last-child td { border-bottom: none; }
        figure { margin: 10px 0 26px; }
        figure svg { display: block; width: 100%; height: auto; }
        figcaption { margin: 8px 4px 0; color: var(--muted); font-size: 14px; max-width: 78ch; }
        .quiet { color: var(--muted); font-size: 14px; }
        .callout { border-left: 5px solid var(--warn); background: #fffbeb; }
        .callout h2 { color: var(--warn); }
        .callout ul { margin: 0; padding-left: 20px; }
        .reproduce dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 22px; margin: 0 0 16px; font-size: 14px; }
        .reproduce dt { color: var(--muted); }
        .reproduce dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        pre { margin: 8px 0 14px; padding: 12px 16px; background: #111827; color: #e5e7eb; border-radius: 8px; \
        white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace; }
        @media (max-width: 780px) {
          .headline { grid-template-columns: 1fr; }
          .facts { padding-left: 0; border-left: none; }
          .page { padding: 20px 12px; }
          th, td { padding: 6px 8px; }
        }
        @media print {
          body { background: #fff; }
          .card { box-shadow: none; break-inside: avoid; }
        }

        """
}
