import Foundation

/// The terminal table of `liquidation-price`: one line per position, then the account's moves (cross mode)
/// or each position's (isolated mode).
public enum LiquidationPriceReport {
    /// A price with six significant digits and thousands separators.
    static func price(_ p: Double?) -> String {
        guard let p else { return "none" }
        let digits = p == 0 ? 2 : max(0, 5 - Int(Foundation.floor(Foundation.log10(abs(p)))))
        return Honest.format(p, decimals: min(digits, 10))
    }

    /// A price and its distance from `now` in percent.
    static func priceAndDistance(_ p: Double?, now: Double) -> String {
        guard let p else { return "none" }
        return "\(price(p)) (\(signedPercent(p / now - 1)))"
    }

    static func signedPercent(_ x: Double?) -> String {
        guard let x else { return "none" }
        return (x >= 0 ? "+" : "") + Honest.format(x * 100, decimals: 2) + "%"
    }

    static func sigmas(_ m: Double?) -> String {
        guard let m else { return "none" }
        return (m >= 0 ? "+" : "") + Honest.format(m, decimals: 2) + " sd"
    }

    public static func text(_ r: LiquidationPrices, scenarioName: String) -> String {
        var lines = ["Liquidation prices: \(scenarioName) (\(r.mode.rawValue) margin, the account as it stands)", ""]
        lines.append("  asset       quantity          price   surplus now      liquidation price down      liquidation price up")
        for row in r.rows {
            let head = "  " + row.asset.padding(toLength: 8, withPad: " ", startingAt: 0)
                + Honest.format(row.quantity, decimals: 4).trimmedZeros.leftPadded(12)
                + price(row.price).leftPadded(15) + Honest.format(row.marginSurplus, decimals: 0).leftPadded(14)
            if row.liquidatedNow {
                lines.append(head + "      liquidated now: equity is below maintenance margin")
            } else {
                lines.append(head + priceAndDistance(row.liquidationPrice.down, now: row.price).leftPadded(28)
                             + priceAndDistance(row.liquidationPrice.up, now: row.price).leftPadded(26))
            }
        }
        lines.append("")
        func moveLines(_ row: LiquidationPrices.Row, prefix: String) {
            lines.append("\(prefix)uniform move of every moving price: down \(signedPercent(row.uniformMove.down)), up \(signedPercent(row.uniformMove.up))")
            lines.append("\(prefix)along the first principal component: down \(sigmas(row.componentMove.down)), up \(sigmas(row.componentMove.up)) (daily standard deviations of the component)")
        }
        if r.mode == .cross, let first = r.rows.first(where: { !$0.liquidatedNow }) {
            moveLines(first, prefix: "  Account: ")
        } else if r.mode == .isolated {
            for row in r.rows where !row.liquidatedNow { moveLines(row, prefix: "  \(row.asset) position: ") }
        }
        if let c = r.component {
            let loadings = zip(c.assets, c.loadings).map { "\($0) \(Honest.format($1, decimals: 3))" }.joined(separator: ", ")
            lines.append("  First principal component: \(loadings); eigenvalue \(Honest.format(c.eigenvalue, decimals: 3)) (\(Honest.format(c.explained * 100, decimals: 1))% of the variance)")
        }
        lines.append("  Each price holds every other price fixed; \"none\": no positive price liquidates the account that way.")
        return lines.joined(separator: "\n")
    }
}
