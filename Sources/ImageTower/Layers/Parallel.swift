import Dispatch

/// Runs `body` for every index in `0..<count`, split into contiguous chunks over `threads` workers.
///
/// With one thread (or little work) it runs inline, so callers need no special case.
@inline(__always)
func parallelChunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let workers = min(threads, count)
    if workers <= 1 {
        body(0..<count)
        return
    }
    let chunk = (count + workers - 1) / workers
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let start = worker * chunk
        let end = min(start + chunk, count)
        if start < end { body(start..<end) }
    }
}
