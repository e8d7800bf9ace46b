/// Which model features each command supports: the capability table.
///
/// For every pair (feature, command) the table says either that the command computes the feature (and a test
/// checks it against an independent computation) or why it does not and what to do instead. A command given
/// a scenario or options with a refused feature stops with that sentence before simulating anything; no
/// feature is ever silently ignored. `validate` prints the commands a scenario can be given to.
public enum Capabilities {
    /// What a scenario or the command line can ask for.
    public enum Feature: String, CaseIterable, Sendable {
        case tieredMargin = "tiered maintenance schedules"
        case volatileCollateral = "volatile collateral"
        case funding = "funding"
        case liquidationCosts = "liquidation costs (fee, spread, impact)"
        case partialLiquidation = "partial liquidation"
        case isolatedMode = "isolated margin mode"
        case studentT = "Student-t shocks"
        case antithetic = "antithetic sampling"
        case relativePrecision = "a relative-precision target"
        case attribution = "attribution (--attribution)"
        case sharding = "shards (--shard, --partial)"
        case jumps = "jumps (market.jumps)"
        case stress = "a stress overlay (market.stress)"
        case garch = "GARCH shocks"
        case historical = "historical shocks (market.distribution.type: historical)"
        case filteredHistorical = "filtered historical shocks (market.distribution.type: filtered-historical)"
        case continuousMonitoring = "continuous monitoring (simulation.monitoring: continuous)"
        case importanceSampling = "importance sampling (simulation.importanceSampling: auto)"
        case bridge = "steps finer than the data's period (a Brownian bridge between closes)"
    }

    /// The questions the tool answers.
    public enum Command: String, CaseIterable, Sendable {
        case run = "run"
        case tuneLeverage = "tune --target"
        case tuneRate = "tune --maintenance-rate-for-bad-debt"
        case compare = "compare"
        case liquidationPrice = "liquidation-price"
        case exchange = "exchange"
    }

    /// A pair's entry: supported (with what the command does with it) or refused (why, and what to do).
    public enum Support: Sendable, Equatable {
        case supported(String)
        case refused(String)
        /// The feature is not a question this command can be asked (an option it does not have).
        case notApplicable
    }

    /// The table.
    public static func support(_ feature: Feature, _ command: Command) -> Support {
        switch (command, feature) {
        case (.run, .tieredMargin), (.compare, .tieredMargin):
            return .supported("each tiered position's margin from its schedule at its notional on every path and step (cross: the account's; isolated: the position's)")
        case (.run, .volatileCollateral): return .supported("cross: collateral revalued at every step; isolated: margins are the cash value at the start")
        case (.run, .funding), (.compare, .funding):
            return .supported("funding accrues every step at the position's current price (isolated: from the position's own margin)")
        case (.run, .liquidationCosts), (.compare, .liquidationCosts):
            return .supported("paid at liquidation (partial closes too), reducing the equity left (isolated: each position pays its own)")
        case (.run, .partialLiquidation): return .supported("cross: positions cut pro rata back to maintenance margin times (1 + buffer)")
        case (.run, .isolatedMode): return .supported("each position on its own margin; the account's outcome is the first position liquidated")
        case (.run, .studentT), (.tuneLeverage, .studentT), (.tuneRate, .studentT), (.compare, .studentT):
            return .supported("one chi-square draw per step shared by all assets")
        case (.liquidationPrice, .jumps), (.liquidationPrice, .garch):
            return .supported("the shock law does not enter; the principal component is the correlation matrix's")
        case (.liquidationPrice, .stress):
            return .supported("the account as it stands now: the stressed volatilities, correlations and shock at t0 do not enter; the principal component is the given correlation matrix's")
        case (.liquidationPrice, .historical), (.liquidationPrice, .filteredHistorical):
            return .supported("the shock law does not enter; the principal component is market.correlations'")
        case (.exchange, .jumps), (.exchange, .stress), (.exchange, .garch), (.exchange, .historical), (.exchange, .filteredHistorical):
            return .refused("the book is marked on Gaussian or Student-t paths in this version; remove market.jumps and market.stress and use a gaussian or student-t distribution, or use `run` for one account")
        case (.exchange, .bridge):
            return .refused("the book is marked on Gaussian or Student-t paths in this version; give one step per period of the data, or use `run` for one account")
        case (.liquidationPrice, .bridge): return .supported("nothing is simulated, so the steps do not enter")
        case (_, .bridge):
            return .supported("each period's close is the model's draw at one step per period, bit for bit; the steps inside it are a Gaussian bridge between the closes")
        case (_, .jumps): return .supported("drawn by the shock model every command shares, after the diffusion's draws")
        case (_, .stress): return .supported("the stressed market replaces the given one before any path is drawn")
        case (_, .garch): return .supported("each path carries its own conditional variances; every command runs the same paths")
        case (_, .historical): return .supported("every command resamples the same periods of the file's window on the same paths")
        case (_, .filteredHistorical):
            return .supported("every command resamples the same residuals, each path rescaling them by its own variances")
        case (.run, .antithetic), (.tuneLeverage, .antithetic), (.tuneRate, .antithetic), (.compare, .antithetic):
            return .supported("the same antithetic pairs in every command")
        case (.run, .relativePrecision): return .supported("checked after every round of 32,768 paths")
        case (.run, .attribution): return .supported("a second pass over exactly the run's blocks, with the run's rule (cross, full liquidation)")
        case (.run, .sharding), (.tuneLeverage, .sharding), (.tuneRate, .sharding), (.compare, .sharding):
            return .supported("a shard is a range of blocks; `merge` gives the one-process result bit for bit")

        case (.tuneLeverage, .tieredMargin), (.tuneLeverage, .funding), (.tuneLeverage, .partialLiquidation):
            return .supported("re-simulates the scaled book at each scale with the same seed")
        case (.tuneLeverage, .volatileCollateral): return .supported("the collateral moves and is not scaled")
        case (.tuneLeverage, .liquidationCosts):
            return .supported("costs are paid after the liquidation they follow, so they do not move the frontier")
        case (.tuneLeverage, .isolatedMode), (.tuneRate, .isolatedMode):
            return .refused("tune answers the cross-margin question; set account.mode: cross, or use `run` for the isolated account")
        case (.compare, .relativePrecision):
            return .refused("it reports every position under both modes from all the paths asked for; drop --relative-precision (and simulation.relativePrecision) or use `run`")
        case (.tuneLeverage, .relativePrecision), (.tuneRate, .relativePrecision):
            return .refused("it counts every path at every point of its table; drop --relative-precision (and simulation.relativePrecision) or use `run`")
        case (.tuneRate, .tieredMargin):
            return .refused("it sets one flat maintenance rate; remove the positions' maintenanceSchedule")
        case (.tuneRate, .volatileCollateral): return .supported("the collateral moves with its price")
        case (.tuneRate, .funding): return .refused("its one-pass threshold needs equity without funding; remove fundingRate")
        case (.tuneRate, .liquidationCosts):
            return .refused("its bad debt is equity below zero at liquidation before costs; remove liquidationFee, halfSpread and averageDailyVolume")
        case (.tuneRate, .partialLiquidation): return .refused("it assumes full liquidation; remove account.liquidation (partial)")

        case (.compare, .volatileCollateral): return .supported("cross: collateral revalued at every step; isolated: margins are the cash value at the start")
        case (.compare, .partialLiquidation):
            return .refused("it compares whole-account and whole-position liquidations; remove account.liquidation (partial), or use `run`")
        case (.compare, .isolatedMode): return .supported("runs both modes whatever account.mode says")

        case (.tuneLeverage, .attribution), (.tuneRate, .attribution), (.compare, .attribution): return .notApplicable

        case (.run, .continuousMonitoring):
            return .supported("a second pass over the same paths adds the Brownian-bridge probability of liquidation between steps (cross, full liquidation); the other figures stay those of discrete monitoring")
        case (.run, .importanceSampling):
            return .supported("a second pass with shocks tilted toward the liquidation boundary adds the weighted liquidation and bad-debt probabilities; the other figures come from a plain pilot of at most 32,768 paths")
        case (.tuneLeverage, .continuousMonitoring), (.tuneRate, .continuousMonitoring):
            return .refused("its one-pass thresholds read each path's discrete minimum; set simulation.monitoring: discrete (steps as fine as the venue marks), or use `run` for the continuous probability")
        case (.compare, .continuousMonitoring):
            return .refused("it counts whole-account and per-position liquidations at the steps; set simulation.monitoring: discrete, or use `run` for the continuous probability")
        case (.tuneLeverage, .importanceSampling):
            return .refused("its table counts every scale on the same unweighted paths, and one tilt cannot serve every point; set simulation.importanceSampling: off (drop --importance-sampling), or use `run` at the chosen point")
        case (.tuneRate, .importanceSampling):
            return .supported("shocks tilted toward bad debt (equity reaching zero at the horizon); each path's bad-debt threshold rate weighted by its likelihood ratio: a weighted estimate and standard error at every rate")
        case (.compare, .importanceSampling):
            return .refused("a tilt toward the cross account's boundary does not serve the isolated positions; set simulation.importanceSampling: off (drop --importance-sampling), or use `run`")
        case (.liquidationPrice, .tieredMargin):
            return .supported("each tiered position's schedule at its notional at the liquidation price (the bracket there, as Binance's formula takes it)")
        case (.liquidationPrice, .volatileCollateral):
            return .supported("cross: collateral in a moving asset moves with its price along each line; isolated: margins are the cash value now")
        case (.liquidationPrice, .funding): return .supported("the account as it stands: funding not yet paid does not enter")
        case (.liquidationPrice, .liquidationCosts): return .supported("costs are paid after the trigger, so they do not move the liquidation price")
        case (.liquidationPrice, .partialLiquidation): return .supported("the price at which the first (partial) liquidation is triggered")
        case (.liquidationPrice, .isolatedMode): return .supported("each position's price and moves on its own margin")
        case (.liquidationPrice, .studentT):
            return .supported("the shock law does not enter; the principal component is the correlation matrix's")
        case (.liquidationPrice, .antithetic), (.liquidationPrice, .relativePrecision):
            return .supported("nothing is simulated, so the sampling settings do not enter")
        case (.liquidationPrice, .attribution), (.liquidationPrice, .sharding): return .notApplicable
        case (.liquidationPrice, .continuousMonitoring), (.liquidationPrice, .importanceSampling):
            return .supported("nothing is simulated, so the monitoring rule and the sampling settings do not enter")

        case (.exchange, .tieredMargin):
            return .supported("each tiered position's schedule at its notional on every path and step, as in `run`")
        case (.exchange, .volatileCollateral):
            return .supported("cross: collateral revalued at every step; isolated: margins are the cash value at the start")
        case (.exchange, .isolatedMode): return .supported("each position of an isolated account on its own margin; the account counts once per path")
        case (.exchange, .studentT), (.exchange, .antithetic): return .supported("the same paths as `run` on the book's market")
        case (.exchange, .funding):
            return .refused("the book is marked without funding in this version; remove fundingRate, or use `run` for one account")
        case (.exchange, .liquidationCosts):
            return .refused("liquidations are at the step's price, without fee, spread or impact, in this version; remove liquidationFee, halfSpread and averageDailyVolume, or use `run` for one account")
        case (.exchange, .partialLiquidation):
            return .refused("accounts are liquidated whole in this version; remove account.liquidation (partial), or use `run` for one account")
        case (.exchange, .relativePrecision):
            return .refused("it reports every account from all the paths asked for; drop --relative-precision (and simulation.relativePrecision)")
        case (.exchange, .continuousMonitoring):
            return .refused("accounts are checked at the steps only in this version; remove simulation.monitoring (continuous), or use `run` for one account")
        case (.exchange, .importanceSampling):
            return .refused("its counts are unweighted in this version; remove simulation.importanceSampling, or use `run` for one account")
        case (.exchange, .attribution), (.exchange, .sharding): return .notApplicable
        }
    }

    /// The features a scenario uses (and the command line asks for).
    public static func features(of s: Scenario, attribution: Bool = false, sharded: Bool = false) -> [Feature] {
        var f: [Feature] = []
        if s.hasTieredMargin { f.append(.tieredMargin) }
        if s.hasVolatileCollateral { f.append(.volatileCollateral) }
        if s.hasFunding { f.append(.funding) }
        if s.hasLiquidationCosts { f.append(.liquidationCosts) }
        if s.partialLiquidationBuffer != nil { f.append(.partialLiquidation) }
        if s.mode == .isolated { f.append(.isolatedMode) }
        if case .studentT = s.distribution { f.append(.studentT) }
        if case .garch = s.distribution { f.append(.garch) }
        if case .historical = s.distribution { f.append(.historical) }
        if case .filteredHistorical = s.distribution { f.append(.filteredHistorical) }
        if s.jumps != nil { f.append(.jumps) }
        if s.stress != nil { f.append(.stress) }
        if s.antithetic { f.append(.antithetic) }
        if s.relativePrecision != nil { f.append(.relativePrecision) }
        if attribution { f.append(.attribution) }
        if sharded { f.append(.sharding) }
        if s.continuousMonitoring == true { f.append(.continuousMonitoring) }
        if s.importanceSampling == true { f.append(.importanceSampling) }
        if (s.stepsPerDataPeriod ?? 1) > 1 { f.append(.bridge) }
        return f
    }

    /// Why `command` cannot run this scenario with these options, one sentence each; empty when it can.
    public static func refusals(_ s: Scenario, _ command: Command, attribution: Bool = false,
                                sharded: Bool = false) -> [String] {
        let used = features(of: s, attribution: attribution, sharded: sharded)
        var out: [String] = []
        for f in used {
            if case .refused(let why) = support(f, command) { out.append("`\(command.rawValue)` does not support \(f.rawValue): \(why)") }
        }
        // Combinations: features each supported alone.
        if used.contains(.partialLiquidation) && used.contains(.tieredMargin) && command != .compare && command != .tuneRate
            && command != .liquidationPrice {
            out.append("`\(command.rawValue)` does not support partial liquidation with tiered maintenance schedules: the pro-rata cut assumes margin proportional to the open size; give flat maintenanceMarginRate values, or remove account.liquidation (partial)")
        }
        let isolated = s.mode == .isolated
        if command == .run && isolated {
            if used.contains(.partialLiquidation) {
                out.append("`run` in isolated mode does not support partial liquidation: each position is liquidated whole on its own margin; set account.mode: cross, or remove account.liquidation (partial)")
            }
            if used.contains(.attribution) {
                out.append("`run --attribution` does not support isolated margin mode: it attributes the cross account's liquidations; set account.mode: cross, or drop --attribution")
            }
        }
        if command == .run && attribution && s.partialLiquidationBuffer != nil {
            out.append("`run --attribution` does not support partial liquidation: it attributes full liquidations; remove account.liquidation (partial) or --attribution")
        }
        if sharded && command == .run && s.relativePrecision != nil {
            out.append("`run --shard` or `--partial` does not support a relative-precision target: the stop depends on every earlier block, which a shard does not see, and a run stopped at its target is not a shard to merge; drop the target (fix --paths), or run in one process without them (--checkpoint keeps a result)")
        }
        if sharded && command == .run && attribution {
            out.append("`run --shard` or `--partial` does not support --attribution: its second pass needs the 99% VaR of the whole run, which a shard's result does not carry; run the attribution in one process, without them")
        }
        if sharded && command == .tuneLeverage && (s.hasTieredMargin || s.hasFunding || s.partialLiquidationBuffer != nil) {
            out.append("`tune --target --shard` or `--partial` does not support tiered schedules, funding or partial liquidation: their frontier is found by bisection over whole runs, not merged from shards; run tune in one process without them")
        }
        if used.contains(.antithetic) && (used.contains(.historical) || used.contains(.filteredHistorical)) && command != .liquidationPrice {
            out.append("`\(command.rawValue)` does not support antithetic sampling with historical shocks: the mirror of a resampled return is not a return of the file (it would make the data's skew symmetric); set simulation.antithetic: false")
        }
        let rare = [Feature.continuousMonitoring, .importanceSampling].filter(used.contains)
        if command == .run, let r = rare.first {
            let what = rare.count == 2 ? "continuous monitoring and importance sampling" : r == .continuousMonitoring ? "continuous monitoring" : "importance sampling"
            let undo = rare.map { $0 == .continuousMonitoring ? "simulation.monitoring: discrete" : "simulation.importanceSampling: off" }.joined(separator: " and ")
            if used.contains(.tieredMargin) {
                out.append("`run` with \(what) does not support tiered maintenance schedules: the boundary must be linear in the prices; give flat maintenanceMarginRate values, or set \(undo)")
            }
            if used.contains(.partialLiquidation) || used.contains(.isolatedMode) {
                out.append("`run` with \(what) does not support partial liquidation or isolated mode: it estimates the cross account's full liquidation; set account.mode: cross without account.liquidation (partial), or set \(undo)")
            }
            if used.contains(.garch) || used.contains(.jumps) || used.contains(.stress) || used.contains(.historical)
                || used.contains(.filteredHistorical) {
                out.append("`run` with \(what) does not support GARCH or historical shocks, jumps or a stress overlay: its bridge and tilt assume Gaussian or Student-t steps from spot; remove market.jumps and market.stress and use a gaussian or student-t distribution, or set \(undo)")
            }
            if used.contains(.attribution) {
                out.append("`run --attribution` does not support \(what): attribution reads the discrete, unweighted paths; drop --attribution, or set \(undo)")
            }
            if used.contains(.importanceSampling) && used.contains(.antithetic) {
                out.append("`run` with importance sampling does not support antithetic sampling: a mirrored tilted shock is not drawn from the tilted law; set simulation.antithetic: false, or simulation.importanceSampling: off")
            }
        }
        if command == .tuneRate && used.contains(.importanceSampling) {
            let unsupported: [Feature] = [.tieredMargin, .funding, .partialLiquidation, .isolatedMode, .garch, .historical,
                                          .filteredHistorical, .jumps, .stress, .antithetic, .sharding]
            for f in unsupported where used.contains(f) {
                guard case .supported = support(f, .tuneRate) else { continue }  // refused on its own already
                out.append("`tune --maintenance-rate-for-bad-debt` with importance sampling does not support \(f.rawValue): the weighted pass tilts Gaussian or Student-t steps of a cross account at flat rates, in one process; remove it, or set simulation.importanceSampling: off (drop --importance-sampling)")
            }
        }
        return out
    }
}
