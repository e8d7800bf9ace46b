import Synchronization

/// Runs blocks of paths on concurrent workers in rounds of a fixed number of blocks, and hands each block's
/// result to `append` strictly in block order after each round.
///
/// Within a round each worker (a thread of its own, see `WorkerThreads`) takes the next block from a shared
/// counter and runs it with its own state; the
/// per-block results wait in their slots until the round ends. The round length does not depend on the worker
/// count, so whatever is computed in block order (and any decision to stop after a round) is the same for
/// every worker count. Memory: the workers' states and one round of results.
enum BlockRounds {
    /// - Returns: the number of blocks run (fewer than `blocks` when `stopAfterRound` said so).
    static func run<State: Sendable, Result: Sendable>(
        blocks: Int, roundLength: Int, states: [State],
        block: @escaping @Sendable (State, Int) -> Result,
        append: (Result) -> Void,
        stopAfterRound: () -> Bool = { false }
    ) async -> Int {
        let slots = Slots<Result>(count: roundLength)
        var first = 0
        while first < blocks {
            let end = min(blocks, first + roundLength), roundStart = first
            let next = BlockCounter(first)
            _ = await WorkerThreads.run(count: states.count) { worker in
                let state = states[worker]
                while true {
                    let b = next.take()
                    if b >= end { break }
                    slots.set(b - roundStart, block(state, b))
                }
            }
            for b in first..<end { append(slots.take(b - first)) }
            first = end
            if first < blocks && stopAfterRound() { break }
        }
        return first
    }
}

/// The next block to run within a round.
final class BlockCounter: Sendable {
    private let value: Atomic<Int>
    init(_ first: Int) { value = Atomic(first) }
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// One round of per-block results; each slot is written by exactly one task and read after the round.
final class Slots<Result>: @unchecked Sendable {
    private var storage: [Result?]
    private let base: UnsafeMutablePointer<Result?>

    init(count: Int) {
        storage = []
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
        self.count = count
    }

    private let count: Int

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ index: Int, _ value: Result) { base[index] = value }

    func take(_ index: Int) -> Result {
        let value = base[index]!
        base[index] = nil
        return value
    }
}
