import Foundation

extension HTMLReport {
    /// The `--attribution` section: which positions liquidated paths lost on, and the 99% ES split by position
    /// (Euler allocation, `AttributionSummary`); empty without `--attribution`.
    func attributionSection() -> String {
        guard let a = summary.attribution else { return "" }
        var out = """
            <section class="card" id="attribution">
            <h2>Attribution by position</h2>

            """
        if a.liquidated.paths > 0 {
            out += """
                <h3>Liquidated paths (\(e(Honest.count(a.liquidated.paths))))</h3>
                <div class="table-wrap"><table>
                <thead><tr><th>Asset</th><th>Mean loss to liquidation</th><th>Share of the losses</th>\
                <th>Lost most on</th></tr></thead>
                <tbody>

                """
            for p in a.liquidated.positions {
                out += "<tr><td>\(e(p.asset))</td><td>\(e(Honest.format(p.meanLoss, decimals: 0)))</td>"
                    + "<td>\(e(Honest.format(p.share * 100, decimals: 1)))%</td>"
                    + "<td>\(e(Honest.format(p.driverFrequency * 100, decimals: 1)))% of them</td></tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        } else {
            out += "<p class=\"quiet\">No path was liquidated: there is no liquidation loss to attribute.</p>\n"
        }
        let c = a.componentExpectedShortfall
        out += """
            <h3>\(e(RunText.level(c.level))) expected shortfall by position</h3>
            <p class="quiet">The mean loss over the \(e(Honest.count(c.tailPaths))) paths at or beyond the \
            \(e(RunText.level(c.level))) VaR (\(e(Honest.format(c.threshold, decimals: 0)))) is \
            \(e(Honest.format(c.total, decimals: 0))); it splits exactly into each position's mean loss on those \
            paths (Euler allocation) and the rest (collateral moves, funding, liquidation costs).</p>
            <div class="table-wrap"><table class="narrow">
            <thead><tr><th>Asset</th><th>Contribution</th></tr></thead>
            <tbody>

            """
        for p in c.positions {
            out += "<tr><td>\(e(p.asset))</td><td>\(e(Honest.format(p.contribution, decimals: 0)))</td></tr>\n"
        }
        out += "<tr><td>other</td><td>\(e(Honest.format(c.other, decimals: 0)))</td></tr>\n"
        out += "<tr><td><strong>total</strong></td><td><strong>\(e(Honest.format(c.total, decimals: 0)))</strong></td></tr>\n"
        return out + "</tbody>\n</table></div>\n</section>\n\n"
    }
}
