import Foundation
import Testing
@testable import MarginStress

@Suite("GARCH and GJR-GARCH by maximum likelihood")
struct GARCHFitTests {
    func expectWithin(_ fit: GARCHFit, _ truth: GARCHFit.Parameters, sigmas: Double = 4) throws {
        let se = try #require(fit.standardErrors, "standard errors exist at an interior maximum")
        let p = fit.parameters
        #expect(abs(p.mean - truth.mean) < sigmas * se.mean)
        #expect(abs(p.omega - truth.omega) < sigmas * se.omega)
        #expect(abs(p.alpha - truth.alpha) < sigmas * se.alpha)
        #expect(abs(p.gamma - truth.gamma) < sigmas * max(se.gamma, 1e-12))
        #expect(abs(p.beta - truth.beta) < sigmas * se.beta)
        if let nu = truth.degreesOfFreedom {
            #expect(abs(p.degreesOfFreedom! - nu) < sigmas * se.degreesOfFreedom!)
        }
    }

    @Test("GARCH(1,1), Gaussian: recovers simulated parameters within 4 standard errors")
    func recoversGaussian() throws {
        let truth = GARCHFit.Parameters(mean: 4e-4, omega: 3e-6, alpha: 0.08, beta: 0.9)
        var draws = TestDraws(seed: 11)
        let r = draws.garch(truth, count: 3000)
        let fit = try GARCHFit(returns: r, leverage: false, innovations: .gaussian)
        try expectWithin(fit, truth)
        #expect(fit.variancePath.count == 3001)
        #expect(fit.parameters.gamma == 0)
    }

    @Test("GJR-GARCH, Student-t(6): recovers simulated parameters within 4 standard errors")
    func recoversGJRStudent() throws {
        let truth = GARCHFit.Parameters(mean: 2e-4, omega: 2e-6, alpha: 0.03, gamma: 0.1, beta: 0.9, degreesOfFreedom: 6)
        var draws = TestDraws(seed: 12)
        let r = draws.garch(truth, count: 3000)
        let fit = try GARCHFit(returns: r, leverage: true, innovations: .studentT)
        try expectWithin(fit, truth)
    }

    @Test("the variance path follows the recursion from the backcast; the last value is the next period's")
    func variancePath() throws {
        var draws = TestDraws(seed: 13)
        let r = draws.garch(.init(mean: 0, omega: 1e-6, alpha: 0.1, gamma: 0.05, beta: 0.85), count: 500)
        let fit = try GARCHFit(returns: r, leverage: true, innovations: .gaussian)
        let p = fit.parameters
        let e = r.map { $0 - p.mean }
        let b = GARCHFit.backcast(e.map { $0 + p.mean - r.reduce(0, +) / Double(r.count) })
        var h = p.omega + (p.alpha + p.gamma / 2 + p.beta) * b
        for t in 0..<r.count {
            #expect(abs(fit.variancePath[t] - h) <= 1e-12 * h)
            h = p.omega + (p.alpha + (e[t] < 0 ? p.gamma : 0)) * e[t] * e[t] + p.beta * h
        }
        #expect(abs(fit.nextVariance - h) <= 1e-12 * h)
    }

    static let cases: [(String, Bool, Bool)] = [("XOM", false, false), ("JPM", true, true)]

    @Test("agrees with Python's arch on a real series (S&P 500 slice), within a quarter of arch's standard errors",
          .enabled(if: PythonReference.archAvailable,
                   "python3 with arch not found: run scripts/install-python-deps.sh (scripts/test.sh does) to compare"),
          arguments: cases)
    func agreesWithArch(asset: String, gjr: Bool, studentT: Bool) throws {
        let file = "examples/sp500-2010-2017.csv"
        let reference = try #require(PythonReference.arch(file: file, asset: asset, gjr: gjr, studentT: studentT))
        let history = try PriceHistory(contentsOfFile: PythonReference.root.appendingPathComponent(file).path,
                                       selection: .init(assets: [asset]))
        let fit = try GARCHFit(returns: history.logReturns()[0], leverage: gjr, innovations: studentT ? .studentT : .gaussian)
        let p = fit.parameters
        let se = try #require(fit.standardErrors)
        var ours: [String: (Double, Double)] = ["mu": (p.mean, se.mean), "omega": (p.omega, se.omega),
                                                "alpha": (p.alpha, se.alpha), "beta": (p.beta, se.beta)]
        if gjr { ours["gamma"] = (p.gamma, se.gamma) }
        if studentT { ours["nu"] = (p.degreesOfFreedom!, se.degreesOfFreedom!) }
        for (name, (value, error)) in ours {
            let theirs = try #require(reference[name], "arch reports \(name)")
            #expect(abs(value - theirs[0]) < 0.25 * theirs[1], "\(asset) \(name): ours \(value), arch \(theirs[0]) ± \(theirs[1])")
            #expect(abs(error - theirs[1]) < 0.25 * theirs[1], "\(asset) se(\(name)): ours \(error), arch \(theirs[1])")
        }
        let ll = try #require(reference["loglikelihood"]?.first)
        #expect(fit.logLikelihood >= ll - 1e-3, "log-likelihood: ours \(fit.logLikelihood), arch \(ll)")
    }
}
