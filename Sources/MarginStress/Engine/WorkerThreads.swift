import Foundation

/// Runs CPU-bound work on threads of its own and resumes the caller when every worker has returned.
///
/// Swift's cooperative pool is meant for short jobs. On Linux its thread pool may hold a second long job
/// back until its monitor notices that the first thread is busy (about a tenth of a second later), so a
/// two-worker simulation of a tenth of a second ran on one core in measured runs (task-clock 1.04 CPUs).
/// A worker here is a thread of its own from the first instruction; the caller's task is suspended, not
/// blocked, while they run.
enum WorkerThreads {
    /// Calls `body(0) ..< body(count)` on `count` new threads and returns their results in that order.
    static func run<Result: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> Result) async -> [Result] {
        precondition(count >= 1, "at least one worker")
        return await withCheckedContinuation { continuation in
            let gather = Gather<Result>(count: count, continuation: continuation)
            for worker in 0..<count {
                let thread = Thread { gather.finish(worker, body(worker)) }
                thread.name = "margin-stress worker \(worker)"
                thread.start()
            }
        }
    }
}

/// The workers' results; the last worker to finish resumes the waiting task.
private final class Gather<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result?]
    private var remaining: Int
    private let continuation: CheckedContinuation<[Result], Never>

    init(count: Int, continuation: CheckedContinuation<[Result], Never>) {
        results = Array(repeating: nil, count: count)
        remaining = count
        self.continuation = continuation
    }

    func finish(_ worker: Int, _ result: Result) {
        lock.lock()
        results[worker] = result
        remaining -= 1
        let done = remaining == 0
        lock.unlock()
        if done { continuation.resume(returning: results.map { $0! }) }
    }
}
