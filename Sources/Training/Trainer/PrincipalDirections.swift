import CBLAS
import LinearAlgebra

/// The leading principal directions of a set of feature rows: the image head's starting point.
///
/// A randomly initialised image head, trained on pictures that are mostly emoji, keeps what tells
/// emoji apart and loses much of what tells photos apart. Starting (or staying) at the training
/// features' principal subspace keeps the locked tower's geometry: in the 256 leading directions
/// of the training features, real photos still sit nearest their own ImageNet class.
///
/// ```swift
/// let w = try PrincipalDirections.compute(features, count: n, dimension: 1280, centre: centre, k: 256)
/// // w is 1280 × 256 row-major: column j is the j-th direction, largest variance first
/// ```
public enum PrincipalDirections {
    /// The `k` unit directions of largest variance of `count` rows centred by `centre`, as a
    /// `dimension × k` row-major matrix (column j = direction j).
    ///
    /// The covariance is formed on BLAS; its SVD (LAPACK `sgesdd`) gives the eigenvectors, since
    /// the covariance is symmetric positive semi-definite.
    ///
    /// - Throws: `TrainingError` when LAPACK fails or `k` exceeds `dimension`.
    /// - Complexity: O(count·dimension²) for the covariance plus O(dimension³) for the SVD.
    public static func compute(_ rows: UnsafePointer<Float>, count: Int, dimension d: Int, centre: [Float],
                               k: Int) throws -> [Float] {
        guard k <= d, centre.count == d, count > 0 else {
            throw TrainingError(message: "principal directions: need k ≤ dimension (\(k) > \(d)) and a centre of \(d) values")
        }
        var centred = [Float](repeating: 0, count: count * d)
        for row in 0..<count { for j in 0..<d { centred[row * d + j] = rows[row * d + j] - centre[j] } }
        var covariance = [Float](repeating: 0, count: d * d)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(d), Int32(count), 1 / Float(count),
                    centred, Int32(d), centred, Int32(d), 0, &covariance, Int32(d))
        let svd: SquareSVD
        do { svd = try SquareSVD(covariance, order: d) } catch {
            throw TrainingError(message: "principal directions: \(error)")
        }
        let u = svd.u
        // U is column-major: U[i + j·d] is component i of direction j.
        var directions = [Float](repeating: 0, count: d * k)
        for i in 0..<d { for j in 0..<k { directions[i * k + j] = u[i + j * d] } }
        return directions
    }
}
