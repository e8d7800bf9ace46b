extension ScenarioValidator {
    /// Validated schedules by name: brackets ordered by floor from 0, rates in [0, 1) or leverages > 0,
    /// and given maintenance amounts equal to the ones continuity requires.
    mutating func buildSchedules(_ entries: [String: MarginScheduleEntry]?) -> [String: MarginSchedule] {
        var schedules: [String: MarginSchedule] = [:]
        for name in (entries ?? [:]).keys.sorted() {
            let entry = entries![name]!, field = "account.marginSchedules.\(name)"
            let style = entry.style?.lowercased() ?? "binance"
            guard style == "binance" || style == "hyperliquid" else {
                fail("\(field).style", "\"\(style)\" is not a schedule style; use binance (rates and maintenance amounts) or hyperliquid (maximum leverage per tier)")
                continue
            }
            guard let brackets = entry.brackets, !brackets.isEmpty else {
                fail("\(field).brackets", "missing or empty; list the brackets from a notional floor of 0 upwards")
                continue
            }
            var floors: [Double] = [], rates: [Double] = [], valid = true
            for (k, b) in brackets.enumerated() {
                let bf = "\(field).brackets[\(k)]"
                guard let floor = finite(b.notionalFloor, "\(bf).notionalFloor", what: "the bracket's lowest notional, e.g. 50000") else {
                    valid = false
                    continue
                }
                if k == 0 && floor != 0 { fail("\(bf).notionalFloor", "\(floor): the first bracket starts at a notional of 0"); valid = false }
                if let previous = floors.last, floor <= previous {
                    fail("\(bf).notionalFloor", "\(floor) is not above the previous bracket's floor \(previous); brackets must be ordered and must not overlap")
                    valid = false
                }
                floors.append(floor)
                if style == "binance" {
                    let rate = finite(b.maintenanceMarginRate, "\(bf).maintenanceMarginRate", what: "the bracket's maintenance rate, e.g. 0.005")
                    if let rate, !(0..<1).contains(rate) { fail("\(bf).maintenanceMarginRate", "\(rate) is outside [0, 1)"); valid = false }
                    rates.append(rate ?? 0)
                    if rate == nil { valid = false }
                } else {
                    let leverage = finite(b.maxLeverage, "\(bf).maxLeverage", what: "the tier's maximum leverage, e.g. 40")
                    if let leverage, leverage < 1 { fail("\(bf).maxLeverage", "\(leverage) is below 1; give the tier's maximum leverage, e.g. 40"); valid = false }
                    rates.append(1 / (2 * (leverage ?? 1)))
                    if leverage == nil { valid = false }
                }
            }
            guard valid else { continue }
            let schedule = MarginSchedule(floors: floors, rates: rates)
            for (k, b) in brackets.enumerated() {
                if let amount = b.maintenanceAmount, abs(amount - schedule.deductions[k]) > 1e-6 * max(1, abs(amount)) {
                    fail("\(field).brackets[\(k)].maintenanceAmount",
                         "\(amount) makes the schedule jump at a notional of \(floors[k]); continuity needs \(schedule.deductions[k])")
                }
            }
            schedules[name] = schedule
        }
        return schedules
    }
}
