import Foundation

/// Why an axis could not be built from the values it has to show.
public enum AxisError: Error, Equatable, CustomStringConvertible {
    /// A logarithmic axis was asked to show a value that is zero or negative (it has no logarithm).
    case nonPositiveValueOnLogAxis(Double)
    /// A value is infinite or not a number.
    case nonFiniteValue(Double)
    /// There was no value to show.
    case noValues

    public var description: String {
        switch self {
        case .nonPositiveValueOnLogAxis(let v):
            return "a logarithmic axis cannot show \(v): every value must be greater than zero (use a linear axis, or leave the value out)"
        case .nonFiniteValue(let v):
            return "an axis cannot show \(v): every value must be finite"
        case .noValues:
            return "an axis needs at least one value to cover"
        }
    }
}

/// How values are placed along an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic: equal distances are equal ratios. Values must be positive.
    case logarithmic
}

/// How tick labels are written.
public enum TickFormat: Sendable, Equatable {
    /// A plain number with thousands separators and as many decimals as the tick step needs, then `suffix`
    /// (e.g. `"x"` for leverage).
    case number(suffix: String = "")
    /// A fraction written as a percentage (0.25 is `25%`).
    case percent
}

/// One axis of a chart: its scale, its range (the domain), its tick values and how to label them.
///
/// A linear axis covers the values it is given with "nice" round limits and ticks: multiples of a step of
/// 1, 2, 2.5 or 5 x 10^k. A logarithmic axis runs from a power of ten to a power of ten, with ticks at the
/// powers of ten (and at 2 and 5 times them when it spans two decades or fewer).
public struct Axis: Sendable, Equatable {
    public var scale: AxisScale
    /// The smallest value on the axis.
    public var lower: Double
    /// The largest value on the axis.
    public var upper: Double
    /// Tick values, increasing, all within `lower...upper`.
    public var ticks: [Double]
    /// The axis title (e.g. "Days", "Terminal PnL (USD)").
    public var label: String
    public var format: TickFormat
    /// The tick step of a linear axis (sets the decimals of its labels); 0 for a logarithmic axis.
    public var step: Double

    /// A linear axis covering `values` with about `targetTicks` ticks at multiples of a nice step.
    ///
    /// With `margin` 0 (the default) the limits are ticks themselves, the nearest at or beyond the values; with a
    /// positive `margin` the axis instead runs that fraction of the values' span beyond each end, and the ticks
    /// are the multiples of the step inside it. Values that are not finite are left out; with none left the axis
    /// runs from 0 to 1. `includeZero` extends the range to 0 (for bar heights). A single value, or equal values,
    /// get a range around them.
    public static func linear(covering values: [Double], label: String, format: TickFormat = .number(),
                              targetTicks: Int = 6, includeZero: Bool = false, margin: Double = 0) -> Axis {
        var finite = values.filter(\.isFinite)
        if includeZero { finite.append(0) }
        guard var low = finite.min(), var high = finite.max() else {
            return linear(covering: [0, 1], label: label, format: format, targetTicks: targetTicks)
        }
        if high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            if low == 0 && includeZero {
                high = 1
            } else if low == 0 || !includeZero {
                low -= pad
                high += pad
            } else if low > 0 {
                high += pad
            } else {
                low -= pad
            }
        }
        let step = niceStep(span: high - low, targetTicks: targetTicks)
        if margin > 0 {
            let pad = (high - low) * margin
            let lower = includeZero && low == 0 ? 0 : low - pad, upper = includeZero && high == 0 ? 0 : high + pad
            let firstK = Int((lower / step - 1e-9).rounded(.up)), lastK = Int((upper / step + 1e-9).rounded(.down))
            let ticks = firstK <= lastK ? (firstK...lastK).map { cleaned(Double($0) * step, step: step) } : []
            return Axis(scale: .linear, lower: lower, upper: upper, ticks: ticks, label: label, format: format, step: step)
        }
        let first = (low / step + 1e-9).rounded(.down), last = (high / step - 1e-9).rounded(.up)
        let lowerK = Int(first), upperK = max(Int(last), lowerK + 1)
        let ticks = (lowerK...upperK).map { cleaned(Double($0) * step, step: step) }
        return Axis(scale: .linear, lower: ticks.first!, upper: ticks.last!, ticks: ticks, label: label,
                    format: format, step: step)
    }

    /// A logarithmic axis covering `values`, from the power of ten at or below the smallest to the power of ten
    /// at or above the largest.
    ///
    /// - Throws: `AxisError.nonPositiveValueOnLogAxis` for a value at or below zero, `.nonFiniteValue` for an
    ///   infinite or NaN value, `.noValues` for an empty list.
    ///
    /// With `tight` the ends are instead the nearest of 1, 2 and 5 times a power of ten at or beyond the values
    /// (1x to 200x rather than 1x to 1,000x), and both ends are ticks.
    public static func logarithmic(covering values: [Double], label: String,
                                   format: TickFormat = .number(), tight: Bool = false) throws(AxisError) -> Axis {
        guard !values.isEmpty else { throw .noValues }
        for v in values {
            guard !v.isNaN, v.isFinite || v < 0 else { throw .nonFiniteValue(v) }
            guard v > 0 else { throw .nonPositiveValueOnLogAxis(v) }
        }
        if tight { return tightLogarithmic(values, label: label, format: format) }
        let lowExponent = Int(Foundation.log10(values.min()!).rounded(.down))
        var highExponent = Int(Foundation.log10(values.max()!).rounded(.up))
        if highExponent <= lowExponent { highExponent = lowExponent + 1 }
        let decades = highExponent - lowExponent
        var ticks: [Double] = []
        let every = max(1, Int((Double(decades) / 8).rounded(.up)))
        for e in stride(from: lowExponent, through: highExponent, by: every) {
            let power = Foundation.pow(10, Double(e))
            ticks.append(power)
            if decades <= 2 && e < highExponent { ticks += [2 * power, 5 * power] }
        }
        return Axis(scale: .logarithmic, lower: Foundation.pow(10, Double(lowExponent)),
                    upper: Foundation.pow(10, Double(highExponent)), ticks: ticks, label: label, format: format, step: 0)
    }

    /// A logarithmic axis whose ends are the nearest 1, 2 or 5 times a power of ten around positive `values`.
    static func tightLogarithmic(_ values: [Double], label: String, format: TickFormat) -> Axis {
        let low = values.min()!, high = values.max()!
        func candidates(_ e: Int) -> [Double] { [1.0, 2, 5].map { $0 * Foundation.pow(10, Double(e)) } }
        let lowE = Int(Foundation.log10(low).rounded(.down)), highE = Int(Foundation.log10(high).rounded(.down))
        let lower = candidates(lowE).filter { $0 <= low * (1 + 1e-12) }.max()!
        var upper = (candidates(highE) + candidates(highE + 1)).filter { $0 >= high * (1 - 1e-12) }.min()!
        if upper <= lower { upper = (candidates(highE) + candidates(highE + 1)).first { $0 > lower }! }
        let decades = Foundation.log10(upper / lower)
        // Inner ticks: 1, 2 and 5 times the powers of ten over two decades or less, else powers of ten (every
        // k-th over more than eight decades); none within a twentieth of the axis of an end, whose label it would crowd.
        let every = max(1, Int((decades / 8).rounded(.up)))
        var ticks: [Double] = [lower]
        for e in stride(from: lowE, through: highE + 1, by: every) {
            for t in (decades <= 2 ? candidates(e) : [Foundation.pow(10, Double(e))])
            where t > lower * (1 + 1e-12) && t < upper * (1 - 1e-12) {
                if min(Foundation.log10(t / lower), Foundation.log10(upper / t)) < decades / 20 { continue }
                ticks.append(t)
            }
        }
        ticks.append(upper)
        return Axis(scale: .logarithmic, lower: lower, upper: upper, ticks: ticks, label: label, format: format, step: 0)
    }

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper` (outside that for values outside the range;
    /// minus infinity for a non-positive value on a logarithmic axis).
    public func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return -.infinity }
            return (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        }
    }

    /// Whether `value` lies within the axis range.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// The label of a tick value.
    public func label(for value: Double) -> String {
        if value == 0 {
            if case .number(let suffix) = format { return "0" + suffix }
            return "0%"
        }
        switch format {
        case .number(let suffix):
            return Honest.format(value, decimals: decimals(scaledBy: 1, value: value)) + suffix
        case .percent:
            return Honest.format(value * 100, decimals: decimals(scaledBy: 100, value: value)) + "%"
        }
    }

    func decimals(scaledBy factor: Double, value: Double) -> Int {
        switch scale {
        case .linear: return Self.decimals(of: step * factor)
        case .logarithmic: return Self.decimals(of: value * factor)
        }
    }

    /// The smallest of 1, 2, 2.5, 5 x 10^k at or above `span / targetTicks`.
    public static func niceStep(span: Double, targetTicks: Int) -> Double {
        let raw = span / Double(max(1, targetTicks))
        guard raw > 0, raw.isFinite else { return 1 }
        let power = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
        for m in [1.0, 2, 2.5, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
        return 10 * power
    }

    /// Decimals needed to write multiples of `step` exactly (0 for whole steps, at most 12).
    static func decimals(of step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        var d = 0, scaled = step
        while d < 12 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            d += 1
            scaled *= 10
        }
        return d
    }

    /// `value` with the float noise of `k x step` removed (0.30000000000000004 becomes 0.3).
    static func cleaned(_ value: Double, step: Double) -> Double {
        let d = decimals(of: step)
        let unit = Foundation.pow(10, Double(d))
        let rounded = (value * unit).rounded() / unit
        return rounded == 0 ? 0 : rounded
    }
}
