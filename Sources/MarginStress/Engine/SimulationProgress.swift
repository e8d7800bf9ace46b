import Synchronization

/// Paths completed so far, shared between the workers and whoever shows progress.
public final class SimulationProgress: Sendable {
    private let completed = Atomic<Int>(0)
    public let total: Int

    public init(total: Int) { self.total = total }

    public var completedPaths: Int { completed.load(ordering: .relaxed) }

    public func add(_ paths: Int) { completed.add(paths, ordering: .relaxed) }
}
