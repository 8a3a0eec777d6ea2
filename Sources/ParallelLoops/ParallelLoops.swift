import Dispatch

/// Runs `body` on contiguous chunks of `0..<count`, one chunk per worker, concurrently.
///
/// The range is cut into `min(workers, count)` nearly equal chunks (at least one; chunk `c` is
/// `c·count/n ..< (c+1)·count/n`), and `body` gets each chunk's number and range. The cut depends
/// only on `count` and `workers`, so work that accumulates per chunk and then combines the chunks
/// in chunk order is deterministic. With one chunk `body` runs inline on the calling thread, so
/// callers need no special case for one thread or little work.
///
/// ```swift
/// forEachChunk(of: rows, workers: threads) { _, range in
///     for row in range { output[row] = f(input[row]) }
/// }
/// ```
/// - Complexity: `body`'s cost spread over up to `workers` threads, plus one dispatch.
@inlinable
public func forEachChunk(of count: Int, workers: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = max(1, min(workers, count))
    if chunks == 1 {
        body(0, 0..<max(count, 0))
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        body(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
    }
}

/// `transform` applied to every element on up to `workers` threads, results in the input's order.
///
/// Worker `w` takes elements `w`, `w + workers`, `w + 2·workers`, …, so elements of mixed cost
/// (photos of mixed sizes) spread evenly over the workers. `transform` must be safe to call from
/// several threads at once.
///
/// - Complexity: `items.count` calls of `transform` over up to `workers` threads.
public func parallelMap<T, R>(_ items: [T], workers: Int, _ transform: (T) -> R) -> [R] {
    let lanes = max(1, min(workers, items.count))
    var results = [R?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { slots in
        let base = slots.baseAddress
        forEachChunk(of: lanes, workers: lanes) { lane, _ in
            for index in stride(from: lane, to: items.count, by: lanes) {
                base![index] = transform(items[index])   // each slot is written by one lane only
            }
        }
    }
    return results.map { $0! }
}
