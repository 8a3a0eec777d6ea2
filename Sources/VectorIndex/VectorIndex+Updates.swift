extension VectorIndex {
    /// Adds vectors (row-major, `ids.count × dimension`) to the trained index, or to the exact scan.
    ///
    /// The quantizer is not retrained; check `needsRebuild` afterwards. Bumps `generation`.
    /// - Throws: `VectorIndexError.shapeMismatch`, or `.duplicateID` for an id already live (nothing
    ///   is added then).
    /// - Complexity: O(a · (d² + (256 + lists) · d)) to encode a new rows; the first call after
    ///   opening also builds the id map, O(n).
    public func add(vectors newVectors: [Float], ids newIDs: [Int64]) throws {
        try append(vectors: newVectors, ids: newIDs)
        generation &+= 1
    }

    /// Tombstones the rows of `ids` that are live; unknown ids are ignored. Bumps `generation`.
    ///
    /// - Returns: how many rows were removed.
    /// - Complexity: O(r) for r ids (after the id map is built once, O(n)).
    @discardableResult
    public func remove(ids removed: some Sequence<Int64>) -> Int {
        var map = liveRows()
        var count = 0
        for id in removed {
            guard let row = map.removeValue(forKey: id) else { continue }
            deleted[Int(row)] = 1
            count += 1
        }
        deletedCount += count
        rowByID = map
        generation &+= 1
        return count
    }

    /// True when `id` is live in the index.
    public func contains(id: Int64) -> Bool {
        let map = liveRows()
        rowByID = map
        return map[id] != nil
    }

    /// The ids of every live row, in row order.
    ///
    /// - Complexity: O(n).
    public var liveIDs: [Int64] {
        (0..<ids.count).compactMap { deleted[$0] == 0 ? ids[$0] : nil }
    }

    /// The stored (float16-rounded) vector of live `id`, or nil when the index does not hold it.
    ///
    /// A float32 vector `v` was stored unchanged exactly when `Float(Float16(v[i])) == stored[i]`.
    /// - Complexity: O(d) (the first call after opening also builds the id map, O(n)).
    public func storedVector(id: Int64) -> [Float]? {
        let map = liveRows()
        rowByID = map
        guard let row = map[id] else { return nil }
        return vectors.floats(Int(row)..<Int(row) + 1)
    }

    /// Appends rows without touching `generation` (shared by `build` and `add`).
    func append(vectors newVectors: [Float], ids newIDs: [Int64]) throws {
        guard newVectors.count == newIDs.count * dimension else {
            throw VectorIndexError.shapeMismatch(values: newVectors.count, rows: newIDs.count, dimension: dimension)
        }
        var map = liveRows()
        let firstRow = ids.count
        for (offset, id) in newIDs.enumerated() {
            guard map[id] == nil else { throw VectorIndexError.duplicateID(id) }
            map[id] = Int32(firstRow + offset)
        }
        guard firstRow + newIDs.count < Int(Int32.max) else {
            throw VectorIndexError.invalidParameter("an index holds at most \(Int32.max) rows")
        }
        rowByID = map
        ids.append(contentsOf: newIDs)
        deleted.append(contentsOf: repeatElement(0, count: newIDs.count))
        newVectors.withUnsafeBufferPointer { vectors.append($0) }
        guard let quantizer else { return }
        // Encode in blocks to bound the temporary rotated copy.
        let block = 32_768
        var start = 0
        while start < newIDs.count {
            let end = min(newIDs.count, start + block)
            let encoded = newVectors.withUnsafeBufferPointer {
                quantizer.encode(UnsafeBufferPointer(rebasing: $0[start * dimension..<end * dimension]),
                                 anisotropy: Float(parameters.anisotropicWeight))
            }
            let m = quantizer.pq.subspaces, e = quantizer.sparse?.entries ?? 0
            for offset in 0..<(end - start) {
                let list = Int(encoded.lists[offset])
                lists[list].rows.append(Int32(firstRow + start + offset))
                lists[list].codes.append(contentsOf: encoded.codes[offset * m..<(offset + 1) * m])
                if e > 0 { lists[list].sparse.append(contentsOf: encoded.sparse[offset * e..<(offset + 1) * e]) }
            }
            start = end
        }
    }

    /// The id → row map of live rows, built on first use.
    ///
    /// - Complexity: O(n) the first time, O(1) after.
    func liveRows() -> [Int64: Int32] {
        if let rowByID { return rowByID }
        var map = [Int64: Int32](minimumCapacity: ids.count)
        for (row, id) in ids.enumerated() where deleted[row] == 0 { map[id] = Int32(row) }
        return map
    }
}
