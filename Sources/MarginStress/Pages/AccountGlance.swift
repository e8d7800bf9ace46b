import Foundation

/// The scenario at a glance, as a report section: the account's equity, margins, leverage and margin ratio,
/// the positions (with their isolated margins when asked), the collateral, the market and its correlations.
struct AccountGlance: EscapesHTML {
    var scenario: Scenario
    /// True when the positions are liquidated alone (the lead paragraph says so).
    var isolated: Bool
    /// Whether the positions table has a column for each position's isolated margin.
    var showsIsolatedMargins: Bool
    /// Whether the report lists warnings elsewhere; without any, the section says the scenario raised none.
    var hasWarnings: Bool
    /// A lead paragraph in place of the cross or isolated default.
    var lead: String?

    init(scenario: Scenario, isolated: Bool, showsIsolatedMargins: Bool? = nil, hasWarnings: Bool, lead: String? = nil) {
        self.scenario = scenario
        self.isolated = isolated
        self.showsIsolatedMargins = showsIsolatedMargins ?? isolated
        self.hasWarnings = hasWarnings
        self.lead = lead
    }

    /// The section as HTML: its lead paragraph is `lead`, or the cross or isolated default.
    var html: String {
        let a = scenario.snapshot, sc = scenario
        var stats: [(String, String)] = [("Equity", RunText.money(a.equity)),
                                         ("Maintenance margin", RunText.money(a.maintenanceMargin))]
        if let im = a.initialMargin { stats.append(("Initial margin", RunText.money(im))) }
        stats.append(("Gross notional", RunText.money(a.grossNotional)))
        stats.append(("Leverage", HTMLText.leverage(a.leverage)))
        stats.append(("Margin ratio", a.marginRatio.map { Honest.format($0 * 100, decimals: 2) + "%" } ?? "n/a"))
        var out = "<section class=\"card\">\n<h2>The account at the start</h2>\n"
        let room = a.equity - a.maintenanceMargin
        if let lead {
            out += "<p class=\"lead\">\(e(lead))</p>\n"
        } else if isolated {
            out += "<p class=\"lead\">Isolated margin: each position has its own margin (the last column) and is "
                + "liquidated alone, at the first check where its own equity is below its maintenance margin. "
                + "Collateral not allocated to a position is not at risk. The probability above is that of the "
                + "first position liquidated.</p>\n"
        } else if a.grossNotional > 0 && room > 0 {
            let every = RunText.duration(days: sc.stepDays)
            out += "<p class=\"lead\">One pool of collateral backs every position. The account is liquidated, all "
                + "positions at once, at the first check (one every \(e(every))) where its equity is below its "
                + "maintenance margin. At today's prices that is a loss of \(e(RunText.money(room))), "
                + "\(e(HTMLText.percentText(room / a.grossNotional, decimals: 2))) of the gross notional.</p>\n"
        }
        out += "<div class=\"stats\">\n"
        for (label, value) in stats { out += "<div class=\"stat\"><span>\(e(label))</span><strong>\(e(value))</strong></div>\n" }
        out += "</div>\n"

        out += "<h3>Positions</h3>\n"
        let isolatedHeader = showsIsolatedMargins ? "<th>Isolated margin</th>" : ""
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
                    + "<td>\(e(HTMLText.plain(p.quantity)))</td><td>\(e(HTMLText.price(p.entryPrice)))</td>"
                    + "<td>\(e(HTMLText.price(asset.price)))</td><td>\(e(RunText.money(notional)))</td>"
                    + "<td>\(e(Self.maintenanceRate(p, notional: notional)))</td>"
                    + "<td>\(e(p.initialMarginRate.map { HTMLText.percentText($0) } ?? "-"))</td>"
                    + "<td>\(e(RunText.money(p.maintenance(atNotional: notional))))</td>"
                    + (showsIsolatedMargins ? "<td>\(e(RunText.money(allocation[i])))</td>" : "") + "</tr>\n"
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
                out += "<tr><td>\(e(asset.symbol))</td><td>\(e(HTMLText.plain(c.amount)))</td><td>\(e(HTMLText.price(asset.price)))</td>"
                    + "<td>\(e(HTMLText.percentText(c.haircut)))</td>"
                    + "<td>\(e(RunText.money(c.amount * asset.price * (1 - c.haircut))))</td></tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        out += marketTables()
        out += modelTables()
        if !hasWarnings { out += "<p class=\"quiet\">The scenario raised no warnings.</p>\n" }
        return out + "</section>\n\n"
    }

    /// The maintenance rate of a position at its notional now: its flat rate, or the effective rate of its tiers.
    static func maintenanceRate(_ p: Scenario.Position, notional: Double) -> String {
        guard p.schedule != nil else { return HTMLText.percentText(p.maintenanceMarginRate) }
        guard notional > 0 else { return "tiered" }
        return HTMLText.percentText(p.maintenance(atNotional: notional) / notional, decimals: 3) + " (tiered)"
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
            out += "<tr><td>\(e(a.symbol))</td><td>\(e(HTMLText.price(a.price)))</td>"
                + "<td>\(e(HTMLText.percentText(a.volatility)))</td><td>\(e(HTMLText.percentText(a.drift)))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        let moving = used.filter { sc.assets[$0].volatility > 0 }
        let n = sc.assets.count
        if moving.count >= 2 && moving.count <= 12 && sc.correlation.count == n * n {
            out += "<p class=\"quiet\">Correlations of the price shocks (\(e(sc.distributionName)), "
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

    /// The shock model's parameters (`ModelParameters`): the GARCH recursion per asset, the history window, the
    /// jumps and the stress overlay; empty for Gaussian and Student-t shocks without overlays.
    func modelTables() -> String {
        guard let m = ModelParameters(scenario: scenario) else { return "" }
        let f = ModelParameters.figure
        var out = "<h3>Shock model: \(e(scenario.distributionName))</h3>\n"
        if let h = m.history {
            var text = "Resampled window: \(h.periods) periods"
            if let file = h.file { text += " of \(file)" }
            if let a = h.firstDate, let b = h.lastDate { text += " (\(a) to \(b))" }
            text += h.bootstrap == "stationary" ? ", stationary block bootstrap with mean block length \(f(h.meanBlockLength ?? 1)) periods"
                : ", each period drawn i.i.d."
            if let filter = h.filter {
                text += "; residuals standardised by " + (filter == "ewma" ? "EWMA(\(f(h.lambda ?? 0.94)))" : "each asset's GARCH") + " volatility"
            }
            out += "<p>\(e(text)).</p>\n"
        }
        if let rows = m.garch, !rows.isEmpty {
            let unit = m.periodsPerYear.map { "per period of the data, \(f($0)) a year" } ?? "per period"
            out += "<p class=\"quiet\">Variance recursion h &larr; omega + (alpha + gamma 1{eps &lt; 0}) eps&sup2; + beta h, \(e(unit)):</p>\n"
            out += "<div class=\"table-wrap\"><table class=\"narrow\">\n<thead><tr><th>Asset</th><th>omega</th><th>alpha</th>"
                + "<th>gamma</th><th>beta</th><th>Persistence</th><th>Start volatility</th><th>Mean</th></tr></thead>\n<tbody>\n"
            for r in rows {
                out += "<tr><td>\(e(r.asset))</td>" + [r.omega, r.alpha, r.gamma, r.beta, r.persistence, r.startVolatility, r.mean]
                    .map { "<td>\(e(f($0)))</td>" }.joined() + "</tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        for line in m.lines where line.hasPrefix("  jumps") || line.hasPrefix("  stress") || line.hasPrefix("  steps") {
            let text = line.trimmingCharacters(in: .whitespaces)
            out += "<p>\(e(text.prefix(1).uppercased() + text.dropFirst())).</p>\n"
        }
        return out
    }
}
