/// The `capacity` highest-scoring rows seen so far, as a binary min-heap on score.
///
/// The root is the weakest kept candidate, so `threshold` lets a scan skip almost every row with
/// one comparison once the heap is full.
struct TopKHeap {
    /// Most candidates kept.
    let capacity: Int
    private(set) var scores: [Float] = []
    private(set) var rows: [Int32] = []

    init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity)
        rows.reserveCapacity(capacity)
    }

    /// A score must beat this to enter the heap (−∞ until it is full).
    var threshold: Float { scores.count < capacity ? -.infinity : scores[0] }

    /// Offers one candidate; keeps it when it beats the current weakest (or the heap is not full).
    ///
    /// - Complexity: O(log capacity).
    mutating func insert(score: Float, row: Int32) {
        guard capacity > 0 else { return }
        if scores.count < capacity {
            scores.append(score)
            rows.append(row)
            siftUp(scores.count - 1)
        } else if score > scores[0] {
            scores[0] = score
            rows[0] = row
            siftDown(0)
        }
    }

    /// The kept candidates, best first (ties by row).
    ///
    /// - Complexity: O(capacity · log capacity).
    func sortedDescending() -> [(row: Int32, score: Float)] {
        zip(rows, scores).map { (row: $0.0, score: $0.1) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard scores[child] < scores[parent] else { return }
            scores.swapAt(child, parent)
            rows.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = scores.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < count && scores[left] < scores[smallest] { smallest = left }
            if right < count && scores[right] < scores[smallest] { smallest = right }
            if smallest == parent { return }
            scores.swapAt(parent, smallest)
            rows.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
