import CBLAS
import Foundation

/// Optimized product quantization (Ge et al., 2013, non-parametric variant): a learned rotation R
/// such that PQ of x·R loses less than PQ of x.
///
/// Embeddings are far from axis-aligned, so the variance of plain PQ's sub-spaces is uneven and
/// correlated. OPQ alternates two steps from a random rotation: train PQ on X·R (warm-started), then
/// set R to the Procrustes solution that best maps X onto the PQ reconstructions.
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
        var rotation = orthogonalPolarFactor(gaussianMatrix(d * d, using: &generator), order: d) ?? identity(d)
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

/// `count` standard normal draws (Box–Muller).
func gaussianMatrix(_ count: Int, using generator: inout SeededGenerator) -> [Float] {
    (0..<count).map { _ in
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator), u2 = Double.random(in: 0..<1, using: &generator)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
