import Foundation

/// Loading every embedding at once, for brute-force search.
extension Catalog {
    /// All ok embeddings as one contiguous `n × 1280` matrix, with ids and paths, in id order.
    ///
    /// Streams one statement inside a read transaction (a consistent snapshot even while an
    /// indexer commits) and decodes each BLOB straight into the preallocated matrix.
    ///
    /// ```swift
    /// let matrix = try catalog.loadEmbeddings(modelID: try catalog.meta(.imageModelID))
    /// print(matrix.count, matrix.values.count)  // n, n * 1280
    /// ```
    /// - Parameter modelID: Only embeddings of this image model; `nil` for all.
    /// - Throws: ``CatalogError/invalidEmbedding(_:)`` if a stored BLOB has the wrong size.
    /// - Complexity: O(n · d); 100 000 rows take well under a second in a release build.
    public func loadEmbeddings(modelID: String? = nil) throws -> EmbeddingMatrix {
        let dimension = Embedding.dimension
        let filter = modelID == nil ? "" : "AND i.model_id = ?"
        let arguments: [SQLiteBindable?] = modelID.map { [$0] } ?? []
        return try database.transaction(.deferred) {
            let expected = Int(try database.fetchInt64("""
                SELECT count(*) FROM images i JOIN embeddings e ON e.image_id = i.id WHERE i.status = 'ok' \(filter)
                """, arguments) ?? 0)
            var ids: [Int64] = []
            var paths: [String] = []
            ids.reserveCapacity(expected)
            paths.reserveCapacity(expected)
            var failure: Error?
            let values = try [Float](unsafeUninitializedCapacity: expected * dimension) { buffer, initialized in
                // CROSS JOIN fixes the loop order: scan `embeddings` in rowid order (sequential
                // pages, already sorted) and look each image up by id. Left to itself the planner
                // starts from the status index and sorts every BLOB through a temporary B-tree.
                try database.forEachRow("""
                    SELECT e.image_id, i.path, e.data FROM embeddings e CROSS JOIN images i ON i.id = e.image_id
                    WHERE i.status = 'ok' \(filter) ORDER BY e.image_id
                    """, arguments) { row in
                    guard failure == nil, ids.count < expected else { return }
                    let id = row.int64(at: 0)
                    let target = UnsafeMutableBufferPointer(rebasing: buffer[ids.count * dimension ..< (ids.count + 1) * dimension])
                    row.withUnsafeBytes(at: 2) { bytes in
                        if bytes.count == dimension * Float16Codec.bytesPerValue {
                            Float16Codec.decode(bytes, into: target)
                        } else {
                            failure = CatalogError.invalidEmbedding("image \(id) has \(bytes.count) bytes, expected \(dimension * 2)")
                        }
                    }
                    ids.append(id)
                    paths.append(row.string(at: 1) ?? "")
                }
                // Rows are whole floats, so exposing only completed rows keeps the array valid.
                initialized = (failure == nil ? ids.count : 0) * dimension
            }
            if let failure { throw failure }
            return EmbeddingMatrix(dimension: dimension, ids: ids, paths: paths, values: values)
        }
    }

    /// The ok records of `modelID` in id order, with their embeddings, from one snapshot: row `i`
    /// of the matrix belongs to record `i` (what `litsearch export` writes side by side).
    ///
    /// - Throws: as ``loadEmbeddings(modelID:)``.
    /// - Complexity: O(n · d).
    public func okImagesWithEmbeddings(modelID: String) throws -> (records: [ImageRecord], embeddings: EmbeddingMatrix) {
        try database.transaction(.deferred) {
            let matrix = try loadEmbeddings(modelID: modelID)
            var byID: [Int64: ImageRecord] = [:]
            byID.reserveCapacity(matrix.count)
            try database.forEachRow("""
                SELECT \(Self.imageColumns) FROM images WHERE status = 'ok' AND model_id = ?
                """, [modelID]) { row in
                let record = ImageRecord(row: row)
                byID[record.id] = record
            }
            let records = try matrix.ids.map { id in
                guard let record = byID[id] else { throw CatalogError.invalidEmbedding("image \(id) has an embedding but no ok record") }
                return record
            }
            return (records, matrix)
        }
    }
}
