import CBLAS
import LinearAlgebra
import Foundation
import SeededRandom

/// Optimized product quantization (Ge et al., 2013, non-parametric variant): a learned rotation R
/// such that PQ of x·R loses less than PQ of x.
///
/// Embeddings are far from axis-aligned, so the variance of plain PQ's sub-spaces is uneven and
/// correlated. OPQ starts from the parametric solution (`eigenvalueAllocation`) and alternates two
/// steps: train PQ on X·R (warm-started), then set R to the Procrustes solution that best maps X
/// onto the PQ reconstructions.
struct OPQTraining {
    /// Sub-spaces of the product quantizer.
    let subspaces: Int
    /// Alternations of rotation and PQ updates.
    let rotationIterations: Int
    /// Lloyd iterations of the final PQ training.
    let kmeansIterations: Int
    let seed: UInt64

    /// The rotation (row-major d × d, applied as x·R) and the PQ trained on the rotated points.
    ///
    /// - Complexity: O(rotationIterations · (n·d² + n·256·d + d³)) plus the final PQ training.
    func train(_ points: UnsafeBufferPointer<Float>, rows n: Int, dimension d: Int) -> (rotation: [Float], quantizer: ProductQuantizer) {
        var generator = SeededGenerator(seed: seed)
        var rotation = eigenvalueAllocation(points, rows: n, dimension: d)
            ?? orthogonalPolarFactor(gaussianMatrix(d * d, using: &generator), order: d) ?? identity(d)
        var pq: ProductQuantizer?
        for iteration in 0..<rotationIterations {
            let rotated = multiply(points.baseAddress!, rows: n, by: rotation, dimension: d)
            let current = rotated.withUnsafeBufferPointer { buffer -> ProductQuantizer in
                let slice = MatrixSlice(base: buffer.baseAddress!, rows: n, columns: d, stride: d)
                return ProductQuantizer.train(slice, subspaces: subspaces, iterations: pq == nil ? 8 : 4,
                                              seed: seed &+ UInt64(iteration), warmStart: pq)
            }
            pq = current
            let codes = rotated.withUnsafeBufferPointer {
                current.encode(MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d))
            }
            let reconstructed = codes.withUnsafeBufferPointer { current.decode($0, count: n) }
            // Xᵀ·Y, then its polar factor.
            var cross = [Float](repeating: 0, count: d * d)
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(d), Int32(n), 1,
                        points.baseAddress!, Int32(d), reconstructed, Int32(d), 0, &cross, Int32(d))
            if let next = orthogonalPolarFactor(cross, order: d) { rotation = next }
        }
        let rotated = multiply(points.baseAddress!, rows: n, by: rotation, dimension: d)
        let final = rotated.withUnsafeBufferPointer { buffer in
            ProductQuantizer.train(MatrixSlice(base: buffer.baseAddress!, rows: n, columns: d, stride: d),
                                   subspaces: subspaces, iterations: kmeansIterations, seed: seed, warmStart: pq)
        }
        return (rotation, final)
    }
}

extension OPQTraining {
    /// The parametric OPQ start (Ge et al., 2013, "eigenvalue allocation"): the principal axes of
    /// the points, dealt to the sub-spaces so that each gets a similar product of variances —
    /// axes in decreasing variance, each to the not-yet-full sub-space whose log-variance sum is
    /// smallest. Starting the alternations here instead of at a random rotation gives them an
    /// already balanced, decorrelated split.
    /// - Returns: row-major d × d (applied as x·R), or nil when LAPACK fails.
    /// - Complexity: O(n·d² + d³).
    func eigenvalueAllocation(_ points: UnsafeBufferPointer<Float>, rows n: Int, dimension d: Int) -> [Float]? {
        guard n > 1, d % subspaces == 0 else { return nil }
        var mean = [Float](repeating: 0, count: d)
        for row in 0..<n { for i in 0..<d { mean[i] += points[row * d + i] } }
        for i in 0..<d { mean[i] /= Float(n) }
        var covariance = [Float](repeating: 0, count: d * d)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(d), Int32(n), 1 / Float(n),
                    points.baseAddress!, Int32(d), points.baseAddress!, Int32(d), 0, &covariance, Int32(d))
        for i in 0..<d { for j in 0..<d { covariance[i * d + j] -= mean[i] * mean[j] } }
        guard let (axes, variances) = symmetricEigenvectors(covariance, order: d) else { return nil }
        // Log-variances are taken relative to the smallest (floored) one, so every term is ≥ 0 and
        // the M empty sub-spaces (sum 0) each receive one of the M strongest axes first.
        let floor = max(Double(variances.last ?? 0), Double(variances.first ?? 0) * 1e-7, 1e-30)
        let width = d / subspaces
        var logSums = [Double](repeating: 0, count: subspaces)
        var filled = [Int](repeating: 0, count: subspaces)
        var rotation = [Float](repeating: 0, count: d * d)
        for axis in 0..<d {  // decreasing variance
            var best = -1
            for m in 0..<subspaces where filled[m] < width && (best < 0 || logSums[m] < logSums[best]) { best = m }
            let column = best * width + filled[best]
            for i in 0..<d { rotation[i * d + column] = axes[axis * d + i] }
            logSums[best] += log(max(Double(variances[axis]), floor) / floor)
            filled[best] += 1
        }
        return rotation
    }
}

/// Eigenvectors (row k = k-th axis, by decreasing eigenvalue) and eigenvalues of a symmetric
/// positive semi-definite row-major n × n matrix, from its SVD (LAPACK `sgesdd`).
///
/// - Complexity: O(n³).
func symmetricEigenvectors(_ a: [Float], order n: Int) -> (axes: [Float], values: [Float])? {
    guard let svd = try? SquareSVD(a, order: n) else { return nil }
    // Column-major u holds the left singular vectors in its columns: column k starts at k·n, which
    // is row k of the row-major result. For a symmetric PSD matrix they are its eigenvectors.
    return (svd.u, svd.singular)
}

/// Row-major `rows × d` matrix times a row-major `d × d` matrix.
///
/// - Complexity: O(rows · d²) in BLAS.
func multiply(_ points: UnsafePointer<Float>, rows: Int, by matrix: [Float], dimension d: Int) -> [Float] {
    var out = [Float](repeating: 0, count: rows * d)
    guard rows > 0 else { return out }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(d), Int32(d), 1,
                points, Int32(d), matrix, Int32(d), 0, &out, Int32(d))
    return out
}

/// The d × d identity, row-major.
func identity(_ d: Int) -> [Float] {
    var out = [Float](repeating: 0, count: d * d)
    for i in 0..<d { out[i * d + i] = 1 }
    return out
}

/// `count` standard normal draws.
func gaussianMatrix(_ count: Int, using generator: inout SeededGenerator) -> [Float] {
    (0..<count).map { _ in
        generator.nextNormal()
    }
}
