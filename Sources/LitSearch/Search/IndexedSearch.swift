import Catalog
import VectorIndex

/// The query path: the vector file when it is in sync with the catalog, otherwise the exact scan.
///
/// ```swift
/// let search = IndexedSearch(directory: index, catalog: catalog, imageModelID: tower.modelID)
/// let answer = try search.nearest(to: embedding, k: 10)
/// if let note = answer.note { print(note) }     // why the exact scan answered, if it did
/// ```
public struct IndexedSearch {
    /// Which path answered.
    public enum Method: String, Sendable {
        /// The vector file (its kind tells whether that was PQ or its own exact scan).
        case index
        /// `ExactSearch` over the catalog's embeddings.
        case exact
    }

    /// Results and how they were found.
    public struct Answer: Sendable {
        public var hits: [SearchHit]
        public var method: Method
        /// The vector file's kind when it answered (`opq+pq`, …).
        public var kind: String?
        /// Why the exact scan answered although it was not asked for (one line), if it did.
        public var note: String?
    }

    public let file: VectorFile
    public let catalog: Catalog
    public let imageModelID: String
    public let space: any SearchSpace
    /// Scan the catalog even when the vector file is usable.
    public var forceExact = false
    /// Candidates re-ranked exactly; nil uses the file's default, 0 returns PQ estimates.
    public var rerank: Int?

    public init(directory: IndexDirectory, catalog: Catalog, imageModelID: String) {
        self.file = VectorFile(directory: directory)
        self.catalog = catalog
        self.imageModelID = imageModelID
        self.space = SearchSpaces.current(imageModelID: imageModelID)
    }

    /// The `k` images nearest to the query embedding (from the image tower), best first.
    ///
    /// - Throws: catalog errors; a missing, damaged or stale vector file is not an error (the
    ///   exact scan answers and `note` says why).
    /// - Complexity: opening the file is O(file size); the search as `VectorIndex.search`, plus
    ///   k catalog look-ups. The exact scan is O(n·d).
    public func nearest(to embedding: [Float], k: Int) throws -> Answer {
        guard !forceExact else { return try exact(embedding, k: k, note: nil) }
        let index: VectorIndex
        switch file.open(expecting: space, catalogGeneration: try catalog.vectorGeneration()) {
        case let .usable(found):
            index = found
        case let .unusable(problem, _):
            return try exact(embedding, k: k, note: problem.note + "; using the exact scan until the next `litsearch index` repairs it")
        }
        let neighbors = index.search(query: space.map(embedding[...]), k: k, rerank: rerank)
        var hits: [SearchHit] = []
        for (rank, neighbor) in neighbors.enumerated() {
            guard let record = try catalog.image(id: neighbor.id), record.status == .ok else {
                return try exact(embedding, k: k, note: "the vector index names image \(neighbor.id), which the catalog does not hold; using the exact scan")
            }
            hits.append(SearchHit(rank: rank + 1, score: neighbor.score, path: record.path))
        }
        return Answer(hits: hits, method: .index, kind: index.kindName, note: nil)
    }

    private func exact(_ embedding: [Float], k: Int, note: String?) throws -> Answer {
        let stored = try catalog.loadEmbeddings(modelID: imageModelID)
        // The exact scan works in the same search space as the file (the identity today).
        let matrix = EmbeddingMatrix(dimension: space.dimension, ids: stored.ids, paths: stored.paths,
                                     values: space.mapRows(stored.values, count: stored.count))
        let hits = ExactSearch(matrix: matrix).nearest(to: space.map(embedding[...]), k: k)
        return Answer(hits: hits, method: .exact, kind: nil, note: note)
    }
}
