import SeededRandom

extension VectorIndex {
    /// Builds an index over `vectors` (row-major, `ids.count × dimension`).
    ///
    /// Below `parameters.exactThreshold` vectors the index stays exact (no training); otherwise
    /// it trains on a seeded sample of at most `trainingSampleSize` rows and encodes every row.
    /// - Throws: `VectorIndexError` for a shape mismatch, bad parameters or a duplicate id.
    /// - Complexity: training O(iterations · s · (256 + lists) · d) on s sampled rows, plus
    ///   O(n · (d² + (256 + lists) · d)) to encode n rows.
    public static func build(vectors: [Float], dimension: Int, ids: [Int64],
                             parameters: VectorIndexParameters = VectorIndexParameters(),
                             generation: UInt64 = 0) throws -> VectorIndex {
        try parameters.validate(dimension: dimension)
        guard vectors.count == ids.count * dimension else {
            throw VectorIndexError.shapeMismatch(values: vectors.count, rows: ids.count, dimension: dimension)
        }
        let n = ids.count
        var quantizer: TrainedQuantizer?
        if n >= parameters.exactThreshold {
            guard n >= ProductQuantizer.centroidsPerSubspace, n >= parameters.coarseLists else {
                throw VectorIndexError.invalidParameter("\(n) vectors are too few to train \(max(256, parameters.coarseLists)) centroids")
            }
            var generator = SeededGenerator(seed: parameters.seed)
            let rows = generator.sample(min(n, parameters.trainingSampleSize), from: n)
            let sample = vectors.withUnsafeBufferPointer { gatherRows($0, dimension: dimension, rows: rows) }
            quantizer = TrainedQuantizer.train(sample, rows: rows.count, dimension: dimension, parameters: parameters)
        }
        let index = VectorIndex(dimension: dimension, parameters: parameters, generation: generation,
                                trainedRows: quantizer == nil ? 0 : n, quantizer: quantizer, ids: [], deleted: [],
                                vectors: Float16Rows(dimension: dimension, precise: parameters.preciseRerank > 0),
                                lists: Array(repeating: InvertedList(), count: quantizer?.listCount ?? 0))
        try index.append(vectors: vectors, ids: ids)
        return index
    }

    /// A new index of `vectors` that shares this one's trained quantizer, its codes made with
    /// another anisotropic weight (`VectorIndexParameters.anisotropicWeight`); no training.
    ///
    /// - Complexity: O(n · (d² + (256 + lists) · d)), as `build`'s encoding.
    func reencoded(_ vectors: [Float], ids: [Int64], anisotropicWeight: Double) throws -> VectorIndex {
        var changed = parameters
        changed.anisotropicWeight = anisotropicWeight
        try changed.validate(dimension: dimension)
        let index = VectorIndex(dimension: dimension, parameters: changed, generation: generation, trainedRows: trainedRows,
                                quantizer: quantizer, ids: [], deleted: [],
                                vectors: Float16Rows(dimension: dimension, precise: changed.preciseRerank > 0),
                                lists: Array(repeating: InvertedList(), count: quantizer?.listCount ?? 0))
        try index.append(vectors: vectors, ids: ids)
        return index
    }

    /// A new index trained on the live vectors of this one (tombstones dropped), same parameters,
    /// generation and label.
    ///
    /// - Complexity: as `build` on `count` rows.
    public func rebuilt() throws -> VectorIndex {
        let live = (0..<ids.count).filter { deleted[$0] == 0 }
        let kept = vectors.selecting(live)
        let index = try VectorIndex.build(vectors: kept.floats(0..<kept.count), dimension: dimension,
                                          ids: live.map { ids[$0] }, parameters: parameters, generation: generation)
        index.label = label
        index.attachment = attachment
        index.owner = owner
        return index
    }
}
