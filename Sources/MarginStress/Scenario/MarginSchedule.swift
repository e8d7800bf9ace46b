/// A maintenance-margin schedule by notional bracket, as exchanges publish them:
/// `maintenance = notional x rate_k - deduction_k` for the bracket k with `floor_k <= notional < floor_k+1`.
///
/// Deductions make the schedule continuous: `deduction_k = deduction_k-1 + floor_k (rate_k - rate_k-1)`
/// (Binance calls them maintenance amounts; Hyperliquid's rate is half the initial margin at the tier's
/// maximum leverage, `1 / (2 maxLeverage)`, with the same deduction). A flat rate is the one-bracket schedule.
public struct MarginSchedule: Sendable, Equatable, Codable {
    /// Notional floors, strictly increasing, the first 0.
    public let floors: [Double]
    public let rates: [Double]
    public let deductions: [Double]

    /// A flat rate.
    public init(rate: Double) {
        floors = [0]
        rates = [rate]
        deductions = [0]
    }

    /// Brackets from their floors and rates; deductions follow from continuity.
    /// - Precondition: floors start at 0 and increase strictly; as many rates as floors.
    public init(floors: [Double], rates: [Double]) {
        precondition(floors.count == rates.count && floors.first == 0, "one rate per floor, from a floor of 0")
        self.floors = floors
        self.rates = rates
        var d = [0.0]
        for k in 1..<max(1, floors.count) { d.append(d[k - 1] + floors[k] * (rates[k] - rates[k - 1])) }
        deductions = Array(d.prefix(floors.count))
    }

    public var isFlat: Bool { floors.count == 1 }

    /// The bracket of `notional`.
    @inline(__always)
    public func bracket(_ notional: Double) -> Int {
        var k = 0
        while k + 1 < floors.count && notional >= floors[k + 1] { k += 1 }
        return k
    }

    /// Maintenance margin at `notional` (>= 0).
    @inline(__always)
    public func maintenance(_ notional: Double) -> Double {
        let k = bracket(notional)
        return notional * rates[k] - deductions[k]
    }
}
