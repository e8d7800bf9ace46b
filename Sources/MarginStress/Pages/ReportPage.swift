import Foundation

/// The parts every HTML report shares: the document around the sections (inline style, no scripts), the
/// masthead, the warnings, the reproducibility footer and the paragraph on the model.
enum ReportPage {
    /// A complete page: `body` (the sections) inside the document head with the inline style sheet.
    static func document(title: String, tool: RunSummary.ToolInfo, body: String) -> String {
        let e = HTMLText.e
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="\(HTMLText.attribute(tool.name + " " + tool.version))"/>
            <title>\(e(title)) - MarginStress report</title>
            <style>\(ReportStyle.css)</style>
            </head>
            <body>
            <div class="page">

            """ + body + "</div>\n</body>\n</html>\n"
    }

    /// The header: what kind of report, the scenario's name, and one line of settings.
    static func masthead(kind: String, scenario: String, meta: String) -> String {
        let e = HTMLText.e
        return """
            <header class="masthead">
            <p class="eyebrow">MarginStress · \(e(kind))</p>
            <h1>\(e(scenario))</h1>
            <p class="meta">\(e(meta))</p>
            </header>

            """
    }

    /// "20,000 paths × 168 steps over 7 days": the size of a simulation.
    static func size(paths: Int, steps: Int, horizonDays: Double) -> String {
        "\(Honest.count(paths)) path\(paths == 1 ? "" : "s") × \(Honest.count(steps)) step\(steps == 1 ? "" : "s") "
            + "over \(RunText.days(horizonDays))"
    }

    /// The headline card: `main` (the answer, as paragraphs of HTML) beside a list of facts, each a label, a
    /// value and an optional line of detail (plain text, escaped here).
    static func headline(_ main: String, facts: [(label: String, value: String, detail: String?)]) -> String {
        "<section class=\"card headline\">\n<div class=\"headline-main\">\n" + main + "\n</div>\n"
            + factList(facts) + "</section>\n\n"
    }

    /// Facts as a definition list: each a label, a value and an optional line of detail (escaped here).
    static func factList(_ facts: [(label: String, value: String, detail: String?)]) -> String {
        let e = HTMLText.e
        var out = "<dl class=\"facts\">\n"
        for fact in facts {
            out += "<div><dt>\(e(fact.label))</dt><dd>\(e(fact.value))</dd>"
            if let detail = fact.detail { out += "<dd class=\"detail\">\(e(detail))</dd>" }
            out += "</div>\n"
        }
        return out + "</dl>\n"
    }

    /// The scenario's warnings as a call-out; empty when there are none.
    static func warnings(_ warnings: [String]) -> String {
        guard !warnings.isEmpty else { return "" }
        var out = "<section class=\"card callout\">\n<h2>Warnings</h2>\n<ul>\n"
        for w in warnings { out += "<li>\(HTMLText.e(HTMLText.sentence(w)))</li>\n" }
        return out + "</ul>\n</section>\n\n"
    }

    /// The footer's rows every command has: tool, scenario with its file, digest, seed.
    static func identity(tool: RunSummary.ToolInfo, scenario: Scenario, scenarioPath: String?) -> [(String, String)] {
        [("Tool", "\(tool.name) \(tool.version)"),
         ("Scenario", scenarioPath.map { "\(scenario.name) (\($0))" } ?? "\(scenario.name) (built-in default scenario)"),
         ("Scenario digest", scenario.digest),
         ("Seed", String(scenario.seed))]
    }

    /// The footer row on the monitoring steps.
    static func stepsRow(_ scenario: Scenario) -> (String, String) {
        ("Steps", "\(Honest.count(scenario.steps)) over \(RunText.days(scenario.horizonDays)), one every "
            + "\(RunText.duration(days: scenario.stepDays)) (\(Honest.format(scenario.daysPerYear, decimals: 0)) days a year)")
    }

    /// The reproducibility footer: `rows` as a definition list, the command that gives the same numbers, and what
    /// the model assumed.
    static func footer(title: String, rows: [(String, String)], command: String, scenario: Scenario,
                       bothModes: Bool = false) -> String {
        let e = HTMLText.e
        var out = "<footer class=\"card reproduce\">\n<h2>\(e(title))</h2>\n<dl>\n"
        for (k, v) in rows { out += "<dt>\(e(k))</dt><dd>\(e(v))</dd>\n" }
        out += """
            </dl>
            <p>The same scenario and seed give the same numbers on any machine and with any number of workers (the \
            timing aside). To run it again:</p>
            <pre><code>\(e(command))</code></pre>
            <p class="quiet">\(e(modelNote(scenario, bothModes: bothModes)))</p>
            </footer>

            """
        return out
    }

    /// What the model assumed for this scenario, in a few sentences; `bothModes` for a page on cross and
    /// isolated margin alike.
    static func modelNote(_ s: Scenario, bothModes: Bool = false) -> String {
        let features: [(present: Bool, name: String, absent: String)] = [
            (s.hasLiquidationCosts, "liquidation costs (spread, impact, fee)", "liquidation costs"),
            (s.hasFunding, "funding", "funding"),
            (s.hasTieredMargin, "tiered maintenance margin", "tiered margin"),
            (s.partialLiquidationBuffer != nil, "partial liquidation", "partial liquidation"),
        ]
        let on = features.filter(\.present).map(\.name), off = features.filter { !$0.present }.map(\.absent)
        let shocks: String
        switch s.distribution {
        case .gaussian: shocks = "correlated geometric Brownian motion for prices"
        case .studentT(let nu): shocks = "correlated log-returns with multivariate Student-t shocks (\(levelKey(nu)) degrees of "
            + "freedom, unit variance) for prices"
        case .garch(let g):
            shocks = "log-returns whose variances follow each asset's GARCH(1,1)"
                + (g.assets.contains { ($0?.gamma ?? 0) != 0 } ? " with the GJR leverage term" : "")
                + " recursion along every path from its last filtered variance, with "
                + (g.degreesOfFreedom.map { "standardised Student-t (\(levelKey($0)) degrees of freedom)" } ?? "Gaussian")
                + " innovations correlated by the residual correlation, for prices"
        case .historical(let h):
            shocks = "joint log-returns resampled from \(h.windowText) \(h.bootstrapText), for prices"
        case .filteredHistorical(let h):
            shocks = "filtered historical simulation: the joint standardised residuals of \(h.windowText) (each asset's "
                + h.filterText + ") resampled \(h.bootstrapText) and rescaled by the variance each path generates from its "
                + "own returns, for prices"
        }
        var text = "The model: \(shocks), the account marked at every step, "
        if bothModes {
            text += "under cross margin the whole account liquidated at the first step with its equity below its maintenance "
                + "margin, under isolated margin each position alone at the first step with its own equity below its own "
                + "maintenance margin."
        } else if s.mode == .isolated {
            text += "each position liquidated alone at the first step with its own equity below its own maintenance margin."
        } else {
            text += "liquidation at the first step with equity below maintenance margin."
        }
        if !on.isEmpty { text += " This scenario includes " + list(on) + "." }
        if !off.isEmpty { text += " It has no " + list(off, joiner: "or") + "." }
        return text + " Discrete checks understate the probability of a continuously marked account. "
            + "See the README for every assumption."
    }

    /// "a, b and c".
    static func list(_ items: [String], joiner: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(joiner) " + items.last!
    }
}
