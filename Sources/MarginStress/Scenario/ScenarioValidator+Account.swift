extension ScenarioValidator {
    struct Account {
        var mode: Scenario.MarginMode
        var liquidationFee: Double
        var partialBuffer: Double?
        var collateral: [Scenario.Collateral]
        var positions: [Scenario.Position]
    }

    /// The asset index of `name`, or an issue naming the known assets.
    mutating func assetIndex(_ name: String?, _ field: String, symbols: [String]?) -> Int? {
        guard let name, !name.isEmpty else {
            fail(field, "missing; name a market asset" + (symbols.map { " (known: \($0.joined(separator: ", ")))" } ?? ""))
            return nil
        }
        guard let symbols else { return nil }
        if let index = symbols.firstIndex(of: name) { return index }
        let hint = closestMatch(to: name, in: symbols).map { "; did you mean \($0)?" } ?? ""
        fail(field, "\"\(name)\" is not a market asset (known: \(symbols.joined(separator: ", ")))\(hint)")
        return nil
    }

    mutating func buildAccount(_ account: AccountSection?, symbols: [String]?) -> Account? {
        var partialBuffer: Double? = nil
        guard let account else {
            fail("account", "missing; give account.collateral and account.positions")
            return nil
        }
        var mode = Scenario.MarginMode.cross
        switch account.mode?.lowercased() {
        case nil, "cross": break
        case "isolated": mode = .isolated
        case let other?:
            fail("account.mode", "\"\(other)\" is not a margin mode; use cross (one pool backs every position) or isolated (each position has its own margin)")
        }
        var collateral: [Scenario.Collateral] = []
        for (n, entry) in (account.collateral ?? []).enumerated() {
            let field = "account.collateral[\(n)]"
            let asset = assetIndex(entry.asset, "\(field).asset", symbols: symbols)
            let amount = finite(entry.amount, "\(field).amount", what: "the amount held in units of the asset, e.g. 250000")
            if let amount, amount < 0 {
                fail("\(field).amount", "\(amount) is negative; collateral amounts are >= 0 (model debt as a short position)")
            }
            var haircut = 0.0
            if entry.haircut != nil {
                haircut = finite(entry.haircut, "\(field).haircut", what: "a fraction in [0, 1), e.g. 0.1") ?? 0
                if !(0..<1).contains(haircut) {
                    fail("\(field).haircut", "\(haircut) is outside [0, 1); a haircut is the fraction of value not counted, e.g. 0.1")
                }
            }
            if let asset, let amount {
                collateral.append(Scenario.Collateral(asset: asset, amount: amount, haircut: haircut))
            }
        }
        if (account.collateral ?? []).isEmpty {
            warnings.append("the account has no collateral; its equity is its unrealised PnL alone")
        }
        let schedules = buildSchedules(account.marginSchedules)
        var positions: [Scenario.Position] = []
        for (n, entry) in (account.positions ?? []).enumerated() {
            if let position = buildPosition(entry, field: "account.positions[\(n)]", symbols: symbols, schedules: schedules,
                                            scheduleNames: Array((account.marginSchedules ?? [:]).keys)) {
                positions.append(position)
            }
        }
        switch account.liquidation?.type?.lowercased() {
        case nil, "full":
            if account.liquidation?.buffer != nil { fail("account.liquidation.buffer", "applies to type: partial only") }
        case "partial":
            let b = account.liquidation?.buffer ?? 0.1
            if !b.isFinite || b < 0 || b > 10 {
                fail("account.liquidation.buffer", "\(b) is outside [0, 10]; e.g. 0.1 restores equity to 110% of maintenance margin")
            } else {
                partialBuffer = b
            }
        case let other?:
            fail("account.liquidation.type", "\"\(other)\" is not a liquidation type; use full or partial")
        }
        var fee = 0.0
        if account.liquidationFee != nil {
            fee = finite(account.liquidationFee, "account.liquidationFee", what: "the fee as a fraction of the notional closed, e.g. 0.005") ?? 0
            if !(0..<1).contains(fee) { fail("account.liquidationFee", "\(fee) is outside [0, 1); e.g. 0.005 for 0.5% of notional") }
        }
        return Account(mode: mode, liquidationFee: fee, partialBuffer: partialBuffer, collateral: collateral, positions: positions)
    }

    mutating func buildPosition(_ entry: PositionEntry, field: String, symbols: [String]?,
                                schedules: [String: MarginSchedule] = [:], scheduleNames: [String] = []) -> Scenario.Position? {
        let asset = assetIndex(entry.asset, "\(field).asset", symbols: symbols)
        let quantity = finite(entry.quantity, "\(field).quantity",
                              what: "the signed quantity in base units (long > 0, short < 0), e.g. 10")
        var entryPrice: Double? = nil
        if entry.entryPrice != nil {
            entryPrice = finite(entry.entryPrice, "\(field).entryPrice", what: "the entry price, or leave it out for the market price")
            if let price = entryPrice, price <= 0 {
                fail("\(field).entryPrice", "\(price) is not positive; give a price > 0 or leave it out for the market price")
            }
        }
        var schedule: MarginSchedule? = nil
        var mmr: Double? = nil
        if let name = entry.maintenanceSchedule {
            if entry.maintenanceMarginRate != nil {
                fail("\(field).maintenanceSchedule", "give either maintenanceSchedule or maintenanceMarginRate, not both")
            }
            if let found = schedules[name] {
                schedule = found
                mmr = found.rates[0]
            } else if !scheduleNames.contains(name) {
                let known = scheduleNames.sorted()
                fail("\(field).maintenanceSchedule",
                     "\"\(name)\" is not in account.marginSchedules" + (known.isEmpty ? " (none defined)" : " (defined: \(known.joined(separator: ", ")))"))
            }
        } else {
            mmr = finite(entry.maintenanceMarginRate, "\(field).maintenanceMarginRate",
                         what: "the maintenance margin rate as a fraction of notional, e.g. 0.005, or a maintenanceSchedule")
        }
        if let mmr, !(0..<1).contains(mmr) {
            fail("\(field).maintenanceMarginRate", "\(mmr) is outside [0, 1); give a fraction of notional, e.g. 0.005 for 0.5%")
        }
        var imr: Double? = nil
        if entry.initialMarginRate != nil {
            imr = finite(entry.initialMarginRate, "\(field).initialMarginRate", what: "a fraction of notional, e.g. 0.01")
            if let imr, !(imr > 0 && imr <= 1) {
                fail("\(field).initialMarginRate", "\(imr) is outside (0, 1]; give a fraction of notional, e.g. 0.01 for 100x")
            } else if let imr, let mmr, imr < mmr {
                fail("\(field).initialMarginRate", "\(imr) is below the maintenance margin rate \(mmr); initial margin is at least maintenance")
            }
        }
        var isolated: Double? = nil
        if entry.isolatedMargin != nil {
            isolated = finite(entry.isolatedMargin, "\(field).isolatedMargin", what: "the margin allocated to this position in isolated mode, e.g. 10000")
            if let a = isolated, a < 0 {
                fail("\(field).isolatedMargin", "\(a) is negative; give the margin allocated to this position, >= 0")
            }
        }
        var funding = 0.0
        if entry.fundingRate != nil {
            funding = finite(entry.fundingRate, "\(field).fundingRate", what: "the annualised funding rate, e.g. 0.1 for 10% a year (longs pay when positive)") ?? 0
        }
        guard let asset, let quantity, let mmr else { return nil }
        return Scenario.Position(asset: asset, quantity: quantity, entryPrice: entryPrice ?? .nan,
                                 maintenanceMarginRate: mmr, initialMarginRate: imr, isolatedMargin: isolated,
                                 schedule: schedule.flatMap { $0.isFlat ? nil : $0 }, fundingRate: funding)
    }
}
