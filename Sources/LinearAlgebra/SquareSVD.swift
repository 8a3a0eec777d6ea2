import CLAPACK

/// The singular value decomposition of a square matrix, by LAPACK's divide-and-conquer `sgesdd`.
///
/// One wrapper for the project's SVDs: the vector index's OPQ rotations (eigenvectors of a
/// covariance, polar factors) and the training's principal directions. Everything is column-major,
/// as LAPACK reads it; a row-major buffer passed in is read as its transpose.
///
/// ```swift
/// let svd = try SquareSVD(matrix, order: 3)   // matrix = svd.u · diag(svd.singular) · svd.vt
/// ```
public struct SquareSVD: Sendable {
    /// Left singular vectors, n × n column-major: column j is `u[(j·n)..<((j+1)·n)]`.
    public let u: [Float]
    /// Singular values, decreasing.
    public let singular: [Float]
    /// Right singular vectors transposed, n × n column-major.
    public let vt: [Float]

    /// Decomposes the n × n column-major `matrix`.
    ///
    /// - Throws: `SquareSVD.Failure` with LAPACK's `info` when the SVD does not converge or an
    ///   argument is invalid.
    /// - Complexity: O(n³).
    public init(_ matrix: [Float], order n: Int) throws {
        precondition(n > 0 && matrix.count == n * n, "SquareSVD needs an n × n matrix")
        var a = matrix
        var singular = [Float](repeating: 0, count: n)
        var u = [Float](repeating: 0, count: n * n), vt = [Float](repeating: 0, count: n * n)
        var iwork = [Int32](repeating: 0, count: 8 * n)
        var size = Int32(n), info: Int32 = 0, lwork: Int32 = -1
        var query: Float = 0
        var jobz = Int8(UInt8(ascii: "A"))
        sgesdd_(&jobz, &size, &size, &a, &size, &singular, &u, &size, &vt, &size, &query, &lwork, &iwork, &info)
        guard info == 0 else { throw Failure(info: info) }
        lwork = Int32(query) + 1
        var work = [Float](repeating: 0, count: Int(lwork))
        sgesdd_(&jobz, &size, &size, &a, &size, &singular, &u, &size, &vt, &size, &work, &lwork, &iwork, &info)
        guard info == 0 else { throw Failure(info: info) }
        self.u = u
        self.singular = singular
        self.vt = vt
    }

    /// LAPACK's `sgesdd` reported `info` ≠ 0 (negative: a bad argument; positive: no convergence).
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let info: Int32
        public var description: String { "LAPACK sgesdd failed (info \(info))" }
    }
}
