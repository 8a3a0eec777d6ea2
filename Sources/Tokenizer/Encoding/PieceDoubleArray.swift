/// A double-array trie of piece texts over UTF-8 bytes, for the encoder's Viterbi hot loop.
///
/// Unit `n` is a trie node; its child along `byte` is unit `base + byte`, valid when that unit's
/// `check` is `n`. Each 16-byte unit also carries the piece id ending at the node (or -1) and that
/// piece's lattice score, so following one byte, testing it and scoring the piece is one load of
/// one unit — no hashing, no probing, no second table. The array is padded by 256 free units past
/// the last used one, so `base + byte` never needs a bounds check. Holds the same pieces as
/// `PieceTrie` (the first entry wins for duplicate texts).
struct PieceDoubleArray: Sendable {
    struct Unit {
        /// The parent's unit index; -1 for free units and the root.
        var check: Int32
        /// Offset of this node's children (0 for a leaf: `check` then never matches).
        var base: Int32
        /// Piece id ending here, or -1.
        var id: Int32
        /// That piece's score in the lattice.
        var score: Float
    }

    private(set) var units: [Unit]

    /// An array of these units (read from a cache file, already validated).
    init(units: [Unit]) { self.units = units }

    /// Builds the array from `(bytes, id)` entries; `score(id, byteLength)` gives each piece's score.
    ///
    /// - Complexity: O(total bytes of all entries) for the pointer trie, plus the placement search.
    init(entries: [([UInt8], Int32)], score: (Int32, Int) -> Float) {
        // 1. The trie's edges, keyed `parent << 8 | byte`; sorting the keys groups each node's
        // children together, in label order.
        var edges: [UInt64: Int32] = [:]
        var ids: [Int32] = [-1]
        var lengths: [Int] = [0]
        for (bytes, id) in entries {
            var node: Int32 = 0
            for (depth, byte) in bytes.enumerated() {
                let key = UInt64(UInt32(bitPattern: node)) << 8 | UInt64(byte)
                if let child = edges[key] {
                    node = child
                } else {
                    let created = Int32(ids.count)
                    ids.append(-1)
                    lengths.append(depth + 1)
                    edges[key] = created
                    node = created
                }
            }
            if node != 0 && ids[Int(node)] < 0 { ids[Int(node)] = id }
        }
        let sortedEdges = edges.sorted { $0.key < $1.key }
        var firstEdge = [Int](repeating: 0, count: ids.count + 1)
        for edge in sortedEdges { firstEdge[Int(edge.key >> 8) + 1] += 1 }
        for node in 0..<ids.count { firstEdge[node + 1] += firstEdge[node] }
        // 2. Place nodes breadth-first; free units form a doubly linked list for the base search.
        var units: [Unit] = []
        var nextFree: [Int] = [], previousFree: [Int] = []
        var freeHead = -1
        func grow(to size: Int) {
            let old = units.count
            guard size > old else { return }
            units.append(contentsOf: repeatElement(Unit(check: -1, base: 0, id: -1, score: 0), count: size - old))
            nextFree.append(contentsOf: repeatElement(-1, count: size - old))
            previousFree.append(contentsOf: repeatElement(-1, count: size - old))
            // Append [old, size) to the end of the free list, in order.
            var tail = freeHead
            if tail >= 0 { while nextFree[tail] >= 0 { tail = nextFree[tail] } }
            for index in old..<size {
                previousFree[index] = tail
                if tail >= 0 { nextFree[tail] = index } else { freeHead = index }
                tail = index
            }
        }
        func take(_ index: Int) {
            let previous = previousFree[index], next = nextFree[index]
            if previous >= 0 { nextFree[previous] = next } else { freeHead = next }
            if next >= 0 { previousFree[next] = previous }
            nextFree[index] = -1
            previousFree[index] = -1
        }
        grow(to: max(1024, ids.count * 2))
        // Unit 0 is the root; units 1...255 stay free forever, so every candidate position p on
        // the free list gives a base p − label ≥ 1 (else low holes get rescanned for every node).
        for index in 0..<256 { take(index) }
        var used = [Bool](repeating: false, count: units.count)
        used[0] = true
        var placed = [Int](repeating: -1, count: ids.count)
        placed[0] = 0
        var highest = 0
        var queue = [0], head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            let unit = placed[node]
            let kids = sortedEdges[firstEdge[node]..<firstEdge[node + 1]]
            guard let first = kids.first?.key else { continue }
            let firstLabel = Int(first & 0xFF)
            var base = 0
            var candidate = freeHead
            search: while true {
                if candidate < 0 || candidate + 256 >= units.count {
                    // Out of free units to try: grow and retry from the new region.
                    let old = units.count
                    grow(to: old * 2)
                    used.append(contentsOf: repeatElement(false, count: units.count - old))
                    if candidate < 0 { candidate = old }
                    continue
                }
                base = candidate - firstLabel
                if base >= 1 && kids.allSatisfy({ !used[base + Int($0.key & 0xFF)] }) { break search }
                candidate = nextFree[candidate]
            }
            units[unit].base = Int32(base)
            for kid in kids {
                let index = base + Int(kid.key & 0xFF)
                take(index)
                used[index] = true
                highest = max(highest, index)
                let child = Int(kid.value)
                placed[child] = index
                let id = ids[child]
                units[index].check = Int32(unit)
                units[index].id = id
                units[index].score = id >= 0 ? score(id, lengths[child]) : 0
                queue.append(child)
            }
        }
        units.removeSubrange(min(units.count, highest + 257)...)
        if units.count < highest + 257 {
            units.append(contentsOf: repeatElement(Unit(check: -1, base: 0, id: -1, score: 0),
                                                   count: highest + 257 - units.count))
        }
        self.units = units
    }
}
