import Foundation

/// A book of accounts on one market: each account's mode, positions and collateral, read from three CSV tables
/// (as pandas writes them, `to_csv(index=False)`):
///
/// - accounts: `account,mode,schedule` - the account's identifier, `cross` or `isolated`, and the name of its
///   margin schedule among the scenario's `account.marginSchedules`: a position on asset A takes the schedule
///   `NAME/A` when the scenario has one, else `NAME`;
/// - positions: `account,asset,quantity,entryPrice` - signed quantity (long > 0); an empty entry price is today's price;
/// - collateral: `account,asset,amount` (optional column `haircut`, default 0).
///
/// Assets are the scenario's `market.assets` by symbol. Accounts are numbered in the accounts table's order;
/// a position or collateral row for an account not in it is an error, as is an account listed twice.
/// Storage is by account in contiguous arrays (positions of account a at `positionStart[a] ..< positionStart[a+1]`).
public struct AccountBook: Sendable {
    public var names: [String]
    public var modes: [Scenario.MarginMode]
    public var positionStart: [Int]
    public var positions: [Scenario.Position]
    public var collateralStart: [Int]
    public var collateral: [Scenario.Collateral]

    public var count: Int { names.count }

    /// Reads the three tables; `market` gives the assets, `schedules` the named margin schedules.
    /// - Throws: `BookError` listing the problems (file, line, column and the fix).
    public init(accounts accountsPath: String, positions positionsPath: String, collateral collateralPath: String,
                market: Scenario, schedules: [String: MarginSchedule]) throws(BookError) {
        var issues: [BookIssue] = []
        func problem(_ file: String, _ line: Int, _ column: String, _ message: String) {
            if issues.filter({ $0.file == file }).count < 20 { issues.append(BookIssue(file: file, line: line, column: column, message: message)) }
        }
        let symbols = Dictionary(market.assets.enumerated().map { (Substring($1.symbol), $0) }, uniquingKeysWith: { a, _ in a })
        let symbolList = market.assets.map(\.symbol).joined(separator: ", ")

        // Accounts.
        let accounts = try BookTable(path: accountsPath)
        let ac = try accounts.columns(required: ["account", "mode", "schedule"])
        var index: [Substring: Int] = [:]
        index.reserveCapacity(accounts.fields.count)
        var names: [String] = [], modes: [Scenario.MarginMode] = [], scheduleNames: [Substring] = []
        // Each distinct schedule name resolved once per asset: `NAME/ASSET`, else `NAME`.
        var scheduleIndex: [Substring: Int] = [:], scheduleOfAccount: [Int] = [], resolved: [[MarginSchedule?]] = []
        for r in accounts.fields.indices {
            let line = accounts.lines[r]
            guard let id = accounts.text(r, ac["account"]!), !id.isEmpty else { problem(accountsPath, line, "account", "empty; give the account's identifier"); continue }
            if index[id] != nil { problem(accountsPath, line, "account", "\"\(id)\" is listed twice; one row per account") ; continue }
            let modeText = accounts.text(r, ac["mode"]!) ?? ""
            guard let mode = Scenario.MarginMode(rawValue: String(modeText).lowercased()) else {
                problem(accountsPath, line, "mode", "\"\(modeText)\" is not a margin mode; use cross or isolated")
                continue
            }
            index[id] = names.count
            names.append(String(id))
            modes.append(mode)
            let scheduleName = accounts.text(r, ac["schedule"]!) ?? ""
            scheduleNames.append(scheduleName)
            if scheduleIndex[scheduleName] == nil {
                scheduleIndex[scheduleName] = resolved.count
                resolved.append(market.assets.map { schedules["\(scheduleName)/\($0.symbol)"] ?? schedules[String(scheduleName)] })
            }
            scheduleOfAccount.append(scheduleIndex[scheduleName]!)
        }

        // Positions.
        let positionTable = try BookTable(path: positionsPath)
        let pc = try positionTable.columns(required: ["account", "asset", "quantity", "entryPrice"])
        var rawPositions: [(account: Int, position: Scenario.Position)] = []
        rawPositions.reserveCapacity(positionTable.fields.count)
        for r in positionTable.fields.indices {
            let line = positionTable.lines[r]
            let id = positionTable.text(r, pc["account"]!) ?? ""
            guard let a = index[id] else { problem(positionsPath, line, "account", "\"\(id)\" is not in \(accountsPath); add it there"); continue }
            let symbol = positionTable.text(r, pc["asset"]!) ?? ""
            guard let asset = symbols[symbol] else { problem(positionsPath, line, "asset", "\"\(symbol)\" is not an asset of the market; the assets are \(symbolList)"); continue }
            guard let q = Self.number(positionTable.text(r, pc["quantity"]!)), q.isFinite else {
                problem(positionsPath, line, "quantity", "\"\(positionTable.text(r, pc["quantity"]!) ?? "")\" is not a number; give the signed quantity (long > 0)")
                continue
            }
            let entryText = positionTable.text(r, pc["entryPrice"]!) ?? ""
            let entry = entryText.isEmpty ? market.assets[asset].price : Self.number(entryText)
            guard let entry, entry.isFinite, entry > 0 else { problem(positionsPath, line, "entryPrice", "\"\(entryText)\" is not a positive price; give the entry price or leave it empty for today's"); continue }
            let name = scheduleNames[a]
            guard let schedule = resolved[scheduleOfAccount[a]][asset] else {
                problem(positionsPath, line, "account", "account \"\(id)\" has schedule \"\(name)\", and the scenario's account.marginSchedules has neither \"\(name)/\(symbol)\" nor \"\(name)\"; add one")
                continue
            }
            rawPositions.append((a, Scenario.Position(asset: asset, quantity: q, entryPrice: entry,
                                                      maintenanceMarginRate: schedule.isFlat ? schedule.rates[0] : 0,
                                                      initialMarginRate: nil, isolatedMargin: nil,
                                                      schedule: schedule.isFlat ? nil : schedule)))
        }

        // Collateral.
        let collateralTable = try BookTable(path: collateralPath)
        let cc = try collateralTable.columns(required: ["account", "asset", "amount"], optional: ["haircut"])
        var rawCollateral: [(account: Int, collateral: Scenario.Collateral)] = []
        rawCollateral.reserveCapacity(collateralTable.fields.count)
        for r in collateralTable.fields.indices {
            let line = collateralTable.lines[r]
            let id = collateralTable.text(r, cc["account"]!) ?? ""
            guard let a = index[id] else { problem(collateralPath, line, "account", "\"\(id)\" is not in \(accountsPath); add it there"); continue }
            let symbol = collateralTable.text(r, cc["asset"]!) ?? ""
            guard let asset = symbols[symbol] else { problem(collateralPath, line, "asset", "\"\(symbol)\" is not an asset of the market; the assets are \(symbolList)"); continue }
            guard let amount = Self.number(collateralTable.text(r, cc["amount"]!)), amount.isFinite, amount >= 0 else {
                problem(collateralPath, line, "amount", "\"\(collateralTable.text(r, cc["amount"]!) ?? "")\" is not a non-negative number; give the amount in units of the asset")
                continue
            }
            var haircut = 0.0
            if let h = cc["haircut"], let text = collateralTable.text(r, h), !text.isEmpty {
                guard let value = Self.number(text), value >= 0, value < 1 else { problem(collateralPath, line, "haircut", "\"\(text)\" is not in [0, 1)"); continue }
                haircut = value
            }
            rawCollateral.append((a, Scenario.Collateral(asset: asset, amount: amount, haircut: haircut)))
        }
        if !issues.isEmpty { throw BookError(issues: issues) }

        self.names = names
        self.modes = modes
        (positionStart, positions) = Self.grouped(rawPositions.map { ($0.account, $0.position) }, accounts: names.count)
        (collateralStart, collateral) = Self.grouped(rawCollateral.map { ($0.account, $0.collateral) }, accounts: names.count)
    }

    /// Rows grouped by account, in file order within an account (a counting sort).
    static func grouped<T>(_ rows: [(Int, T)], accounts: Int) -> ([Int], [T]) {
        var start = [Int](repeating: 0, count: accounts + 1)
        for (a, _) in rows { start[a + 1] += 1 }
        for a in 0..<accounts { start[a + 1] += start[a] }
        var next = start
        var out = [T?](repeating: nil, count: rows.count)
        for (a, t) in rows {
            out[next[a]] = t
            next[a] += 1
        }
        return (start, out.map { $0! })
    }

    static func number(_ text: Substring?) -> Double? {
        guard let text else { return nil }
        return Double(text)
    }

    /// Account `a` alone as a scenario on the market of `market` (its simulation settings, fee and rules).
    public func scenario(account a: Int, market: Scenario) -> Scenario {
        var s = market
        s.name = names[a]
        s.mode = modes[a]
        s.positions = Array(positions[positionStart[a]..<positionStart[a + 1]])
        s.collateral = Array(collateral[collateralStart[a]..<collateralStart[a + 1]])
        s.warnings = []
        return s
    }
}

extension AccountBook {
    /// The scenario's own account as a book of one (named after the scenario).
    public init(scenario s: Scenario) {
        names = [s.name]
        modes = [s.mode]
        positionStart = [0, s.positions.count]
        positions = s.positions
        collateralStart = [0, s.collateral.count]
        collateral = s.collateral
    }
}
