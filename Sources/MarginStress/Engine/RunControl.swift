import Synchronization

/// A request to stop a run early, shared between whoever receives a signal and the block driver's workers.
///
/// Once `stop(signal:)` is called the workers finish the blocks they hold and take no more; the driver
/// returns the result of every block completed (a contiguous range), marked as interrupted.
public final class RunControl: Sendable {
    private let signalNumber = Atomic<Int32>(0)

    public init() {}

    /// Asks the run to stop after the blocks in flight; `signal` is recorded (SIGINT 2, SIGTERM 15).
    public func stop(signal: Int32) {
        _ = signalNumber.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
    }

    /// The signal that asked the run to stop, or nil.
    public var stoppedBy: Int32? {
        let s = signalNumber.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    var isStopped: Bool { signalNumber.load(ordering: .relaxed) != 0 }
}
