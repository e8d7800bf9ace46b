import Foundation

/// Where the account as it stands is liquidated: for each position, the price of its asset that liquidates the
/// account with every other price held fixed; the uniform market move that does (every price the account holds
/// that can move, times 1 + x); and the move along the first principal component of those assets' correlation.
///
/// Cross mode: one margin surplus for the whole account (`MarginSurplus(cross:)`), so every row shares the
/// account's moves and a row's price is the price of its asset at which the account falls below maintenance
/// (for one position alone, Binance's cross-margin liquidation price, its brackets included). Isolated mode:
/// each position on its own margin (`MarginModes.allocation`), its own price and moves. No simulation: funding
/// not yet paid, liquidation costs (paid after the trigger) and the shock law do not move these prices.
///
/// The principal component: v, the unit eigenvector of the largest eigenvalue lambda of the moving assets'
/// correlation matrix (sign: components summing to a non-negative number, so "down" is the market falling).
/// A move of m daily standard deviations of that component is the simple return `r_a = m sqrt(lambda) v_a
/// sigma_a / sqrt(daysPerYear)` of each asset a: the shocks z = m sqrt(lambda) v, whose projection on v is m
/// standard deviations and on every other component zero.
public struct LiquidationPrices: Sendable, Codable, Equatable {
    /// The nearest root of the surplus below and above the current point, nil when there is none.
    public struct Pair: Sendable, Codable, Equatable {
        public var down: Double?
        public var up: Double?
    }

    public struct Row: Sendable, Codable, Equatable {
        public var asset: String
        public var quantity: Double
        public var entryPrice: Double
        public var price: Double
        /// Equity less maintenance margin now (the account's in cross mode, the position's in isolated mode).
        public var marginSurplus: Double
        /// True when the surplus is already negative: liquidated at today's prices (no prices or moves then).
        public var liquidatedNow: Bool
        /// The asset's price that liquidates, every other price fixed.
        public var liquidationPrice: Pair
        /// The uniform move x (a fraction: -0.12 for a 12% fall) of every moving price that liquidates.
        public var uniformMove: Pair
        /// The move m along the first principal component, in daily standard deviations of that component.
        public var componentMove: Pair
    }

    /// The first principal component of the moving assets' correlation.
    public struct Component: Sendable, Codable, Equatable {
        public var assets: [String]
        public var loadings: [Double]
        public var eigenvalue: Double
        /// The share of the total variance of the standardised returns it explains (lambda / d).
        public var explained: Double
    }

    public var mode: Scenario.MarginMode
    public var rows: [Row]
    public var component: Component?

    public init(scenario s: Scenario) throws(LAPACKError) {
        mode = s.mode
        let market = try MarketModel(scenario: s, used: AccountModel.usedAssets(s))
        let moving = market.simulated, n = s.assets.count
        let spot = s.assets.map(\.price)
        // The principal component.
        var componentDirection: [Double]? = nil
        if !moving.isEmpty {
            let d = moving.count
            var sub = [Double](repeating: 0, count: d * d)
            for (i, a) in moving.enumerated() { for (j, b) in moving.enumerated() { sub[i * d + j] = s.correlation[a * n + b] } }
            let eigen = try LAPACK.symmetricEigen(sub, order: d)
            let lambda = eigen.values[d - 1]
            var v = (0..<d).map { eigen.vectors[$0 * d + d - 1] }
            if v.reduce(0, +) < 0 { v = v.map { -$0 } }
            component = Component(assets: moving.map { s.assets[$0].symbol }, loadings: v, eigenvalue: lambda,
                                  explained: lambda / Double(d))
            var direction = [Double](repeating: 0, count: n)
            for (i, a) in moving.enumerated() {
                direction[a] = spot[a] * lambda.squareRoot() * v[i] * s.assets[a].volatility / s.daysPerYear.squareRoot()
            }
            componentDirection = direction
        }
        // The uniform move: base 0 and direction spot on the moving assets, from t = 1.
        var uniformBase = spot, uniformDirection = [Double](repeating: 0, count: n)
        for a in moving {
            uniformBase[a] = 0
            uniformDirection[a] = spot[a]
        }
        func moves(_ surplus: MarginSurplus) -> (uniform: Pair, component: Pair) {
            func pair(base: [Double], direction: [Double], start: Double, shift: Double) -> Pair {
                guard direction.contains(where: { $0 != 0 }) else { return Pair() }
                return Pair(down: surplus.firstRoot(base: base, direction: direction, start: start, upward: false).map { $0 - shift },
                            up: surplus.firstRoot(base: base, direction: direction, start: start, upward: true).map { $0 - shift })
            }
            return (pair(base: uniformBase, direction: uniformDirection, start: 1, shift: 1),
                    componentDirection.map { pair(base: spot, direction: $0, start: 0, shift: 0) } ?? Pair())
        }
        func row(_ i: Int, _ surplus: MarginSurplus, shared: (uniform: Pair, component: Pair)?) -> Row {
            let p = s.positions[i], now = surplus.value(at: spot)
            var r = Row(asset: s.assets[p.asset].symbol, quantity: p.quantity, entryPrice: p.entryPrice, price: spot[p.asset],
                        marginSurplus: now, liquidatedNow: now < 0, liquidationPrice: Pair(), uniformMove: Pair(),
                        componentMove: Pair())
            guard now >= 0 else { return r }
            var base = spot, direction = [Double](repeating: 0, count: n)
            base[p.asset] = 0
            direction[p.asset] = 1
            r.liquidationPrice = Pair(down: surplus.firstRoot(base: base, direction: direction, start: spot[p.asset], upward: false),
                                      up: surplus.firstRoot(base: base, direction: direction, start: spot[p.asset], upward: true))
            let m = shared ?? moves(surplus)
            r.uniformMove = m.uniform
            r.componentMove = m.component
            return r
        }
        switch s.mode {
        case .cross:
            let surplus = MarginSurplus(cross: s)
            let shared = moves(surplus)
            rows = s.positions.indices.map { row($0, surplus, shared: shared) }
        case .isolated:
            let allocation = MarginModes.allocation(s)
            rows = s.positions.indices.map { row($0, MarginSurplus(isolated: s, position: $0, margin: allocation[$0]), shared: nil) }
        }
    }
}
