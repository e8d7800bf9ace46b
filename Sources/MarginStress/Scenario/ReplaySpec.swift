/// `market.stress.replay`, validated: a window of a price file replayed in order at the start of the horizon, one
/// period of the file per step, on every path alike; the model then continues from the state the replay leaves.
///
/// The days replayed are `dates` as given, or the `worst` N days of the book's one-day PnL over the file: day t's
/// PnL is the account's equity at today's prices moved by that day's log-returns, `P_i e^(r_{i,t})`, less its
/// equity now (the same positions and collateral); the N lowest, replayed in the file's date order. Step t of the
/// replay multiplies asset i's price by `e^(r_{i,t})`, the file's price ratio of that day. GARCH and filtered
/// historical models continue from the variance their recursion reaches through the replayed returns.
///
/// The returns are read by `Scenario.loadingHistory()` after validation (`returns`, `replayedDates`), and are
/// part of the scenario's encoding (digest, partial results); `path` is not.
public struct ReplaySpec: Sendable, Equatable, Codable {
    /// The file as written in the scenario.
    public var file: String
    /// The path the file is read from: `file` resolved against the scenario file's folder (not encoded).
    public var path: String?
    /// The number of worst days to replay, or nil when `dates` are given.
    public var worst: Int?
    /// The dates (YYYY-MM-DD) of the returns to replay, in order, or nil with `worst`.
    public var dates: [String]?
    /// Per asset of `Scenario.assets`: its replayed log-returns in order (empty for an asset that does not move).
    public var returns: [[Double]] = []
    /// The date of each replayed return (the day it ends), in order, once read.
    public var replayedDates: [String] = []

    enum CodingKeys: String, CodingKey { case file, worst, dates, returns, replayedDates }

    public init(file: String, path: String? = nil, worst: Int? = nil, dates: [String]? = nil) {
        self.file = file
        self.path = path
        self.worst = worst
        self.dates = dates
    }

    /// True once the returns are read.
    public var isLoaded: Bool { !replayedDates.isEmpty }
    /// The steps the replay takes: `worst`, or the number of dates.
    public var periods: Int { worst ?? dates?.count ?? 0 }
}
