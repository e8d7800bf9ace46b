import Foundation

/// A task executor on threads of its own, for running `SimulationRunner.run()` inside the benchmark.
///
/// The benchmark runner waits for an async benchmark by blocking one thread of Swift's cooperative pool,
/// which has one thread per core: on a two-core machine only one is left, and the two workers of a
/// two-worker run would take turns on it. With this executor as the task executor preference, the runner's
/// task group children run on `count` dedicated threads instead, as they run on the free cooperative pool
/// of the command line.
final class WorkerThreads: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    init(count: Int) {
        jobs.reserveCapacity(1024)
        for n in 0..<count {
            let thread = Thread { [unowned self] in self.serve() }
            thread.name = "benchmark worker \(n)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
