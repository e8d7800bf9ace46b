import Foundation

/// The Basel Committee's traffic light for VaR backtests (BCBS 1996, "Supervisory framework for the use of
/// backtesting"): over a window of `window` days, a count of hits is green while the binomial probability of that
/// many or fewer hits under the model is below 95%, red from 99.99%, yellow in between. At 99% over 250 days this
/// gives green 0-4, yellow 5-9, red 10 or more, the published table.
public struct TrafficLight: Sendable, Equatable, Encodable {
    public enum Zone: String, Sendable, Codable, CaseIterable { case green, yellow, red }

    public var window: Int
    public var probability: Double
    /// Largest count in the green zone and largest in the yellow zone.
    public var greenMaximum: Int
    public var yellowMaximum: Int
    /// The zone of every full window, the i-th ending on day `window - 1 + i` (rolling by one day).
    public var zones: [Zone]
    /// Hits in each of those windows.
    public var counts: [Int]

    public init(hits: [Bool], probability p: Double, window: Int = 250) {
        self.window = window
        self.probability = p
        (greenMaximum, yellowMaximum) = TrafficLight.thresholds(probability: p, window: window)
        var counts: [Int] = []
        if hits.count >= window {
            var c = hits[0..<window].lazy.filter { $0 }.count
            counts.append(c)
            for t in window..<hits.count {
                c += (hits[t] ? 1 : 0) - (hits[t - window] ? 1 : 0)
                counts.append(c)
            }
        }
        self.counts = counts
        let g = greenMaximum, y = yellowMaximum
        zones = counts.map { $0 <= g ? .green : ($0 <= y ? .yellow : .red) }
    }

    /// Number of windows in a zone.
    public func windows(in zone: Zone) -> Int { zones.lazy.filter { $0 == zone }.count }

    /// The worst zone met over the whole run.
    public var worst: Zone? { zones.contains(.red) ? .red : (zones.contains(.yellow) ? .yellow : zones.isEmpty ? nil : .green) }

    /// Binomial(window, p) cumulative probabilities: green while P(X <= k) < 0.95, yellow while < 0.9999.
    public static func thresholds(probability p: Double, window n: Int) -> (green: Int, yellow: Int) {
        var cumulative = 0.0
        var green = -1, yellow = -1
        for k in 0...n {
            cumulative += exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
                              + Double(k) * log(p) + Double(n - k) * log1p(-p))
            if cumulative < 0.95 { green = k }
            if cumulative < 0.9999 { yellow = k } else { break }
        }
        return (green, max(green, yellow))
    }

    enum CodingKeys: String, CodingKey { case window, probability, greenMaximum, yellowMaximum, windows, green, yellow, red, worst }

    /// The thresholds and the number of windows in each zone (not every window's count).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(window, forKey: .window)
        try c.encode(probability, forKey: .probability)
        try c.encode(greenMaximum, forKey: .greenMaximum)
        try c.encode(yellowMaximum, forKey: .yellowMaximum)
        try c.encode(zones.count, forKey: .windows)
        try c.encode(windows(in: .green), forKey: .green)
        try c.encode(windows(in: .yellow), forKey: .yellow)
        try c.encode(windows(in: .red), forKey: .red)
        try c.encodeIfPresent(worst, forKey: .worst)
    }
}
