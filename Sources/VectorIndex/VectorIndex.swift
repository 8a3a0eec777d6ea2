/// A searchable set of embeddings: product-quantized (optionally with OPQ and IVF) with exact
/// float16 re-ranking, or an exact scan for small collections.
///
/// Vectors are compared by inner product, which is the cosine for the L2-normalised embeddings
/// litsearch stores. The index is dimension-agnostic; it keeps a float16 copy of every vector, so
/// it can re-rank exactly and be rebuilt (`rebuilt()`) without the catalog.
///
/// ```swift
/// let index = try VectorIndex.build(vectors: matrix.values, dimension: 1280, ids: matrix.ids)
/// let hits = index.search(query: q, k: 10)          // [Neighbor(id:score:)], best first
/// try index.add(vectors: more, ids: moreIDs)         // generation += 1
/// index.remove(ids: [42])                            // tombstone, generation += 1
/// try index.write(to: url)                           // atomic; VectorIndex(contentsOf:) maps it back
/// ```
///
/// Searching is read-only and may run concurrently; `add`, `remove` and setting `generation` need
/// exclusive access.
public final class VectorIndex: @unchecked Sendable {
    /// Values per vector.
    public let dimension: Int
    /// Parameters the index was built with.
    public let parameters: VectorIndexParameters
    /// Change counter: +1 on every `add` or `remove`; the catalog may also set it to its own number.
    public var generation: UInt64
    /// Rows in the index when it was trained (0 for an exact index).
    public internal(set) var trainedRows: Int
    /// A free-form label stored with the index in its file (litsearch records the id of the
    /// search space its vectors live in, to notice when they must be rebuilt).
    public var label: String?
    /// A vector stored with the index in its file for the caller (litsearch keeps the centre its
    /// joint-space vectors were mapped with, so that later additions are mapped the same way).
    public var attachment: [Float]?
    /// Who the index belongs to, stored in its file (litsearch: the catalog's id, so that a file
    /// copied from another index is not taken for this one's); nil in files written before it.
    public var owner: String?

    /// The trained quantizer, or nil for an exact-scan index.
    let quantizer: TrainedQuantizer?
    /// Catalog id of each row.
    var ids: MappedArray<Int64>
    /// Per-row tombstone flags (1 = removed).
    var deleted: MappedArray<UInt8>
    /// Number of tombstoned rows.
    var deletedCount: Int
    /// Float16 copy of each row, for re-ranking and the exact scan.
    var vectors: Float16Rows
    /// Codes by coarse list (one list for flat PQ; none for an exact index).
    var lists: [InvertedList]
    /// Row of each live id, built on first use by `add`/`remove`.
    var rowByID: [Int64: Int32]?

    init(dimension: Int, parameters: VectorIndexParameters, generation: UInt64, trainedRows: Int,
         quantizer: TrainedQuantizer?, ids: MappedArray<Int64>, deleted: MappedArray<UInt8>, vectors: Float16Rows, lists: [InvertedList]) {
        self.dimension = dimension
        self.parameters = parameters
        self.generation = generation
        self.trainedRows = trainedRows
        self.quantizer = quantizer
        self.ids = ids
        self.deleted = deleted
        self.deletedCount = deleted.withUnsafeBufferPointer { $0.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } }
        self.vectors = vectors
        self.lists = lists
    }

    /// How the index answers queries.
    public enum Kind: String, Sendable, Codable {
        /// Every stored vector is scored exactly.
        case exact
        /// PQ codes are scanned (ADC), then the best candidates re-ranked exactly.
        case productQuantized = "pq"
        /// As `productQuantized`, visiting only the `probes` nearest inverted lists.
        case invertedFile = "ivf-pq"
    }

    /// The version of the file format `write(to:)` writes and `init(contentsOf:)` reads.
    public static var fileFormatVersion: Int { Int(IndexFileLayout.version) }

    /// How this index answers queries (shown by `litsearch info`).
    public var kind: Kind {
        guard let quantizer else { return .exact }
        return quantizer.coarse.isEmpty ? .productQuantized : .invertedFile
    }

    /// True when the PQ codes are taken after a learned OPQ rotation.
    public var isRotated: Bool { quantizer?.rotation != nil }

    /// Rows stored, live or tombstoned.
    public var storedRows: Int { ids.count }

    /// Tombstoned rows (still stored until the next rebuild).
    public var removedCount: Int { deletedCount }

    /// Live (not removed) vectors.
    public var count: Int { ids.count - deletedCount }

    /// Bytes held per stored vector: the PQ code (and sparse tail), the float16 copy (and its
    /// rounding errors, with `preciseRerank`), the id and list bookkeeping.
    public var bytesPerVector: Int {
        let code = quantizer.map { $0.pq.subspaces + 2 * ($0.sparse?.entries ?? 0) + ($0.coarse.isEmpty ? 0 : 4) } ?? 0
        return code + (vectors.residuals == nil ? 2 : 4) * dimension + 8 + 1
    }

    /// What the index holds in memory, in bytes, by part (array payloads; Swift's per-array headers
    /// and the optional id → row map that `add`/`remove` build are not counted).
    public struct MemoryFootprint: Sendable, Equatable, Codable {
        /// PQ codes, M bytes per stored row, and sparse tail entries, 2 bytes each (0 for an exact index).
        public var codes: Int
        /// Row number of each code in its inverted list (Int32 per stored row; 0 for an exact index).
        public var listRows: Int
        /// The float16 copy of every row (2·d bytes each): what re-ranking and the exact scan read.
        public var float16Vectors: Int
        /// Catalog ids (Int64) and tombstone flags (UInt8) of every row.
        public var idsAndTombstones: Int
        /// Trained, size-independent parts: rotation, coarse centroids, PQ codebooks.
        public var quantizer: Int
        /// Stored rows, live or tombstoned.
        public var rows: Int

        /// Everything, divided by the stored rows (the trained parts amortised over them).
        public var bytesPerVector: Double {
            Double(codes + listRows + float16Vectors + idsAndTombstones + quantizer) / Double(max(rows, 1))
        }

        /// As `bytesPerVector`, without the float16 copy: what a search without re-ranking reads.
        public var bytesPerVectorWithoutRerank: Double {
            Double(codes + listRows + idsAndTombstones + quantizer) / Double(max(rows, 1))
        }
    }

    /// What the index holds in memory now.
    ///
    /// - Complexity: O(lists).
    public var memoryFootprint: MemoryFootprint {
        let codes = lists.reduce(0) { $0 + $1.codes.count + $1.sparse.count * MemoryLayout<UInt16>.size }
        let listRows = lists.reduce(0) { $0 + $1.rows.count * MemoryLayout<Int32>.size }
        let trained = quantizer.map { q in
            4 * ((q.rotation?.count ?? 0) + q.coarse.count + q.pq.centroids.count)
        } ?? 0
        return MemoryFootprint(codes: codes, listRows: listRows, float16Vectors: vectors.byteCount,
                               idsAndTombstones: ids.count * MemoryLayout<Int64>.size + deleted.count,
                               quantizer: trained, rows: ids.count)
    }

    /// True when retraining would clearly pay off: an exact index that has grown past
    /// `exactThreshold`, a trained one that has grown to 4× its training set, or half of it removed.
    public var needsRebuild: Bool {
        if quantizer == nil { return count >= parameters.exactThreshold }
        return ids.count >= 4 * max(trainedRows, 1) || deletedCount * 2 > ids.count
    }
}

/// One search result.
public struct Neighbor: Sendable, Equatable, Codable {
    /// Catalog id of the vector.
    public let id: Int64
    /// Inner product with the query (exact when re-ranked, the ADC estimate otherwise).
    public let score: Float

    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }
}
