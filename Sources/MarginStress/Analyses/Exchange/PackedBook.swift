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
    /// Per unit: 1 when every tiered schedule it holds is non-decreasing in the notional (`SurplusBound`), else 0.
    let boundable: UnsafeMutablePointer<UInt8>
    /// The units holding a position on simulated asset k of sign s (side 0 long, 1 short), in book order, with the
    /// term: entries `sideStart[2k + side] ..< sideStart[2k + side + 1]` of `sideUnit` and `sideTerm`. Auto-
    /// deleveraging's ranking scans only the opposite side of the bankrupt position's asset.
    let sideStart: UnsafeMutablePointer<Int32>
    let sideUnit: UnsafeMutablePointer<Int32>
    let sideTerm: UnsafeMutablePointer<Int32>
    private var owned: [UnsafeMutableRawPointer] = []

    init(_ v: BookValuation, assets: Int) {
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
        let monotone = v.tierSchedule.map(Self.nonDecreasing)
        boundable = copy((0..<v.unitCount).map { u in
            (Int(v.tierStart[u])..<Int(v.tierStart[u + 1])).allSatisfy { monotone[$0] } ? UInt8(1) : 0
        })
        var lists = Array(repeating: [(unit: Int32, term: Int32)](), count: 2 * assets)
        for u in 0..<v.unitCount {
            for j in Int(v.termStart[u])..<Int(v.termStart[u + 1]) where v.termQuantity[j] != 0 {
                lists[2 * Int(v.termAsset[j]) + (v.termQuantity[j] > 0 ? 0 : 1)].append((Int32(u), Int32(j)))
            }
        }
        var sides: [Int32] = [0]
        for list in lists { sides.append(sides.last! + Int32(list.count)) }
        sideStart = copy(sides)
        sideUnit = copy(lists.flatMap { $0.map(\.unit) })
        sideTerm = copy(lists.flatMap { $0.map(\.term) })
        self.owned = owned
    }

    deinit { for p in owned { p.deallocate() } }

    /// Whether a schedule's maintenance is non-decreasing in the notional: non-negative rates, and at each bracket
    /// floor F the new bracket's F r_k - d_k is at least the previous bracket's F r_(k-1) - d_(k-1) (up to 1e-12 of
    /// it, a rounding difference of a continuous schedule, which `SurplusBound`'s slack covers).
    static func nonDecreasing(_ s: MarginSchedule) -> Bool {
        guard s.rates.allSatisfy({ $0 >= 0 }) else { return false }
        for k in s.floors.indices.dropFirst() {
            let f = s.floors[k]
            let before = f * s.rates[k - 1] - s.deductions[k - 1], after = f * s.rates[k] - s.deductions[k]
            if !(after >= before - 1e-12 * abs(before)) { return false }
        }
        return true
    }

    /// Maintenance margin of tiered term j at `notional`: notional x rate_k - deduction_k in its bracket k.
    @inline(__always)
    func maintenance(_ j: Int, _ notional: Double) -> Double {
        var k = Int(bracketStart[j])
        let end = Int(bracketStart[j + 1])
        while k + 1 < end && notional >= floors[k + 1] { k += 1 }
        return notional * rates[k] - deductions[k]
    }
}
