import Foundation

extension VectorIndex {
    /// Writes the index to `url` atomically (temporary file, fsync, rename).
    ///
    /// - Parameter beforeReplacing: called once the complete temporary file is on disk, just
    ///   before it is renamed over `url` (tests kill the process there); throwing aborts the write.
    /// - Throws: `IndexFileError.io` naming the file.
    /// - Complexity: O(file size).
    public func write(to url: URL, beforeReplacing: (() throws -> Void)? = nil) throws {
        let metadata = IndexMetadata(dimension: dimension, parameters: parameters, generation: generation,
                                     trainedRows: trainedRows, rows: ids.count, kind: kind, lists: lists.count,
                                     subspaces: quantizer?.pq.subspaces ?? 0, hasRotation: quantizer?.rotation != nil,
                                     label: label, attachment: attachment, owner: owner, sparseScale: quantizer?.sparse?.scale)
        let json = try JSONEncoder().encode(metadata)
        var sections: [IndexFileWriter.Section] = [
            .array(.metadata, [UInt8](json)), .mapped(.ids, ids), .mapped(.deleted, deleted), .mapped(.vectors, vectors.values),
        ]
        if let residuals = vectors.residuals { sections.append(.mapped(.residuals, residuals)) }
        if let quantizer {
            if let rotation = quantizer.rotation { sections.append(.array(.rotation, rotation)) }
            sections.append(.array(.coarse, quantizer.coarse))
            sections.append(.array(.codebooks, quantizer.pq.centroids))
            var offsets: [UInt64] = [0]
            for list in lists { offsets.append(offsets.last! + UInt64(list.count)) }
            sections.append(.array(.listOffsets, offsets))
            sections.append(.array(.listRows, lists.flatMap(\.rows)))
            sections.append(.array(.codes, lists.flatMap(\.codes)))
            if quantizer.sparse != nil { sections.append(.array(.sparse, lists.flatMap(\.sparse))) }
        }
        try IndexFileWriter(path: url.path).write(sections, beforeRename: beforeReplacing)
    }

    /// Opens an index written by `write(to:)`.
    ///
    /// The file is memory-mapped and searched in place: ids, tombstones, float16 vectors, codes
    /// and list rows are read from the mapping as a search touches them, never copied (the first
    /// `add` or `remove` copies what it changes). The header, the section table and the metadata
    /// are always checked, and every value used as an offset or a row is bounds-checked, so a
    /// damaged file can never crash a search; the sections' checksums are verified only when
    /// `verifyingChecksums` is true (the default: `index` updates and `info --verify` do; a
    /// query, which trusts the file `index` wrote and checked, does not).
    ///
    /// ```swift
    /// let index = try VectorIndex(contentsOf: url, verifyingChecksums: false)  // O(lists) open
    /// let hits = index.search(query: q, k: 10)                                 // reads pages on demand
    /// ```
    /// - Throws: `IndexFileError` naming the file (truncated, corrupt, not an index, newer version,
    ///   unreadable), whose description says how to rebuild it.
    /// - Complexity: O(file size) when verifying checksums; else O(rows) for the bounds checks of
    ///   list rows and sparse entries, reading no float16 vector or code.
    public convenience init(contentsOf url: URL, verifyingChecksums: Bool = true) throws {
        let path = url.path
        let reader = try IndexFileReader(path: path, verifyingSections: verifyingChecksums)
        func corrupt(_ reason: String) -> IndexFileError { .corrupt(path: path, reason: reason) }
        let metadata: IndexMetadata
        do {
            metadata = try JSONDecoder().decode(IndexMetadata.self, from: Data(try reader.bytes(.metadata)))
            try metadata.parameters.validate(dimension: metadata.dimension)
        } catch let error as IndexFileError {
            throw error
        } catch {
            throw corrupt("unreadable metadata: \(error)")
        }
        let d = metadata.dimension, rows = metadata.rows
        guard rows >= 0, metadata.lists >= 0, metadata.lists <= 1 << 24, d <= 1 << 20, rows <= Int(Int32.max) else {
            throw corrupt("implausible metadata")
        }
        let ids = try reader.mapped(.ids, of: Int64.self, count: rows)
        let deleted = try reader.mapped(.deleted, of: UInt8.self, count: rows)
        let halves = try reader.mapped(.vectors, of: Float16.self, count: rows * d)
        let residuals = metadata.parameters.preciseRerank > 0 ? try reader.mapped(.residuals, of: Float16.self, count: rows * d) : nil
        var quantizer: TrainedQuantizer?
        var lists: [InvertedList] = []
        if metadata.kind != .exact {
            // Only re-ranking reads the float16 rows of a quantized index: a few thousand scattered ones.
            reader.adviseRandomAccess(.vectors)
            reader.adviseRandomAccess(.residuals)
            let m = metadata.subspaces, p = metadata.parameters, width = p.quantizedDimension(of: d)
            guard m > 0, m == p.bytesPerVector, width % m == 0, metadata.lists >= 1, (metadata.kind == .invertedFile) == (metadata.parameters.coarseLists > 0),
                  metadata.lists == max(1, metadata.parameters.coarseLists) else {
                throw corrupt("inconsistent quantizer metadata")
            }
            let rotation = metadata.hasRotation ? try reader.array(.rotation, of: Float.self, count: d * d) : nil
            let coarse = try reader.array(.coarse, of: Float.self, count: metadata.kind == .invertedFile ? metadata.lists * d : 0)
            let codebooks = try reader.array(.codebooks, of: Float.self, count: width * ProductQuantizer.centroidsPerSubspace)
            var tail: SparseTail?
            if p.sparseDimensions > 0 {
                guard let scale = metadata.sparseScale, scale > 0, scale.isFinite, !metadata.hasRotation else {
                    throw corrupt("inconsistent sparse tail metadata")
                }
                tail = SparseTail(dimensions: p.sparseDimensions, entries: p.sparseEntries, scale: scale)
            }
            quantizer = TrainedQuantizer(dimension: d, rotation: rotation, coarse: coarse,
                                         pq: ProductQuantizer(dimension: width, subspaces: m, centroids: codebooks), sparse: tail)
            let offsets = try reader.array(.listOffsets, of: UInt64.self, count: metadata.lists + 1)
            guard offsets.first == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }), offsets.last! <= UInt64(rows) else {
                throw corrupt("inconsistent inverted lists")
            }
            let total = Int(offsets.last!)
            let listRows = try reader.mapped(.listRows, of: Int32.self, count: total)
            let codes = try reader.mapped(.codes, of: UInt8.self, count: total * m)
            let e = tail?.entries ?? 0
            let sparse: MappedArray<UInt16> = e > 0 ? try reader.mapped(.sparse, of: UInt16.self, count: total * e) : []
            guard listRows.withUnsafeBufferPointer({ $0.allSatisfy { $0 >= 0 && Int($0) < rows } }) else { throw corrupt("list row out of range") }
            if let tail, let wide = sparse.withUnsafeBufferPointer({ $0.first { Int($0 >> UInt16(tail.valueBits)) >= tail.dimensions } }) {
                throw corrupt("sparse entry \(wide) points past the tail's \(tail.dimensions) coordinates")
            }
            lists = (0..<metadata.lists).map { list in
                let range = Int(offsets[list])..<Int(offsets[list + 1])
                return InvertedList(rows: listRows.slice(range), codes: codes.slice(range.lowerBound * m..<range.upperBound * m),
                                    sparse: e > 0 ? sparse.slice(range.lowerBound * e..<range.upperBound * e) : [])
            }
        }
        self.init(dimension: d, parameters: metadata.parameters, generation: metadata.generation,
                  trainedRows: metadata.trainedRows, quantizer: quantizer, ids: ids, deleted: deleted,
                  vectors: Float16Rows(dimension: d, values: halves, residuals: residuals), lists: lists)
        label = metadata.label
        attachment = metadata.attachment
        owner = metadata.owner
    }
}
