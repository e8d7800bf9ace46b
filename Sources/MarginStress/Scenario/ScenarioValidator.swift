import Foundation

/// Checks a `ScenarioFile` and builds a `Scenario`, listing every problem it finds rather than the first.
///
/// Each message names the field (`account.positions[2].asset`) and says what would fix it.
/// Nothing is simulated from a scenario with problems.
public struct ScenarioValidator {
    var issues: [ScenarioIssue] = []
    var warnings: [String] = []
    /// The scenario's source (a path, or a name); relative price files are resolved against a path's folder.
    var source = ""
    /// ||C - C_repaired||_F when `market.correlationRepair: nearest` replaced the matrix.
    var correlationRepairDistance: Double? = nil

    /// Validates `file`; `source` names it in the error (a path or "built-in default scenario").
    public static func validate(_ file: ScenarioFile, source: String) throws(ScenarioError) -> Scenario {
        var validator = ScenarioValidator()
        validator.issues = file.unknownFields
        validator.source = source
        let scenario = validator.build(file)
        guard let scenario, validator.issues.isEmpty else {
            throw ScenarioError(source: source, issues: validator.issues)
        }
        return scenario
    }

    mutating func fail(_ field: String, _ message: String) {
        issues.append(ScenarioIssue(field: field, message: message))
    }

    /// Checks that a required number is present and finite; returns it when it is.
    mutating func finite(_ value: Double?, _ field: String, what: String) -> Double? {
        guard let value else {
            fail(field, "missing; give \(what)")
            return nil
        }
        guard value.isFinite else {
            fail(field, "\(value) is not a finite number; give \(what)")
            return nil
        }
        return value
    }

    mutating func build(_ file: ScenarioFile) -> Scenario? {
        let market = buildMarket(file.market)
        // Positions are checked against every named asset, even when some asset has other problems.
        let named = file.market?.assets?.compactMap { $0.symbol?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let account = buildAccount(file.account, symbols: market?.assets.map(\.symbol) ?? named)
        let simulation = buildSimulation(file.simulation)
        guard let market, var account, let simulation, issues.isEmpty else { return nil }
        for n in account.positions.indices where account.positions[n].entryPrice.isNaN {
            account.positions[n].entryPrice = market.assets[account.positions[n].asset].price
        }
        var scenario = Scenario(
            name: file.name ?? "Unnamed scenario", mode: account.mode, assets: market.assets, correlation: market.correlation,
            distribution: market.distribution, collateral: account.collateral, positions: account.positions,
            horizonDays: simulation.horizonDays, horizonText: simulation.horizonText, steps: simulation.steps,
            paths: simulation.paths, seed: simulation.seed, workers: simulation.workers,
            daysPerYear: simulation.daysPerYear, antithetic: simulation.antithetic,
            relativePrecision: simulation.relativePrecision, warnings: warnings)
        scenario.jumps = market.jumps
        scenario.correlationRepairDistance = correlationRepairDistance
        scenario.stress = market.stress
        if !checkDataPeriods(scenario) { return nil }
        scenario.liquidationFee = account.liquidationFee
        scenario.partialLiquidationBuffer = account.partialBuffer
        scenario.continuousMonitoring = simulation.continuousMonitoring
        scenario.importanceSampling = simulation.importanceSampling
        let beyond = Self.limitIssues(scenario)
        guard beyond.isEmpty else {
            issues += beyond
            return nil
        }
        scenario.warnings += startingWarnings(scenario) + Self.plausibilityWarnings(scenario)
        let given = scenario.positions.compactMap(\.isolatedMargin).reduce(0, +)
        if given > scenario.snapshot.collateralValue * (1 + 1e-12) {
            issues.append(ScenarioIssue(
                field: "account.positions[].isolatedMargin",
                message: "the isolated margins add up to \(money(given)), more than the collateral value \(money(scenario.snapshot.collateralValue)); lower them or add collateral"))
            return nil
        }
        return scenario
    }

    func money(_ x: Double) -> String { Honest.format(x, decimals: 2) }

    /// Warnings about the account as it stands at spot prices.
    func startingWarnings(_ scenario: Scenario) -> [String] {
        let s = scenario.snapshot
        var notes: [String] = []
        if scenario.positions.isEmpty {
            notes.append("the account has no positions, so it cannot be liquidated")
        }
        if s.equity < s.maintenanceMargin {
            notes.append(
                "the account starts below maintenance margin (equity \(money(s.equity)) < maintenance margin "
                    + "\(money(s.maintenanceMargin))): every path is liquidated at time 0")
        } else if let im = s.initialMargin, s.equity < im {
            notes.append("the account starts below initial margin (equity \(money(s.equity)) < initial margin \(money(im)))")
        }
        return notes
    }
}
