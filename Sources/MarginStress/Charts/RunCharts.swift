import Foundation

/// The four pictures of a `run`, drawn from its `RunSummary`: the survival curve, when liquidations happen,
/// the terminal PnL with its VaR and ES, and the lowest equity reached.
public enum RunCharts {
    /// The file names `--export` writes the charts under, in the order of `all(_:)`.
    public static let fileNames = ["survival.svg", "time_to_liquidation.svg", "terminal_pnl.svg", "minimum_equity.svg"]

    /// Every chart with its file name.
    public static func all(_ summary: RunSummary) -> [(fileName: String, document: SVGDocument)] {
        let documents = [survival(summary), timeToLiquidation(summary), terminalPnL(summary), minimumEquity(summary)]
        return Array(zip(fileNames, documents)).map { (fileName: $0.0, document: $0.1) }
    }

    /// The probability of not yet being liquidated against time, with its 95% (Wilson) band.
    public static func survival(_ summary: RunSummary) -> SVGDocument {
        let points = thinned(summary.timeToLiquidation.survival, to: 2000)
        let x = points.map(\.days), y = points.map(\.probability)
        let lower = points.map { $0.interval95[0] }, upper = points.map { $0.interval95[1] }
        let xAxis = Axis.linear(covering: [0, summary.horizonDays], label: "Days since the start", targetTicks: 8)
        let isolated = summary.marginMode == Scenario.MarginMode.isolated.rawValue
        let yAxis = Axis.linear(covering: y + lower + upper, label: isolated ? "No position liquidated yet" : "Not yet liquidated",
                                format: .percent, targetTicks: 5)
        let liq = RunText.probability(summary.liquidation)
        let subtitle = (isolated ? "A position liquidated within" : "Liquidation within") + " \(RunText.days(summary.horizonDays)): \(liq.value) "
            + "(95% interval \(liq.lower) to \(liq.upper)), \(RunText.paths(summary.liquidation.count)) of "
            + Honest.count(summary.paths)
        var notes = ["The account is checked at each of the \(Honest.count(summary.steps)) steps (every "
                     + "\(RunText.duration(days: summary.horizonDays / Double(max(summary.steps, 1))))); the curve holds "
                     + "between checks. The band is the 95% Wilson interval at each step."]
        if yAxis.lower > 0 {
            notes.append("The vertical axis starts at \(yAxis.label(for: yAxis.lower)), not at zero.")
        }
        if summary.liquidation.count == 0 {
            notes.append("No path was liquidated: the band shows how low survival could still be with "
                         + "\(RunText.paths(summary.paths)).")
        }
        let chart = LineChart(
            title: isolated ? "Survival: probability that no position has been liquidated yet"
                : "Survival: probability of not yet being liquidated", subtitle: subtitle, xAxis: xAxis, yAxis: yAxis,
            series: [.init(name: "survival", x: x, y: y, interpolation: .step,
                           band: .init(x: x, lower: lower, upper: upper))],
            legend: [LegendEntry("Probability not yet liquidated", color: ChartStyle.primary, symbol: .line),
                     LegendEntry("95% interval", color: ChartStyle.band, symbol: .box)],
            notes: notes,
            description: "Survival curve: the probability that the account has not been liquidated, from 100% at the "
                + "start to \(Honest.percent(1 - summary.liquidation.probability, error: summary.liquidation.standardError)) "
                + "at the horizon of \(RunText.days(summary.horizonDays)).",
            idPrefix: "survival")
        return chart.document()
    }

    /// Liquidations per monitoring step, as a share of all paths (steps grouped when there are more than 240).
    public static func timeToLiquidation(_ summary: RunSummary) -> SVGDocument {
        let ttl = summary.timeToLiquidation
        let stepDays = summary.horizonDays / Double(max(summary.steps, 1))
        let (bins, group) = grouped(ttl.histogram, maxBins: 240)
        let per = group == 1 ? "per step (\(RunText.duration(days: stepDays)))"
            : "per \(RunText.duration(days: stepDays * Double(group)))"
        var markers: [ChartMarker] = []
        var subtitle = "No path was liquidated within \(RunText.days(summary.horizonDays))"
        if let mean = ttl.meanDays {
            markers.append(ChartMarker(value: mean, label: "mean \(Honest.format(mean, decimals: 2)) days",
                                       color: ChartStyle.reference, dashed: true))
            subtitle = "\(RunText.paths(summary.liquidation.count)) liquidated of \(Honest.count(summary.paths)); "
                + "mean time to liquidation, if liquidated, \(RunText.days((mean * 100).rounded() / 100))"
        }
        var notes = ["Each bar is the share of all paths liquidated at a check, so the bars add up to the "
                     + "liquidation probability (\(RunText.probability(summary.liquidation).value))."]
        if group > 1 { notes.append("Steps are grouped \(group) by \(group) to keep the bars readable.") }
        let chart = HistogramChart(
            title: summary.marginMode == Scenario.MarginMode.isolated.rawValue
                ? "When the first position is liquidated" : "When liquidations happen", subtitle: subtitle, bins: bins, total: summary.paths,
            xLabel: "Days since the start", yLabel: "Share of paths liquidated \(per)", markers: markers,
            notes: notes,
            description: "Histogram of the time of liquidation, in days, over \(RunText.days(summary.horizonDays)).",
            xMargin: 0, valueName: "Time", idPrefix: "time-to-liquidation")
        return chart.document()
    }

    /// The distribution of terminal PnL with VaR (solid, with its 95% interval) and ES (dashed) at each level,
    /// drawn on the PnL axis: a loss is a negative PnL, so VaR at level a is at PnL = -VaR.
    public static func terminalPnL(_ summary: RunSummary) -> SVGDocument {
        let p = summary.terminalPnL
        var markers: [ChartMarker] = []
        for (i, tail) in RunText.tails(summary).enumerated() {
            let color = ChartStyle.levelColors[min(i, ChartStyle.levelColors.count - 1)]
            let ci = tail.interval
            let interval: ClosedRange<Double>? = ci.count == 2 && ci[0].isFinite && ci[1].isFinite && ci[0] <= ci[1]
                ? -ci[1] ... -ci[0] : nil
            let level = RunText.level(tail.level)
            markers.append(ChartMarker(value: -tail.valueAtRisk, label: "VaR \(level)", color: color, interval: interval))
            markers.append(ChartMarker(value: -tail.expectedShortfall, label: "ES \(level)", color: color, dashed: true))
        }
        var regions: [ShadedRegion] = []
        let equity = summary.account.equity
        let lowest = p.histogram.first?.lower ?? 0
        if equity > 0, lowest < -equity {
            regions.append(ShadedRegion(lower: -.infinity, upper: -equity, color: ChartStyle.dangerRegion,
                                        label: "equity below zero", labelColor: ChartStyle.danger))
        }
        let tails = RunText.tails(summary)
        var subtitle = "Mean \(Honest.format(p.mean, error: p.standardError)) (se "
            + "\(Honest.format(p.standardError, error: p.standardError / 10))), standard deviation "
            + Honest.format(p.standardDeviation, error: p.standardError)
        if let t99 = tails.first(where: { $0.level == 0.99 }) {
            subtitle += "; VaR 99% \(t99.varText), ES 99% \(t99.esText)"
        }
        var notes = ["Losses are negative PnL: VaR at each level is drawn at PnL = -VaR (solid line, its 95% "
                     + "interval shaded), ES, the mean loss at or beyond VaR, at PnL = -ES (dashed)."]
        if !regions.isEmpty {
            notes.append("Shaded red: a loss larger than the starting equity of \(RunText.money(equity)), "
                         + "so the account ends with negative equity (bad debt).")
        }
        let chart = HistogramChart(
            title: "Terminal PnL over \(RunText.days(summary.horizonDays))", subtitle: subtitle, bins: p.histogram,
            total: summary.paths, xLabel: "PnL at the horizon or at liquidation (quote currency)", markers: markers,
            regions: regions,
            legend: [LegendEntry("VaR", color: ChartStyle.textColor, symbol: .line),
                     LegendEntry("ES", color: ChartStyle.textColor, symbol: .dashedLine)]
                + zip(RunSummary.tailLevels, ChartStyle.levelColors).map {
                    LegendEntry(RunText.level($0.0), color: $0.1, symbol: .box)
                },
            notes: notes,
            description: "Histogram of terminal PnL across paths, with value at risk and expected shortfall at "
                + "95%, 99% and 99.9% marked.",
            valueName: "PnL", idPrefix: "terminal-pnl")
        return chart.document()
    }

    /// The distribution of each path's lowest equity, with zero marked and the region below it (bad debt) shaded.
    public static func minimumEquity(_ summary: RunSummary) -> SVGDocument {
        let m = summary.minimumEquity
        let bins = m.histogram
        let low = bins.first?.lower ?? 0, high = bins.last?.upper ?? 1
        let span = max(high - low, 1)
        var markers: [ChartMarker] = []
        var regions: [ShadedRegion] = []
        var notes: [String] = []
        // Zero is drawn when the data reach it or come near it; otherwise it would squash the picture.
        if low <= 0.25 * span {
            markers.append(ChartMarker(value: 0, label: "zero equity", color: ChartStyle.danger))
            regions.append(ShadedRegion(lower: -.infinity, upper: 0, color: ChartStyle.dangerRegion,
                                        label: "bad debt", labelColor: ChartStyle.danger))
        } else {
            notes.append("No path came near zero equity: the lowest was \(RunText.money(low)), so the bad-debt "
                         + "region (below zero) is off the chart.")
        }
        let start = summary.account.equity
        if start.isFinite, start >= low - 0.25 * span, start <= high + 0.25 * span {
            markers.append(ChartMarker(value: start, label: "start \(RunText.money(start))", color: ChartStyle.reference,
                                       dashed: true))
        }
        let below = RunText.probability(m.belowZero)
        let subtitle = "Below zero at some step: \(below.value) (\(RunText.paths(m.belowZero.count))); median "
            + "\(RunText.money(m.quantiles["0.5"])), 1% quantile \(RunText.money(m.quantiles["0.01"]))"
        notes.insert("The lowest equity of each path over the horizon (up to its liquidation, for a liquidated "
                     + "path). Below zero the account owes more than its collateral: bad debt before fees and "
                     + "slippage.", at: 0)
        let chart = HistogramChart(
            title: "Lowest equity reached", subtitle: subtitle, bins: bins, total: summary.paths,
            xLabel: "Minimum equity over the path (quote currency)", markers: markers, regions: regions, notes: notes,
            description: "Histogram of each path's minimum equity, with zero equity marked.",
            valueName: "Minimum equity", idPrefix: "minimum-equity")
        return chart.document()
    }

    /// At most about `limit` points: every k-th, always with the last.
    static func thinned<T>(_ points: [T], to limit: Int) -> [T] {
        guard points.count > limit, limit > 1 else { return points }
        let k = Int((Double(points.count) / Double(limit)).rounded(.up))
        var out = stride(from: 0, to: points.count, by: k).map { points[$0] }
        if (points.count - 1) % k != 0 { out.append(points[points.count - 1]) }
        return out
    }

    /// Consecutive bins merged `k` at a time so that there are at most `maxBins`; a zero-width bin stays alone.
    static func grouped(_ bins: [Histogram.Bin], maxBins: Int) -> (bins: [Histogram.Bin], group: Int) {
        let zero = bins.filter { $0.upper == $0.lower }
        let rest = bins.filter { $0.upper > $0.lower }
        guard rest.count > maxBins else { return (bins, 1) }
        let k = Int((Double(rest.count) / Double(maxBins)).rounded(.up))
        var out = zero
        for start in stride(from: 0, to: rest.count, by: k) {
            let chunk = rest[start..<min(start + k, rest.count)]
            out.append(Histogram.Bin(lower: chunk.first!.lower, upper: chunk.last!.upper,
                                     count: chunk.reduce(0) { $0 + $1.count }))
        }
        return (out, k)
    }
}
