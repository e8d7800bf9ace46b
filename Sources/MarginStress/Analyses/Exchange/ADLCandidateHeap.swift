/// The ranked candidates of one auto-deleveraging event as a binary heap of their indices (best at the root), so
/// an event that closes a few positions pops them in order in O(log n) each after an O(n) heapify, instead of
/// sorting every candidate (Williams 1964; Floyd 1964).
extension ExchangeObserver {
    /// Candidate a ranks before c: a higher score, or the same score and earlier in the book (a strict total order,
    /// so the order of the pops does not depend on how the heap was built).
    @inline(__always)
    static func ranksBefore(_ a: Int32, _ c: Int32, _ score: UnsafeMutablePointer<Double>) -> Bool {
        let x = score[Int(a)], y = score[Int(c)]
        return x > y || (x == y && a < c)
    }

    /// Restores the heap property below index i of the first n entries of `heap` (best candidate at the root).
    static func siftDown(_ heap: UnsafeMutablePointer<Int32>, _ start: Int, _ n: Int, _ score: UnsafeMutablePointer<Double>) {
        var i = start
        while true {
            let l = 2 * i + 1
            if l >= n { return }
            var best = l
            if l + 1 < n && ranksBefore(heap[l + 1], heap[l], score) { best = l + 1 }
            if !ranksBefore(heap[best], heap[i], score) { return }
            let t = heap[i]
            heap[i] = heap[best]
            heap[best] = t
            i = best
        }
    }

    /// Removes and returns the best-ranked candidate of the heap's first n entries (n > 0), decrementing n.
    static func popBest(_ heap: UnsafeMutablePointer<Int32>, _ n: inout Int, _ score: UnsafeMutablePointer<Double>) -> Int32 {
        let top = heap[0]
        n -= 1
        heap[0] = heap[n]
        siftDown(heap, 0, n, score)
        return top
    }
}
