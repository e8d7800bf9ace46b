import Foundation

/// `exchange --report FILE.html`: one self-contained page (inline style, no scripts) with the book's answer (paths
/// with liquidations, bad debt, fund exhaustion, auto-deleveraging), the per-path distributions as a table and as
/// histograms (liquidated notional, bad debt, fund loss, ADL notional), the cascade depths, and the accounts that
/// contribute most to bad debt. Every figure is `ExchangeSummary`'s (defined in the README's `exchange` section).
public struct ExchangeHTMLReport: EscapesHTML {
    public var summary: ExchangeSummary
    public var date: Date

    public init(summary: ExchangeSummary, date: Date) {
        self.summary = summary
        self.date = date
    }

    public func html() -> String {
        let s = summary
        func pct(_ e: ProportionEstimate) -> (String, String) {
            let t = RunText.probability(e.probability, standardError: e.standardError, interval: e.interval95)
            return (t.value, "95% interval \(t.lower) to \(t.upper)")
        }
        var body = ReportPage.masthead(kind: "exchange", scenario: s.scenario,
                                       meta: "\(Honest.count(s.accounts)) accounts (\(Honest.count(s.units)) margin units) · "
                                           + "\(Honest.count(s.paths)) paths × \(s.steps) steps · seed \(s.seed) · run \(HTMLText.date(date))")
        let any = pct(s.anyLiquidation), bad = pct(s.anyBadDebt), fund = pct(s.fundExhausted), adl = pct(s.autoDeleveraging.anyADL)
        body += ReportPage.headline("<p class=\"answer\">" + e("Bad debt on \(bad.0) of paths; the insurance fund runs out on \(fund.0)") + "</p>", facts: [
            ("Some account liquidated", any.0, any.1), ("Some bad debt", bad.0, bad.1),
            ("Insurance fund exhausted", fund.0, fund.1 + " (fund \(Honest.format(s.rules.insuranceFund, decimals: 0)))"),
            ("Auto-deleveraging", s.autoDeleveraging.enabled ? adl.0 : "off", s.autoDeleveraging.enabled ? adl.1 : nil),
        ])
        body += ReportPage.warnings(s.warnings)
        body += distributionTable()
        for (key, title, label) in [("liquidatedNotional", "Liquidated notional per path", "liquidated notional (quote currency)"),
                                    ("badDebt", "Bad debt per path", "bad debt (quote currency)"),
                                    ("fundLoss", "Insurance fund loss per path", "fund loss (quote currency)"),
                                    ("adlNotional", "Auto-deleveraging notional per path", "ADL notional (quote currency)")] {
            guard let bins = s.histograms[key], bins.contains(where: { $0.upper > 0 && $0.count > 0 }) else { continue }
            let zero = bins.first { $0.upper == 0 }?.count ?? 0
            let chart = HistogramChart(title: title, subtitle: "\(Honest.count(zero)) of \(Honest.count(s.paths)) paths at 0 (the bar at 0)",
                                       bins: bins, total: s.paths, xLabel: label, yLabel: "Share of paths", valueName: label,
                                       idPrefix: "exchange-" + key)
            body += "<section class=\"card\">\n" + chart.document().render(standalone: false) + "\n</section>\n"
        }
        let depths = s.cascadeDepth.enumerated().filter { $0.offset >= 1 && $0.element > 0 }
        if !depths.isEmpty {
            let chart = GroupedBarChart(title: "Cascade depth", subtitle: "paths by the most rounds with liquidations within one step",
                                        categories: depths.map { "\($0.offset) round\($0.offset == 1 ? "" : "s")" },
                                        series: [.init(name: "paths", values: depths.map { Double($0.element) / Double(max(s.paths, 1)) }, color: ChartStyle.primary)],
                                        yLabel: "Share of paths", idPrefix: "exchange-depth")
            body += "<section class=\"card\">\n" + chart.document().render(standalone: false) + "\n</section>\n"
        }
        body += contributors()
        body += "<footer class=\"footer\"><p>\(e("margin-stress \(RunSummary.toolVersion) · seed \(s.seed) · bit-identical for any worker count"))</p></footer>\n"
        return ReportPage.document(title: s.scenario + " (exchange)", tool: RunSummary.ToolInfo(name: "margin-stress", version: RunSummary.toolVersion), body: body)
    }

    func distributionTable() -> String {
        let s = summary
        func money(_ x: Double?) -> String { x.map { Honest.format($0, decimals: 0) } ?? "n/a" }
        var rows: [(String, ExchangeSummary.Distribution)] = [("accounts liquidated", s.liquidatedAccounts), ("liquidated notional", s.liquidatedNotional)]
        for k in s.liquidatedNotionalByAsset.keys.sorted() { rows.append(("  of which \(k)", s.liquidatedNotionalByAsset[k]!)) }
        rows += [("bad debt", s.badDebt), ("insurance fund loss", s.fundLoss), ("bad debt beyond the fund", s.uncoveredBadDebt)]
        if s.autoDeleveraging.enabled {
            rows.append(("ADL notional", s.autoDeleveraging.notional))
            for k in s.autoDeleveraging.notionalByAsset.keys.sorted() { rows.append(("  of which \(k)", s.autoDeleveraging.notionalByAsset[k]!)) }
        }
        var out = "<section class=\"card\">\n<h2>Per path</h2>\n<table>\n<thead><tr><th></th><th>mean</th><th>median</th><th>99% VaR</th><th>99% ES</th></tr></thead>\n<tbody>\n"
        for (name, d) in rows {
            out += "<tr><td>\(e(name))</td><td>\(e(Honest.format(d.mean, decimals: name == "accounts liquidated" ? 2 : 0)))</td><td>\(e(money(d.quantiles["0.5"])))</td>"
                + "<td>\(e(money(d.quantiles["0.99"])))</td><td>\(e(money(d.expectedShortfall99)))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    func contributors() -> String {
        guard !summary.topBadDebt.isEmpty else { return "" }
        var out = "<section class=\"card\">\n<h2>Largest contributors to bad debt</h2>\n<table>\n<thead><tr><th>account</th><th>bad debt per path</th><th>liquidated on</th></tr></thead>\n<tbody>\n"
        for a in summary.topBadDebt {
            let t = RunText.probability(a.liquidation.probability, standardError: a.liquidation.standardError, interval: a.liquidation.interval95)
            out += "<tr><td>\(e(a.account))</td><td>\(e(Honest.format(a.meanBadDebt, decimals: 0)))</td><td>\(e(t.value)) (\(e(t.lower)) to \(e(t.upper)))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }
}
