import Foundation
import Synchronization
import Testing
@testable import MarginStress

@Suite("Worker threads")
struct WorkerThreadsTests {
    final class Arrivals: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test("every worker runs at once, from the start, and results come back in worker order")
    func concurrentFromTheStart() async {
        let workers = 3
        let arrivals = Arrivals()
        // Each worker waits (up to 10 s) until all have arrived: workers that ran one after the other would
        // each see fewer than `workers` arrivals.
        let seen = await WorkerThreads.run(count: workers) { worker -> (Int, Int) in
            arrivals.count.add(1, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(10)
            while arrivals.count.load(ordering: .sequentiallyConsistent) < workers && Date() < deadline {}
            return (worker, arrivals.count.load(ordering: .sequentiallyConsistent))
        }
        #expect(seen.map(\.0) == Array(0..<workers))
        #expect(seen.allSatisfy { $0.1 == workers })
    }
}
