extension VectorIndex {
    /// The `k` live vectors with the highest inner product with `query`, best first.
    ///
    /// A PQ index scores codes by ADC, keeps the best `max(k, rerank)` and, when `rerank > 0`,
    /// re-scores them exactly against the float16 vectors. An exact index scores every vector.
    /// With a sparse tail, the exact score reads the leading coordinates and only the tail
    /// coordinates where the query is not zero.
    /// - Parameters:
    ///   - rerank: candidates to re-rank exactly; nil uses `parameters.rerankCandidates` (or its
    ///     share of the rows, `rerankPerMillion`, if larger), 0 returns ADC scores.
    ///   - probes: inverted lists to visit (IVF only); nil uses `parameters.probes`.
    /// - Precondition: `query.count == dimension`.
    /// - Complexity: exact O(n·d); flat PQ O(256·d + n·M + R·d); IVF adds O(lists·d) and scans
    ///   only the probed lists.
    public func search(query: [Float], k: Int, rerank: Int? = nil, probes: Int? = nil) -> [Neighbor] {
        precondition(query.count == dimension, "query has \(query.count) values; the index holds \(dimension)-d vectors")
        guard k > 0, count > 0 else { return [] }
        // No buffer is sized beyond the rows there are, whatever a caller asks for.
        let k = min(k, ids.count), rerank = rerank.map { min($0, ids.count) }
        guard let quantizer else { return exactSearch(query, k: k) }
        let candidates = rerank ?? parameters.rerankCandidates(rows: ids.count)
        var heap = TopKHeap(capacity: max(k, candidates))
        let rotated = query.withUnsafeBufferPointer { quantizer.rotate($0) }
        let table = quantizer.quantizedQuery(rotated).withUnsafeBufferPointer { quantizer.pq.innerProductTable($0.baseAddress!) }
        let tail = quantizer.sparse.map { sparse in
            rotated.withUnsafeBufferPointer { sparse.scorer($0.baseAddress! + quantizer.quantizedCoordinates) }
        }
        table.withUnsafeBufferPointer { entries in
            deleted.withUnsafeBufferPointer { flags in
                let scan = ADCScan(table: entries.baseAddress!, subspaces: quantizer.pq.subspaces, deleted: flags.baseAddress!, tail: tail)
                if quantizer.coarse.isEmpty {
                    scan.scan(lists[0], bias: 0, into: &heap)
                } else {
                    let probed = probeLists(rotated, quantizer: quantizer, count: probes ?? parameters.probes)
                    for (list, bias) in probed { scan.scan(lists[list], bias: bias, into: &heap) }
                }
            }
        }
        let ranked = heap.sortedDescending()
        guard candidates > 0 else {
            return ranked.prefix(k).map { Neighbor(id: ids[Int($0.row)], score: $0.score) }
        }
        var exact = TopKHeap(capacity: refinedCount(k))
        query.withUnsafeBufferPointer { q in
            guard quantizer.sparse != nil else {
                for candidate in ranked { exact.insert(score: vectors.dot(row: Int(candidate.row), q.baseAddress!), row: candidate.row) }
                return
            }
            // A text query weighs few of the tail's coordinates: the exact score needs only those.
            let leading = quantizer.quantizedCoordinates
            let support = (leading..<dimension).filter { q[$0] != 0 }.map(Int32.init)
            support.withUnsafeBufferPointer { support in
                for candidate in ranked {
                    exact.insert(score: vectors.dot(row: Int(candidate.row), q.baseAddress!, leading: leading, support: support), row: candidate.row)
                }
            }
        }
        return refined(exact.sortedDescending(), query: query, k: k)
    }

    /// How many float16-scored candidates to keep for `refined`: k, or `preciseRerank` when the
    /// rows keep their rounding errors and that is more.
    func refinedCount(_ k: Int) -> Int {
        vectors.residuals == nil ? k : max(k, parameters.preciseRerank)
    }

    /// The best `k` of `ranked` (float16 scores, best first), each score completed with its
    /// row's rounding errors when the rows keep them.
    ///
    /// - Complexity: O(ranked.count · dimension) with residuals, else O(k).
    func refined(_ ranked: [(row: Int32, score: Float)], query: [Float], k: Int) -> [Neighbor] {
        guard vectors.residuals != nil else {
            return ranked.prefix(k).map { Neighbor(id: ids[Int($0.row)], score: $0.score) }
        }
        var best = TopKHeap(capacity: k)
        query.withUnsafeBufferPointer { q in
            for candidate in ranked {
                best.insert(score: candidate.score + vectors.residualDot(row: Int(candidate.row), q.baseAddress!), row: candidate.row)
            }
        }
        return best.sortedDescending().map { Neighbor(id: ids[Int($0.row)], score: $0.score) }
    }

    /// Scores every live float16 vector.
    ///
    /// - Complexity: O(n·d).
    func exactSearch(_ query: [Float], k: Int) -> [Neighbor] {
        var heap = TopKHeap(capacity: refinedCount(k))
        query.withUnsafeBufferPointer { q in
            vectors.values.withUnsafeBufferPointer { halves in
                deleted.withUnsafeBufferPointer { deleted in
                    for row in 0..<deleted.count where deleted[row] == 0 {
                        let score = halfDot(halves.baseAddress! + row * dimension, q.baseAddress!, count: dimension)
                        if score > heap.threshold { heap.insert(score: score, row: Int32(row)) }
                    }
                }
            }
        }
        return refined(heap.sortedDescending(), query: query, k: k)
    }

    /// The `count` lists whose centroids are nearest (L2) to the rotated query, or have the largest
    /// inner product with it (`parameters.probesByInnerProduct`), each with the
    /// ⟨query, centroid⟩ term that its residual scores are added to (over the PQ'd coordinates
    /// only when there is a sparse tail, whose values are stored whole).
    ///
    /// - Complexity: O(lists · d).
    func probeLists(_ rotated: [Float], quantizer: TrainedQuantizer, count: Int) -> [(list: Int, bias: Float)] {
        let d = dimension, listCount = quantizer.listCount, leading = quantizer.quantizedCoordinates
        var heap = TopKHeap(capacity: min(count, listCount))
        var biases = [Float](repeating: 0, count: listCount)
        quantizer.coarse.withUnsafeBufferPointer { centroids in
            rotated.withUnsafeBufferPointer { q in
                for list in 0..<listCount {
                    let c = centroids.baseAddress! + list * d
                    // The bias covers the PQ'd coordinates; the whole product chooses the lists.
                    let bias = dotProduct(q.baseAddress!, c, count: leading)
                    let product = leading < d ? bias + dotProduct(q.baseAddress! + leading, c + leading, count: d - leading) : bias
                    biases[list] = bias
                    // Nearest in L2 = largest ⟨q, c⟩ − ‖c‖²/2; or largest ⟨q, c⟩ (`probesByInnerProduct`).
                    let penalty = parameters.probesByInnerProduct ? 0 : 0.5 * dotProduct(c, c, count: d)
                    heap.insert(score: product - penalty, row: Int32(list))
                }
            }
        }
        return heap.sortedDescending().map { (list: Int($0.row), bias: biases[Int($0.row)]) }
    }
}
