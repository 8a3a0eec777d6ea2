import CBLAS

extension ProductQuantizer {
    /// Codes chosen for inner-product search: each row's quantisation error along its own
    /// direction weighs `weight` times as much as the error across it (score-aware or
    /// "anisotropic" quantisation, Guo et al., 2020).
    ///
    /// A search scores ⟨q, x̃⟩ instead of ⟨q, x⟩, so it misjudges x by ⟨q, x − x̃⟩. Queries that
    /// rank x near the top point roughly along x, so the part of the error parallel to x costs
    /// far more ranking than the part across it. Plain PQ picks each sub-space's nearest centroid,
    /// which minimises ‖x − x̃‖² and treats both parts alike. Here the codes minimise
    ///
    ///     ‖r‖² + (weight − 1) · ⟨r, x⟩² / ‖x‖²,   r = target − x̃,
    ///
    /// by coordinate descent over the sub-spaces, starting from the nearest centroids: each pass
    /// re-chooses every sub-space's code given the others. The parallel term couples the
    /// sub-spaces, which is why a pass cannot simply take nearest centroids.
    ///
    /// `targets` are what the codes reconstruct (a row, or its residual from an IVF centroid);
    /// `directions` the vectors whose direction counts (the row itself), of the same width.
    /// A weight of 1, or a zero direction, gives plain nearest-centroid codes.
    ///
    /// ```swift
    /// let codes = pq.encodeAnisotropic(rows, directions: rows, weight: 4)  // flat index
    /// ```
    ///
    /// - Complexity: O(n · 256 · d) per pass in BLAS, plus the plain encoding.
    func encodeAnisotropic(_ targets: MatrixSlice, directions: MatrixSlice, weight: Float, passes: Int = 2) -> [UInt8] {
        precondition(targets.rows == directions.rows && targets.columns == dimension && directions.columns == dimension)
        var codes = encode(targets)
        guard weight != 1, passes > 0, targets.rows > 0 else { return codes }
        let n = targets.rows, d = dimension, sub = subDimension, k = Self.centroidsPerSubspace, m = subspaces
        let block = min(n, 2_048)
        // Per block: the residuals r (rows × d), each row's ⟨r, x⟩ and (weight − 1)/‖x‖², and two
        // rows × 256 tables of ⟨·, centroid⟩ for the current sub-space.
        let residual = scratch(block * d), parallel = scratch(block), scale = scratch(block)
        let withResidual = scratch(block * k), withDirection = scratch(block * k), freed = scratch(block * sub)
        defer { for buffer in [residual, parallel, scale, withResidual, withDirection, freed] { buffer.deallocate() } }
        centroids.withUnsafeBufferPointer { table in
            let norms = squaredNorms(table.baseAddress!, rows: m * k, dimension: sub, stride: sub)
            var start = 0
            while start < n {
                let rows = min(block, n - start)
                for r in 0..<rows {
                    let target = targets.row(start + r), x = directions.row(start + r)
                    let rRow = residual + r * d
                    for j in 0..<m {
                        let c = table.baseAddress! + (j * k + Int(codes[(start + r) * m + j])) * sub
                        for i in 0..<sub { rRow[j * sub + i] = target[j * sub + i] - c[i] }
                    }
                    let length = dotProduct(x, x, count: d)
                    scale[r] = length > 0 ? (weight - 1) / length : 0
                    parallel[r] = dotProduct(rRow, x, count: d)
                }
                for _ in 0..<passes {
                    for j in 0..<m {
                        let centroidsOfJ = table.baseAddress! + j * k * sub
                        // The residual with sub-space j's centroid taken back out: r + c_old.
                        for r in 0..<rows {
                            let c = centroidsOfJ + Int(codes[(start + r) * m + j]) * sub
                            let x = directions.row(start + r) + j * sub
                            for i in 0..<sub { freed[r * sub + i] = residual[r * d + j * sub + i] + c[i] }
                            parallel[r] += dotProduct(c, x, count: sub)
                        }
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(sub), 1,
                                    freed, Int32(sub), centroidsOfJ, Int32(sub), 0, withResidual, Int32(k))
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(sub), 1,
                                    directions.row(start) + j * sub, Int32(directions.stride), centroidsOfJ, Int32(sub),
                                    0, withDirection, Int32(k))
                        norms.withUnsafeBufferPointer { norms in
                            let normsOfJ = norms.baseAddress! + j * k
                            for r in 0..<rows {
                                // ‖r' − c‖² − ‖r'‖² + (weight − 1)/‖x‖² · (⟨r', x⟩ − ⟨c, x⟩)², for every c.
                                let loss = withResidual + r * k, along = withDirection + r * k
                                let projected = parallel[r], s = scale[r]
                                for c in 0..<k {
                                    let gap = projected - along[c]
                                    loss[c] = normsOfJ[c] - 2 * loss[c] + s * gap * gap
                                }
                                let best = argmin(loss, count: k).0
                                codes[(start + r) * m + j] = UInt8(best)
                                let c = centroidsOfJ + best * sub
                                for i in 0..<sub { residual[r * d + j * sub + i] = freed[r * sub + i] - c[i] }
                                parallel[r] = projected - along[best]
                            }
                        }
                    }
                }
                start += rows
            }
        }
        return codes
    }
}

/// Uninitialised scratch space for `count` floats; the caller deallocates it.
private func scratch(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
}
