import Foundation

/// The range of inputs the engine represents exactly enough to give a finite, meaningful result, derived from
/// what it computes; `ScenarioValidator` refuses a scenario beyond them with a sentence naming the field and
/// the limit, so every scenario `validate` accepts runs to finite numbers.
///
/// - Money: every amount of the account (collateral value, notional |q| P and |q| x entry price, isolated
///   margin, bracket floors and amounts) is at most `largestAmount` = 1e15 quote units. Prices can move by a
///   factor of e^`largestLogReturn` at most, so a value is below 1e15 x e^280 x (positions) < 1e140 and its
///   square, summed over 2^63 paths, below 1e300: sums, variances and sketches stay finite.
/// - Price moves: for every asset, the log-return over the horizon the simulation can draw stays within
///   `largestLogReturn` = 280 at `standardDeviations` = 20 standard deviations:
///   |mu - sigma^2 / 2| T + 20 sigma sqrt(T) <= 280 (T the horizon in years). By Levy's inequality the running
///   maximum of the Gaussian walk exceeds 20 standard deviations with probability below 2 P(Z > 20) < 6e-89,
///   never in any run of at most 2^64 paths. Fatter tails (Student-t) can go further; the engine holds
///   such a path's log-return at +/-280 (`PathBlockSimulator`), far beyond any liquidation.
///   The fast exponential is exact for |x| < 708, which 280 respects with room.
/// - Prices are at least `smallestPrice` = 1e-12 (quote units per base unit), so that 1 / price is finite.
/// - Liquidation cost (half-spread + fee + square-root impact) is at most the notional closed.
public enum NumericalLimits {
    /// The largest money amount in the quote currency (collateral value, notional, margin).
    public static let largestAmount = 1e15
    /// The smallest price.
    public static let smallestPrice = 1e-12
    /// The largest log-return over the horizon, at `standardDeviations`; also the clamp of the engine's log-prices.
    public static let largestLogReturn = 280.0
    /// How many standard deviations of the horizon's log-return must stay within `largestLogReturn`.
    public static let standardDeviations = 20.0

    /// The bound on |log(P_T / P_0)| of an asset with annualised volatility `sigma` and drift `mu` over `years`:
    /// |mu - sigma^2 / 2| T + 20 sigma sqrt(T).
    public static func horizonLogReturn(volatility sigma: Double, drift mu: Double, years: Double) -> Double {
        abs(mu - sigma * sigma / 2) * years + standardDeviations * sigma * years.squareRoot()
    }

    /// The largest volatility with drift 0 for which `horizonLogReturn` stays within the limit over `years`:
    /// the positive root of sigma^2 T / 2 + 20 sigma sqrt(T) = 280, (sqrt(20^2 + 2 x 280) - 20) / sqrt(T).
    public static func largestVolatility(years: Double) -> Double {
        let k = standardDeviations
        return ((k * k + 2 * largestLogReturn).squareRoot() - k) / years.squareRoot()
    }
}
