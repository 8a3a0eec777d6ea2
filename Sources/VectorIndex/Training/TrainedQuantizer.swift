/// Everything learned at training time: optional rotation, optional coarse centroids, the PQ.
///
/// Encoding maps x to x' = x·R (R = identity without OPQ), assigns x' to its nearest coarse centroid
/// c (a single zero centroid without IVF) and stores the PQ code of the residual x' − c.
/// Rotations are orthogonal, so ⟨q, x⟩ = ⟨q·R, x·R⟩ and search runs entirely in the rotated space.
///
/// With a sparse tail (`VectorIndexParameters.sparseDimensions`) the coarse centroids still cover
/// the whole vector (lists are chosen with the tail), but the PQ code holds only the residual of
/// the leading coordinates, zero-padded to a multiple of M, and the tail is stored by `SparseTail`.
struct TrainedQuantizer: Equatable {
    let dimension: Int
    /// Row-major d × d rotation, or nil.
    let rotation: [Float]?
    /// Row-major `lists × d` coarse centroids in the rotated space; empty for a flat index.
    let coarse: [Float]
    /// Product quantizer of the (rotated) residuals, or of their leading part with a sparse tail.
    let pq: ProductQuantizer
    /// The trailing coordinates kept sparse, or nil.
    var sparse: SparseTail? = nil

    /// Coordinates the PQ code covers (before its zero padding): all but the sparse tail.
    var quantizedCoordinates: Int { dimension - (sparse?.dimensions ?? 0) }

    /// Number of inverted lists (1 for a flat index).
    var listCount: Int { coarse.isEmpty ? 1 : coarse.count / dimension }

    /// Trains on `sample` (row-major, `rows × dimension`).
    ///
    /// - Complexity: O(iterations · n · (lists + 256) · d), plus OPQ's alternations when enabled.
    static func train(_ sample: [Float], rows: Int, dimension d: Int, parameters p: VectorIndexParameters) -> TrainedQuantizer {
        var residuals = sample
        var coarse: [Float] = []
        if p.coarseLists > 0 {
            sample.withUnsafeBufferPointer { buffer in
                let points = MatrixSlice(base: buffer.baseAddress!, rows: rows, columns: d, stride: d)
                coarse = KMeans(k: p.coarseLists, iterations: p.kmeansIterations, seed: p.seed ^ 0xC0A25E).train(points)
                let labels = coarse.withUnsafeBufferPointer { nearestCentroids(of: points, centroids: $0, count: p.coarseLists).labels }
                for row in 0..<rows {
                    let c = Int(labels[row])
                    for i in 0..<d { residuals[row * d + i] -= coarse[c * d + i] }
                }
            }
        }
        var rotation: [Float]?
        let pq: ProductQuantizer
        if p.sparseDimensions > 0 {
            let width = p.quantizedDimension(of: d), dense = d - p.sparseDimensions
            let leading = padded(residuals, rows: rows, dimension: d, keeping: dense, to: width)
            pq = leading.withUnsafeBufferPointer {
                ProductQuantizer.train(MatrixSlice(base: $0.baseAddress!, rows: rows, columns: width, stride: width),
                                       subspaces: p.bytesPerVector, iterations: p.kmeansIterations, seed: p.seed)
            }
            let tail = sample.withUnsafeBufferPointer {
                SparseTail.trained(on: $0.baseAddress! + dense, rows: rows, stride: d, dimensions: p.sparseDimensions, entries: p.sparseEntries)
            }
            return TrainedQuantizer(dimension: d, rotation: nil, coarse: coarse, pq: pq, sparse: tail)
        }
        if p.rotation {
            let trained = residuals.withUnsafeBufferPointer {
                OPQTraining(subspaces: p.bytesPerVector, rotationIterations: p.rotationIterations,
                            kmeansIterations: p.kmeansIterations, seed: p.seed, tolerance: p.rotationTolerance)
                    .train($0, rows: rows, dimension: d)
            }
            rotation = trained.rotation
            pq = trained.quantizer
            if !coarse.isEmpty { coarse = multiply(coarse, rows: p.coarseLists, by: trained.rotation, dimension: d) }
        } else {
            pq = residuals.withUnsafeBufferPointer {
                ProductQuantizer.train(MatrixSlice(base: $0.baseAddress!, rows: rows, columns: d, stride: d),
                                       subspaces: p.bytesPerVector, iterations: p.kmeansIterations, seed: p.seed)
            }
        }
        return TrainedQuantizer(dimension: d, rotation: rotation, coarse: coarse, pq: pq)
    }

    /// `vectors` (row-major) in the rotated space.
    func rotate(_ vectors: UnsafeBufferPointer<Float>) -> [Float] {
        guard let rotation else { return Array(vectors) }
        return multiply(vectors.baseAddress!, rows: vectors.count / dimension, by: rotation, dimension: dimension)
    }

    /// The part of a (rotated) query that the PQ lookup table is built from: the whole query, or
    /// its leading coordinates zero-padded as the codes were.
    func quantizedQuery(_ rotated: [Float]) -> [Float] {
        guard sparse != nil else { return rotated }
        return padded(rotated, rows: 1, dimension: dimension, keeping: quantizedCoordinates, to: pq.dimension)
    }

    /// Inverted list, PQ code (M bytes each, row-major) and sparse tail entries (`sparse.entries`
    /// each; empty without a tail) of every row of `vectors`.
    ///
    /// With an `anisotropy` other than 1 the codes weigh each row's error along the row that much
    /// more than across it (`ProductQuantizer.encodeAnisotropic`); 1 takes the nearest centroids.
    ///
    /// - Complexity: O(n·d² for the rotation + n·lists·d + n·256·d) in BLAS; anisotropic codes
    ///   cost two more O(n·256·d) passes.
    func encode(_ vectors: UnsafeBufferPointer<Float>, anisotropy: Float = 1) -> (lists: [Int32], codes: [UInt8], sparse: [UInt16]) {
        let n = vectors.count / dimension, d = dimension
        var rotated = rotate(vectors)
        // The rows' own directions in the rotated space, when they are not what is encoded (IVF
        // residuals) and the codes need them.
        let directions = anisotropy == 1 || coarse.isEmpty ? [] : rotated
        var lists = [Int32](repeating: 0, count: n)
        if !coarse.isEmpty {
            rotated.withUnsafeBufferPointer { buffer in
                let points = MatrixSlice(base: buffer.baseAddress!, rows: n, columns: d, stride: d)
                lists = coarse.withUnsafeBufferPointer { nearestCentroids(of: points, centroids: $0, count: listCount).labels }
            }
            for row in 0..<n {
                let c = Int(lists[row])
                for i in 0..<d { rotated[row * d + i] -= coarse[c * d + i] }
            }
        }
        guard let sparse else {
            return (lists, codes(of: rotated, directions: directions, rows: n, anisotropy: anisotropy), [])
        }
        let leading = padded(rotated, rows: n, dimension: d, keeping: quantizedCoordinates, to: pq.dimension)
        let leadingDirections = directions.isEmpty ? [] : padded(directions, rows: n, dimension: d, keeping: quantizedCoordinates, to: pq.dimension)
        let codes = codes(of: leading, directions: leadingDirections, rows: n, anisotropy: anisotropy)
        var tails: [UInt16] = []
        tails.reserveCapacity(n * sparse.entries)
        // Tails are the original values, not residuals: the scan adds them to ⟨q, c⟩ of the leading part only.
        for row in 0..<n { sparse.encode(vectors.baseAddress! + row * d + quantizedCoordinates, into: &tails) }
        return (lists, codes, tails)
    }
}

extension TrainedQuantizer {
    /// PQ codes of `rows` rows of `targets` (width `pq.dimension`): nearest centroids, or
    /// anisotropic codes along `directions` (same shape; empty: the targets themselves) when
    /// `anisotropy` is not 1.
    func codes(of targets: [Float], directions: [Float], rows n: Int, anisotropy: Float) -> [UInt8] {
        let width = pq.dimension
        return targets.withUnsafeBufferPointer { targets in
            let slice = MatrixSlice(base: targets.baseAddress!, rows: n, columns: width, stride: width)
            guard anisotropy != 1 else { return pq.encode(slice) }
            guard directions.count == targets.count else { return pq.encodeAnisotropic(slice, directions: slice, weight: anisotropy) }
            return directions.withUnsafeBufferPointer {
                pq.encodeAnisotropic(slice, directions: MatrixSlice(base: $0.baseAddress!, rows: n, columns: width, stride: width),
                                     weight: anisotropy)
            }
        }
    }
}

/// The first `keeping` values of each of `rows` rows of width `dimension`, each zero-padded to `width`.
///
/// - Complexity: O(rows · width).
func padded(_ values: [Float], rows: Int, dimension: Int, keeping: Int, to width: Int) -> [Float] {
    var out = [Float](repeating: 0, count: rows * width)
    values.withUnsafeBufferPointer { source in
        out.withUnsafeMutableBufferPointer { target in
            for row in 0..<rows {
                (target.baseAddress! + row * width).update(from: source.baseAddress! + row * dimension, count: keeping)
            }
        }
    }
    return out
}
