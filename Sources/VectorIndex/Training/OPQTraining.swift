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
///
/// Those alternations converge slowly: on 1280-d pooled features at 32 bytes the quantisation
/// error still falls by about 0.5 % per alternation after twenty of them. Each rotation update is
/// therefore extrapolated (`extrapolated(from:to:)`): the step from the previous rotation to the
/// Procrustes solution is taken twice. When an alternation's error comes out higher than the one
/// before, the extrapolation has overshot, and the remaining alternations take plain steps.
///
/// Alternations stop early once one lowers the error by less than `tolerance` (a fraction of it).
/// The error falls faster with long codes than with short ones (64 against 32 bytes), so a
/// tolerance spends alternations where they still pay.
struct OPQTraining {
    /// Sub-spaces of the product quantizer.
    let subspaces: Int
    /// At most this many alternations of rotation and PQ updates.
    let rotationIterations: Int
    /// Lloyd iterations of the final PQ training.
    let kmeansIterations: Int
    let seed: UInt64
    /// Stop once an alternation lowers the error by less than this fraction (0: never stop early).
    var tolerance: Double = 0
    /// Double each rotation step while the quantisation error keeps falling.
    var extrapolates = true

    /// What `train` learned, and how it got there.
    struct Result {
        /// Row-major d × d rotation, applied as x·R.
        let rotation: [Float]
        /// The PQ trained on the rotated points.
        let quantizer: ProductQuantizer
        /// Mean squared quantisation error of the rotated points after each alternation's PQ step.
        let errors: [Double]
    }

    /// The rotation (row-major d × d, applied as x·R) and the PQ trained on the rotated points.
    ///
    /// - Complexity: O(alternations · (n·d² + n·256·d + d³)) plus the final PQ training, with at
    ///   most `rotationIterations` alternations.
    func train(_ points: UnsafeBufferPointer<Float>, rows n: Int, dimension d: Int) -> (rotation: [Float], quantizer: ProductQuantizer) {
        let result = trainTracing(points, rows: n, dimension: d)
        return (result.rotation, result.quantizer)
    }

    /// `train`, with the error of every alternation.
    ///
    /// - Complexity: as `train`.
    func trainTracing(_ points: UnsafeBufferPointer<Float>, rows n: Int, dimension d: Int) -> Result {
        var generator = SeededGenerator(seed: seed)
        var rotation = eigenvalueAllocation(points, rows: n, dimension: d)
            ?? orthogonalPolarFactor(gaussianMatrix(d * d, using: &generator), order: d) ?? identity(d)
        var pq: ProductQuantizer?
        var errors: [Double] = []
        var extrapolating = extrapolates
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
            let error = meanSquaredDistance(rotated, reconstructed, rows: n)
            let last = errors.last
            errors.append(error)
            if let last {
                if error > last && extrapolating {
                    extrapolating = false
                } else if last - error < tolerance * last {
                    break
                }
            }
            // Xᵀ·Y, then its polar factor.
            var cross = [Float](repeating: 0, count: d * d)
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(d), Int32(n), 1,
                        points.baseAddress!, Int32(d), reconstructed, Int32(d), 0, &cross, Int32(d))
            guard let next = orthogonalPolarFactor(cross, order: d) else { continue }
            rotation = extrapolating ? extrapolated(from: rotation, to: next, order: d) : next
        }
        let rotated = multiply(points.baseAddress!, rows: n, by: rotation, dimension: d)
        let final = rotated.withUnsafeBufferPointer { buffer in
            ProductQuantizer.train(MatrixSlice(base: buffer.baseAddress!, rows: n, columns: d, stride: d),
                                   subspaces: subspaces, iterations: kmeansIterations, seed: seed, warmStart: pq)
        }
        return Result(rotation: rotation, quantizer: final, errors: errors)
    }
}

/// The rotation one step beyond `next` along the way from `previous`: next·(previousᵀ·next).
///
/// Both are orthogonal, so the result is too (to rounding); previousᵀ·next is the step just taken.
/// - Complexity: O(d³) in BLAS.
func extrapolated(from previous: [Float], to next: [Float], order d: Int) -> [Float] {
    let size = Int32(d)
    var step = [Float](repeating: 0, count: d * d)
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, size, size, size, 1, previous, size, next, size, 0, &step, size)
    return multiply(next, rows: d, by: step, dimension: d)
}

/// Mean over `rows` rows of the squared distance between two equally shaped row-major matrices.
///
/// - Complexity: O(count).
func meanSquaredDistance(_ a: [Float], _ b: [Float], rows: Int) -> Double {
    precondition(a.count == b.count && rows > 0)
    var total: Double = 0
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            let chunk = 4096
            var start = 0
            while start < a.count {
                let count = min(chunk, a.count - start)
                total += Double(squaredDistance(a.baseAddress! + start, b.baseAddress! + start, count: count))
                start += count
            }
        }
    }
    return total / Double(rows)
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
