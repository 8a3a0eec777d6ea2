/// A byte trie of piece texts whose transitions live in one open-addressing hash table.
///
/// A node is an `Int32`; the edge (node, byte) is the hash key `node << 8 | byte`. Looking up one
/// byte is one multiply and usually one probe, so walking all pieces that start at a position costs
/// O(max piece length) — the same bound as a double-array trie, with a far simpler builder.
struct PieceTrie: Sendable {
    /// Hash slots: key (node << 8 | byte) + 1, or 0 when empty.
    private var keys: [UInt64]
    /// Child node for the slot.
    private var children: [Int32]
    /// Piece id ending at each node, or -1.
    private(set) var values: [Int32]
    private let mask: Int

    /// Builds the trie from `(bytes, id)` entries.
    ///
    /// - Complexity: O(total bytes of all entries).
    init(entries: [([UInt8], Int32)]) {
        let totalBytes = entries.reduce(0) { $0 + $1.0.count }
        var capacity = 16
        while capacity < totalBytes * 2 + 16 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        children = [Int32](repeating: -1, count: capacity)
        values = [-1]
        mask = capacity - 1
        for (bytes, id) in entries {
            var node: Int32 = 0
            for byte in bytes {
                if let child = child(of: node, byte) {
                    node = child
                } else {
                    let created = Int32(values.count)
                    values.append(-1)
                    insert(node, byte, created)
                    node = created
                }
            }
            if values[Int(node)] < 0 { values[Int(node)] = id }
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    private mutating func insert(_ node: Int32, _ byte: UInt8, _ child: Int32) {
        let key = UInt64(UInt32(node)) << 8 | UInt64(byte)
        var slot = Self.slot(key, mask)
        while keys[slot] != 0 { slot = (slot + 1) & mask }
        keys[slot] = key + 1
        children[slot] = child
    }

    /// Raw views of the tables, for hot loops that look up many bytes in a row.
    struct Tables {
        let keys: UnsafeBufferPointer<UInt64>
        let children: UnsafeBufferPointer<Int32>
        let values: UnsafeBufferPointer<Int32>
        let mask: Int

        /// The child of `node` along `byte`, or -1.
        ///
        /// - Complexity: O(1) expected.
        @inline(__always)
        func child(of node: Int32, _ byte: UInt8) -> Int32 {
            let key = UInt64(UInt32(node)) << 8 | UInt64(byte)
            var slot = PieceTrie.slot(key, mask)
            while true {
                let stored = keys[slot]
                if stored == key &+ 1 { return children[slot] }
                if stored == 0 { return -1 }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Calls `body` with raw views of the tables.
    @inline(__always)
    func withTables<R>(_ body: (Tables) -> R) -> R {
        keys.withUnsafeBufferPointer { k in
            children.withUnsafeBufferPointer { c in
                values.withUnsafeBufferPointer { v in body(Tables(keys: k, children: c, values: v, mask: mask)) }
            }
        }
    }

    /// The child of `node` along `byte`, or nil.
    ///
    /// - Complexity: O(1) expected.
    @inline(__always)
    func child(of node: Int32, _ byte: UInt8) -> Int32? {
        let key = UInt64(UInt32(node)) << 8 | UInt64(byte)
        var slot = Self.slot(key, mask)
        return keys.withUnsafeBufferPointer { keyBuffer in
            while true {
                let stored = keyBuffer[slot]
                if stored == key + 1 { return children[slot] }
                if stored == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }
}
