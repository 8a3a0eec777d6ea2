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
    /// - Complexity: O(n · 256 · d) in BLAS (twice when `directions` are not `targets`), plus
    ///   O(n · M · 256) per pass.
    func encodeAnisotropic(_ targets: MatrixSlice, directions: MatrixSlice, weight: Float, passes: Int = 2) -> [UInt8] {
        precondition(targets.rows == directions.rows && targets.columns == dimension && directions.columns == dimension)
        guard weight != 1, passes > 0, targets.rows > 0 else { return encode(targets) }
        let n = targets.rows, d = dimension, sub = subDimension, k = Self.centroidsPerSubspace, m = subspaces
        // Within sub-space j, the residual with j's centroid taken out is the target's slice, so
        // a candidate c costs ‖t_j − c‖² + s·(p − ⟨x_j, c⟩)², s = (weight − 1)/‖x‖², p = ⟨r, x⟩
        // with j's centroid taken out. ⟨t_j, c⟩ and ⟨x_j, c⟩ do not change between passes: one
        // table of each per block (one when targets are their own directions), and the passes
        // only update p.
        let shared = targets.base == directions.base && targets.stride == directions.stride
        let block = max(1, min(n, 256))
        let withTarget = scratch(m * block * k), withDirection = shared ? withTarget : scratch(m * block * k)
        // Each candidate's loss for one row and sub-space, for the SIMD `argmin`.
        let parallel = scratch(block), scale = scratch(block), values = scratch(k)
        defer {
            withTarget.deallocate(); parallel.deallocate(); scale.deallocate(); values.deallocate()
            if !shared { withDirection.deallocate() }
        }
        var codes = [UInt8](repeating: 0, count: n * m)
        centroids.withUnsafeBufferPointer { table in
            let norms = squaredNorms(table.baseAddress!, rows: m * k, dimension: sub, stride: sub)
            var start = 0
            while start < n {
                let rows = min(block, n - start)
                for j in 0..<m {
                    let centroidsOfJ = table.baseAddress! + j * k * sub
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(sub), 1,
                                targets.row(start) + j * sub, Int32(targets.stride), centroidsOfJ, Int32(sub),
                                0, withTarget + j * block * k, Int32(k))
                    if !shared {
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(sub), 1,
                                    directions.row(start) + j * sub, Int32(directions.stride), centroidsOfJ, Int32(sub),
                                    0, withDirection + j * block * k, Int32(k))
                    }
                }
                for r in 0..<rows {
                    let target = targets.row(start + r), x = directions.row(start + r)
                    let length = dotProduct(x, x, count: d)
                    scale[r] = length > 0 ? (weight - 1) / length : 0
                    // Nearest centroids first: ‖c‖² − 2⟨t_j, c⟩ is smallest.
                    var reconstructed: Float = 0
                    for j in 0..<m {
                        let products = withTarget + (j * block + r) * k
                        for c in 0..<k { values[c] = norms[j * k + c] - 2 * products[c] }
                        let best = argmin(values, count: k).0
                        codes[(start + r) * m + j] = UInt8(best)
                        reconstructed += withDirection[(j * block + r) * k + best]
                    }
                    parallel[r] = dotProduct(target, x, count: d) - reconstructed
                }
                for _ in 0..<passes {
                    for j in 0..<m {
                        for r in 0..<rows {
                            let t = withTarget + (j * block + r) * k, along = withDirection + (j * block + r) * k
                            let old = Int(codes[(start + r) * m + j])
                            let freed = parallel[r] + along[old], s = scale[r]
                            for c in 0..<k {
                                let gap = freed - along[c]
                                values[c] = norms[j * k + c] - 2 * t[c] + s * gap * gap
                            }
                            let best = argmin(values, count: k).0
                            codes[(start + r) * m + j] = UInt8(best)
                            parallel[r] = freed - along[best]
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
