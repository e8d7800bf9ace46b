import Foundation

extension ScenarioValidator {
    /// `market.distribution: {type: historical | filtered-historical, history: {...}}`: the file named (read later by
    /// `Scenario.loadingHistory()`), the window, the bootstrap and, for filtered-historical, the filter.
    mutating func buildHistory(_ entry: DistributionEntry, filtered: Bool, assets: [Scenario.Asset]) -> Scenario.Distribution? {
        let field = "market.distribution.history", type = filtered ? "filtered-historical" : "historical"
        if entry.degreesOfFreedom != nil {
            fail("market.distribution.degreesOfFreedom", "does not apply to type \(type): the resampled data carry their own tails; remove it")
        }
        var perYear: Double? = nil
        if entry.daysPerYear != nil {
            perYear = finite(entry.daysPerYear, "market.distribution.daysPerYear", what: "the data's periods per year, e.g. 252 for trading days")
            if let p = perYear, p <= 0 { fail("market.distribution.daysPerYear", "\(p) is not positive; e.g. 252 for trading days, 365 for calendar days") }
        }
        guard let h = entry.history else {
            fail(field, "missing; name the price file and window, e.g. {file: prices.csv, window: 500} (margin-stress calibrate --model \(type) writes it)")
            return nil
        }
        var valid = true
        let file = h.file?.trimmingCharacters(in: .whitespaces) ?? ""
        if file.isEmpty {
            fail("\(field).file", "missing; give the price CSV (Date,TICKER,... or date,symbol,price), relative to the scenario file")
            valid = false
        }
        if let w = h.window, w < 2 {
            fail("\(field).window", "\(w) returns are too few to resample; give at least 2 (e.g. 500 for two years of trading days)")
            valid = false
        }
        for (value, name) in [(h.from, "from"), (h.to, "to")] {
            if let value, !Self.isISODate(value) {
                fail("\(field).\(name)", "'\(value)' is not a date; write YYYY-MM-DD, e.g. 2017-12-29")
                valid = false
            }
        }
        if let from = h.from, let to = h.to, Self.isISODate(from), Self.isISODate(to), from > to {
            fail("\(field).from", "\(from) is after to \(to); swap them")
            valid = false
        }
        var bootstrap = HistorySpec.Bootstrap.iid
        switch h.bootstrap?.lowercased() ?? "iid" {
        case "iid", "i.i.d.":
            if h.meanBlockLength != nil {
                fail("\(field).meanBlockLength", "applies only to bootstrap: stationary; remove it or set bootstrap: stationary")
                valid = false
            }
        case "stationary":
            guard let length = finite(h.meanBlockLength, "\(field).meanBlockLength",
                                      what: "the stationary bootstrap's mean block length in periods, >= 1, e.g. 5") else {
                valid = false
                break
            }
            if length < 1 {
                fail("\(field).meanBlockLength", "\(length) is below 1; the mean block length is in periods, >= 1 (1 is i.i.d.)")
                valid = false
            }
            bootstrap = .stationary(meanBlockLength: length)
        case let other:
            fail("\(field).bootstrap", "\"\(other)\" is not known; use iid or stationary (with meanBlockLength)")
            valid = false
        }
        var filter: HistorySpec.Filter? = nil
        var garch: [GARCHSpec.Parameters?]? = nil
        if !filtered {
            for (given, name) in [(h.filter != nil, "filter"), (h.lambda != nil, "lambda")] where given {
                fail("\(field).\(name)", "applies only to type filtered-historical; remove it or set type: filtered-historical")
                valid = false
            }
        } else {
            switch h.filter?.lowercased() ?? "ewma" {
            case "ewma":
                if entry.garch != nil {
                    fail("market.distribution.garch", "applies to filtered-historical only with history.filter: garch; remove it or set filter: garch")
                    valid = false
                }
                var lambda = 0.94
                if h.lambda != nil {
                    lambda = finite(h.lambda, "\(field).lambda", what: "the EWMA decay in (0, 1], e.g. 0.94") ?? 0.94
                    if !(lambda > 0 && lambda <= 1) {
                        fail("\(field).lambda", "\(lambda) is outside (0, 1]; e.g. 0.94 (RiskMetrics daily)")
                        valid = false
                    }
                }
                filter = .ewma(lambda: lambda)
            case "garch":
                if h.lambda != nil {
                    fail("\(field).lambda", "applies only to filter: ewma; remove it or set filter: ewma")
                    valid = false
                }
                if case .garch(let spec)? = buildGARCH(entry, assets: assets, filter: true) {
                    garch = spec.assets
                } else {
                    valid = false
                }
                filter = .garch
            case let other:
                fail("\(field).filter", "\"\(other)\" is not known; use ewma (with lambda) or garch (with market.distribution.garch)")
                valid = false
            }
        }
        for (n, a) in assets.enumerated() where a.drift != 0 {
            warnings.append("market.assets[\(n)].drift: not used by a \(type) model (the resampled returns carry the data's own mean)")
        }
        guard valid else { return nil }
        let spec = HistorySpec(file: file, path: resolvedPath(file), window: h.window, from: h.from, to: h.to, bootstrap: bootstrap,
                               filter: filter, garch: garch, daysPerYear: perYear)
        return filtered ? .filteredHistorical(spec) : .historical(spec)
    }

    /// A data file named in the scenario, as read: a relative path is taken from the scenario file's folder (when
    /// `source` is a file), an absolute one as it is.
    func resolvedPath(_ file: String) -> String {
        guard !file.hasPrefix("/") && FileManager.default.fileExists(atPath: source) else { return file }
        return URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent(file).path
    }

    /// `YYYY-MM-DD`.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}
