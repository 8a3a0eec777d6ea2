/// A binary max-heap of indices ordered by a caller-supplied priority, for the n-best A* agenda.
///
/// Ties go to the entry with the larger `tieBreak` (the n-best search passes the number of
/// pieces already fixed, so equal-score searches run depth-first instead of breadth-first).
struct HypothesisHeap {
    /// One agenda entry.
    struct Entry {
        var priority: Double
        var tieBreak: Int32
        var index: Int32
    }

    private var entries: [Entry] = []

    /// Whether the heap is empty.
    var isEmpty: Bool { entries.isEmpty }

    /// How many entries it holds.
    var count: Int { entries.count }

    /// Whether `a` should be popped before `b`. NaN priorities sort last.
    @inline(__always)
    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        if a.priority != b.priority {
            if b.priority.isNaN { return !a.priority.isNaN }
            return a.priority > b.priority
        }
        return a.tieBreak > b.tieBreak
    }

    /// Adds an entry.
    ///
    /// - Complexity: O(log n).
    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the first entry, or nil when empty.
    ///
    /// - Complexity: O(log n).
    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return top }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < entries.count && Self.before(entries[left], entries[first]) { first = left }
            if right < entries.count && Self.before(entries[right], entries[first]) { first = right }
            if first == parent { break }
            entries.swapAt(parent, first)
            parent = first
        }
        return top
    }
}
