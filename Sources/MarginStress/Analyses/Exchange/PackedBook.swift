/// `BookValuation` copied into raw memory for the per-step loop (no arrays, so no reference counting there), with
/// the tiered schedules flattened: schedule j's brackets at `bracketStart[j] ..< bracketStart[j + 1]`.
final class PackedBook: @unchecked Sendable {
    let units: Int
    let account: UnsafeMutablePointer<Int32>
    let surplusConstant: UnsafeMutablePointer<Double>
    let equityConstant: UnsafeMutablePointer<Double>
    let fixedNotional: UnsafeMutablePointer<Double>
    let initialSurplus: UnsafeMutablePointer<Double>
    let initialEquity: UnsafeMutablePointer<Double>
    let termStart: UnsafeMutablePointer<Int32>
    let termAsset: UnsafeMutablePointer<Int32>
    let termSurplus: UnsafeMutablePointer<Double>
    let termEquity: UnsafeMutablePointer<Double>
    let termNotional: UnsafeMutablePointer<Double>
    let termQuantity: UnsafeMutablePointer<Double>
    let termFlat: UnsafeMutablePointer<Double>
    let termCost: UnsafeMutablePointer<Double>
    let tierStart: UnsafeMutablePointer<Int32>
    let tierAsset: UnsafeMutablePointer<Int32>
    let tierQuantity: UnsafeMutablePointer<Double>
    let bracketStart: UnsafeMutablePointer<Int32>
    let floors: UnsafeMutablePointer<Double>
    let rates: UnsafeMutablePointer<Double>
    let deductions: UnsafeMutablePointer<Double>
    private var owned: [UnsafeMutableRawPointer] = []

    init(_ v: BookValuation) {
        var owned: [UnsafeMutableRawPointer] = []
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
            p.initialize(from: a, count: a.count)
            owned.append(UnsafeMutableRawPointer(p))
            return p
        }
        units = v.unitCount
        account = copy(v.account)
        surplusConstant = copy(v.surplusConstant)
        equityConstant = copy(v.equityConstant)
        fixedNotional = copy(v.fixedNotional)
        initialSurplus = copy(v.initialSurplus)
        initialEquity = copy(v.initialEquity)
        termStart = copy(v.termStart)
        termAsset = copy(v.termAsset)
        termSurplus = copy(v.termSurplus)
        termEquity = copy(v.termEquity)
        termNotional = copy(v.termNotional)
        termQuantity = copy(v.termQuantity)
        termFlat = copy(v.termFlat)
        termCost = copy(v.termCost)
        tierStart = copy(v.tierStart)
        tierAsset = copy(v.tierAsset)
        tierQuantity = copy(v.tierQuantity)
        var start: [Int32] = [0], f: [Double] = [], r: [Double] = [], d: [Double] = []
        for s in v.tierSchedule {
            f += s.floors
            r += s.rates
            d += s.deductions
            start.append(Int32(f.count))
        }
        bracketStart = copy(start)
        floors = copy(f)
        rates = copy(r)
        deductions = copy(d)
        self.owned = owned
    }

    deinit { for p in owned { p.deallocate() } }

    /// Maintenance margin of tiered term j at `notional`: notional x rate_k - deduction_k in its bracket k.
    @inline(__always)
    func maintenance(_ j: Int, _ notional: Double) -> Double {
        var k = Int(bracketStart[j])
        let end = Int(bracketStart[j + 1])
        while k + 1 < end && notional >= floors[k + 1] { k += 1 }
        return notional * rates[k] - deductions[k]
    }
}
