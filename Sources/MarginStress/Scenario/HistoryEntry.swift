/// `market.distribution.history`: the price file a historical or filtered-historical model resamples, as written.
/// `{file: prices.csv, window: 500, bootstrap: stationary, meanBlockLength: 5, filter: ewma, lambda: 0.94}`.
public struct HistoryEntry: Codable, Sendable, Equatable {
    /// Wide (`Date,TICKER,...`) or long (`date,symbol,price`) CSV, relative to the scenario file's folder.
    public var file: String?
    /// The last N returns up to `to`.
    public var window: Int?
    public var from: String?
    public var to: String?
    /// `iid` (default) or `stationary`.
    public var bootstrap: String?
    public var meanBlockLength: Double?
    /// filtered-historical: `ewma` (default) or `garch`.
    public var filter: String?
    public var lambda: Double?

    public init(file: String? = nil, window: Int? = nil, from: String? = nil, to: String? = nil, bootstrap: String? = nil,
                meanBlockLength: Double? = nil, filter: String? = nil, lambda: Double? = nil) {
        self.file = file
        self.window = window
        self.from = from
        self.to = to
        self.bootstrap = bootstrap
        self.meanBlockLength = meanBlockLength
        self.filter = filter
        self.lambda = lambda
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case file, window, from, to, bootstrap, meanBlockLength, filter, lambda }

    public init(from decoder: any Decoder) throws {
        try decoder.reportUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decodeIfPresent(String.self, forKey: .file)
        window = try c.decodeIfPresent(Int.self, forKey: .window)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        to = try c.decodeIfPresent(String.self, forKey: .to)
        bootstrap = try c.decodeIfPresent(String.self, forKey: .bootstrap)
        meanBlockLength = try c.decodeIfPresent(Double.self, forKey: .meanBlockLength)
        filter = try c.decodeIfPresent(String.self, forKey: .filter)
        lambda = try c.decodeIfPresent(Double.self, forKey: .lambda)
    }
}
