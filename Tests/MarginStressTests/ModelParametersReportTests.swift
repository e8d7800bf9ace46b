import Foundation
import Testing
@testable import MarginStress

/// The shock model's parameters in the account section of every report.
@Suite("model parameters in the reports")
struct ModelParametersReportTests {
    @Test("GARCH per asset, jumps and stress: terminal, JSON and HTML; absent for a Gaussian market")
    func garchJumpsStress() async throws {
        var book = MatrixBook.with(.garch)
        book.marketLines = ["  jumps: {intensity: 12, sizeDistribution: double-exponential, probabilityUp: 0.3, meanUp: 0.02, meanDown: 0.05, betas: {ETH: 1.3}}",
                            "  stress: {volatilityFactor: 1.5, correlationBlend: 0.25, shock: {BTC: -0.02}}"]
        let s = try book.scenario()
        let summary = try await simulate(s)
        let terminal = TerminalReport(summary: summary).text
        #expect(terminal.contains("variance recursion h <- omega + (alpha + gamma 1{eps < 0}) eps^2 + beta h, per period of the data (365 a year):"))
        // BTC: omega 1e-5, alpha 0.08, gamma 0.05, beta 0.88, start vol sqrt(0.0018) = 0.04243, persistence 0.985.
        #expect(terminal.contains("    BTC     1e-05       0.08        0.05        0.88        0.985       0.04243     0"), "\(terminal)")
        #expect(terminal.contains("    ETH     2e-05       0.1         0           0.85        0.95        0.0469      0"), "\(terminal)")
        #expect(terminal.contains("  jumps: 12 a year, double-exponential (up 0.3, mean up 0.02, mean down 0.05), betas BTC 1, ETH 1.3"), "\(terminal)")
        #expect(terminal.contains("  stress: volatility x1.5, correlation blend 0.25, shock at t0 BTC -2%"), "\(terminal)")
        let json = try JSONSerialization.jsonObject(with: Data(try Exporter.json(summary).utf8)) as! [String: Any]
        let model = try #require(json["model"] as? [String: Any])
        let rows = try #require(model["garch"] as? [[String: Any]])
        #expect(rows.count == 2 && rows[0]["asset"] as? String == "BTC" && rows[0]["gamma"] as? Double == 0.05)
        #expect(abs((rows[0]["startVolatility"] as? Double ?? 0) - 0.0018.squareRoot()) < 1e-15)
        #expect((model["jumps"] as? [String: Any])?["intensity"] as? Double == 12)
        #expect(((model["stress"] as? [String: Any])?["shock"] as? [String: Double])?["BTC"] == -0.02)
        let html = HTMLReport(summary: summary, scenario: s, scenarioPath: nil, date: Date(timeIntervalSince1970: 0)).html
        #expect(html.contains("<h3>Shock model: gjr-garch-t(6)</h3>"))
        #expect(html.contains("<tr><td>BTC</td><td>1e-05</td><td>0.08</td><td>0.05</td><td>0.88</td><td>0.985</td><td>0.04243</td><td>0</td></tr>"), "\(html)")
        #expect(html.contains("<p>Jumps: 12 a year, double-exponential") && html.contains("<p>Stress: volatility x1.5"))
        // A Gaussian market without overlays: no model object, the account section as before.
        let plain = try await simulate(try MatrixBook.with(nil).scenario())
        let plainJSON = try Exporter.json(plain)
        #expect(plain.model == nil && !plainJSON.contains("\"model\""))
        #expect(!TerminalReport(summary: plain).text.contains("variance recursion"))
    }

    @Test("filtered-historical: the window and each asset's EWMA filter with its start volatility")
    func filteredHistorical() async throws {
        let s = try MatrixBook.with(.filteredHistorical).scenario()
        let m = try #require(ModelParameters(scenario: s))
        let h = try #require(s.historySpec)
        #expect(m.history?.periods == 300 && m.history?.filter == "ewma" && m.history?.lambda == 0.94)
        let btc = try #require(m.garch?.first)
        #expect(btc.asset == "BTC" && btc.alpha == 1 - 0.94 && btc.beta == 0.94 && btc.omega == 0)
        #expect(btc.startVolatility == EWMA.variancePath(h.returns[0], lambda: 0.94)[300].squareRoot())
        let terminal = TerminalReport(summary: try await simulate(s)).text
        #expect(terminal.contains("  history: 300 periods of \(MatrixBook.historyFile) ("), "\(terminal)")
    }
}
