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
        /// What was wrong with the vector file when the exact scan answered because of it.
        public var problem: VectorFile.Problem?
    }

    public let file: VectorFile
    public let catalog: Catalog
    public let imageModelID: String
    public let space: any SearchSpace
    /// Scan the catalog even when the vector file is usable.
    public var forceExact = false
    /// Candidates re-ranked exactly; nil uses the file's default, 0 returns PQ estimates.
    public var rerank: Int?
    /// Inverted lists probed (IVF files); nil uses the file's default.
    public var probes: Int?
    /// Map with `space` exactly as given, even a centred one (whose exact scan otherwise uses the
    /// file's centre, or the collection's).
    public var keepsCentre = false
    /// Tried when the file cannot answer, before the exact scan: a repair that rebuilt the file
    /// returns a note saying so (nil: nothing done), and the search goes through the new file.
    public var repair: ((VectorFile.Problem) throws -> String?)?
    /// The vector file already opened (by a long-lived searcher: a server, `bench search`). It is
    /// searched instead of reading the file again while it holds this space at the catalog's
    /// generation; once `index` moves the generation on, the file is read again.
    public var opened: VectorIndex?

    /// Image queries: the image vector file (`vectors.lsvi`) in the identity space.
    public init(directory: IndexDirectory, catalog: Catalog, imageModelID: String) {
        self.init(file: VectorFile(directory: directory), catalog: catalog, imageModelID: imageModelID,
                  space: SearchSpaces.current(imageModelID: imageModelID))
    }

    /// Queries in any search space through `file` (text queries: `VectorFile.joint`, `JointSpace`).
    public init(file: VectorFile, catalog: Catalog, imageModelID: String, space: any SearchSpace) {
        self.file = file
        self.catalog = catalog
        self.imageModelID = imageModelID
        self.space = space
    }

    /// The `k` images nearest to the query embedding (from the image tower), best first.
    ///
    /// - Throws: catalog errors; a missing, damaged or stale vector file is not an error (the
    ///   exact scan answers and `note` says why).
    /// - Complexity: as `nearest(toVector:k:)`, plus mapping the query.
    public func nearest(to embedding: [Float], k: Int) throws -> Answer {
        try nearest(toVector: space.map(embedding[...]), k: k)
    }

    /// The `k` images nearest to `query`, a vector already in the search space, best first.
    ///
    /// - Throws: catalog errors; a missing, damaged or stale vector file is not an error (the
    ///   exact scan answers and `note` says why).
    /// - Complexity: opening the file is O(file size); the search as `VectorIndex.search`, plus
    ///   k catalog look-ups. The exact scan is O(n·d) after mapping the n catalog embeddings.
    public func nearest(toVector query: [Float], k: Int) throws -> Answer {
        // The exact scan of a centred space still needs the file's centre; otherwise it needs no file.
        let generation = try catalog.generation(file.generationKey)
        let catalogID = try catalog.identity()
        let opened: VectorFile.Opened
        if forceExact && !(space is any CentredSpace) {
            opened = .unusable(.missing, nil)
        } else if let kept = self.opened, case .usable = file.check(kept, expecting: space, catalogGeneration: generation, catalogID: catalogID) {
            opened = .usable(kept)
        } else {
            opened = file.open(expecting: space, catalogGeneration: generation, catalogID: catalogID)
        }
        guard !forceExact else { return try exact(query, k: k, note: nil, built: opened) }
        let index: VectorIndex
        switch opened {
        case let .usable(found):
            index = found
        case let .unusable(problem, _):
            if let repair, let done = try repair(problem) {
                var repaired = self
                repaired.repair = nil
                var answer = try repaired.nearest(toVector: query, k: k)
                answer.note = answer.note ?? done
                return answer
            }
            var answer = try exact(query, k: k, note: problem.note + "; using the exact scan until the next `litsearch index` repairs it",
                                   built: opened)
            answer.problem = problem
            return answer
        }
        let neighbors = index.search(query: query, k: k, rerank: rerank, probes: probes)
        var hits: [SearchHit] = []
        for (rank, neighbor) in neighbors.enumerated() {
            guard let record = try catalog.image(id: neighbor.id), record.status == .ok else {
                return try exact(query, k: k, note: "the vector index names image \(neighbor.id), which the catalog does not hold; using the exact scan",
                                 built: opened)
            }
            hits.append(SearchHit(rank: rank + 1, score: neighbor.score, path: record.path, id: neighbor.id))
        }
        return Answer(hits: hits, method: .index, kind: index.kindName, note: nil, problem: nil)
    }

    /// The exact scan of the catalog's embeddings mapped into the space. A centred space uses the
    /// centre of the file when the file is of this space (so the scan ranks exactly as the index
    /// would without quantization), else the collection's own.
    private func exact(_ query: [Float], k: Int, note: String?, built: VectorFile.Opened) throws -> Answer {
        let stored = try catalog.loadEmbeddings(modelID: imageModelID)
        var space = self.space
        if !keepsCentre, let centred = space as? any CentredSpace {
            // `open` hands back a readable file of another space too; only this space's centre counts.
            let file: VectorIndex?
            switch built {
            case let .usable(index): file = index
            case let .unusable(_, index): file = index
            }
            space = centred.scanning(stored.values, count: stored.count, file: file)
        }
        let matrix = EmbeddingMatrix(dimension: space.dimension, ids: stored.ids, paths: stored.paths,
                                     values: space.mapRows(stored.values, count: stored.count))
        let hits = ExactSearch(matrix: matrix).nearest(to: query, k: k)
        return Answer(hits: hits, method: .exact, kind: nil, note: note, problem: nil)
    }
}
