import Foundation

/// Splits `0..<count` into `parts` contiguous, nearly equal ranges and runs `body` on each,
/// concurrently.
///
/// The split depends only on `count` and `parts`, so work that accumulates per range and then
/// combines ranges in index order is deterministic.
/// - Complexity: `body`'s cost over `parts` threads.
func forEachRange(of count: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
    let parts = max(1, min(parts, count))
    let ranges = (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
    if parts == 1 { body(0, ranges[0]); return }
    DispatchQueue.concurrentPerform(iterations: parts) { part in body(part, ranges[part]) }
}
