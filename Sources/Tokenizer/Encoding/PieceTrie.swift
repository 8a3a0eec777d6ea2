/// A byte trie of piece texts whose transitions live in one open-addressing hash table.
///
/// A node is an `Int32`; the edge (node, byte) is the hash key `node << 8 | byte`. Each 16-byte slot
/// holds the key, the child node and the piece id ending at the child, so following one byte and
/// learning whether a piece ends there is one multiply and usually one cache line. Walking all pieces
/// that start at a position costs O(max piece length) — the bound of a double-array trie, with a far
/// simpler builder. The table is sized for a load factor between 0.4 and 0.8.
struct PieceTrie: Sendable {
    /// One hash slot; `key == 0` marks an empty slot (stored keys are offset by one).
    struct Slot {
        var key: UInt64
        var child: Int32
        var value: Int32
    }

    private var slots: [Slot]
    private let mask: Int
    /// Piece id ending at each node, or -1 (node 0, the root, ends no piece).
    private(set) var values: [Int32]

    /// Builds the trie from `(bytes, id)` entries; the first entry wins for duplicate texts.
    ///
    /// - Complexity: O(total bytes of all entries).
    init(entries: [([UInt8], Int32)]) {
        var edges: [UInt64: Int32] = [:]
        var values: [Int32] = [-1]
        for (bytes, id) in entries {
            var node: Int32 = 0
            for byte in bytes {
                let key = Self.key(node, byte)
                if let child = edges[key] {
                    node = child
                } else {
                    let created = Int32(values.count)
                    values.append(-1)
                    edges[key] = created
                    node = created
                }
            }
            if node != 0 && values[Int(node)] < 0 { values[Int(node)] = id }
        }
        var capacity = 16
        while Double(capacity) * 0.8 < Double(edges.count) { capacity <<= 1 }
        mask = capacity - 1
        var slots = [Slot](repeating: Slot(key: 0, child: -1, value: -1), count: capacity)
        for (key, child) in edges.sorted(by: { $0.key < $1.key }) {
            var slot = Self.slot(key, mask)
            while slots[slot].key != 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(key: key + 1, child: child, value: values[Int(child)])
        }
        self.slots = slots
        self.values = values
    }

    @inline(__always)
    static func key(_ node: Int32, _ byte: UInt8) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 8 | UInt64(byte)
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// A raw view of the table, for hot loops that look up many bytes in a row.
    struct Tables {
        let slots: UnsafeBufferPointer<Slot>
        let mask: Int

        /// The slot for the edge from `node` along `byte` (child and piece id), or nil.
        ///
        /// - Complexity: O(1) expected.
        @inline(__always)
        func edge(from node: Int32, _ byte: UInt8) -> Slot? {
            let key = PieceTrie.key(node, byte) &+ 1
            var index = PieceTrie.slot(key &- 1, mask)
            while true {
                let slot = slots[index]
                if slot.key == key { return slot }
                if slot.key == 0 { return nil }
                index = (index &+ 1) & mask
            }
        }
    }

    /// Calls `body` with a raw view of the table.
    @inline(__always)
    func withTables<R>(_ body: (Tables) -> R) -> R {
        slots.withUnsafeBufferPointer { body(Tables(slots: $0, mask: mask)) }
    }

    /// The child of `node` along `byte`, or nil.
    ///
    /// - Complexity: O(1) expected.
    func child(of node: Int32, _ byte: UInt8) -> Int32? {
        withTables { $0.edge(from: node, byte)?.child }
    }
}
