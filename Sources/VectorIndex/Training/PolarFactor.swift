import CBLAS
import CLAPACK

/// The orthogonal polar factor U·Vᵀ of a square matrix A = U·Σ·Vᵀ, from LAPACK's `sgesdd`.
///
/// This solves the orthogonal Procrustes problem: for A = Xᵀ·Y, U·Vᵀ is the rotation R minimising
/// ‖X·R − Y‖. `a` and the result are row-major n × n.
/// - Returns: nil when LAPACK reports that the SVD did not converge.
/// - Complexity: O(n³).
func orthogonalPolarFactor(_ a: [Float], order n: Int) -> [Float]? {
    // Read column-major, the row-major buffer is Aᵀ = u·S·vt, so A's polar factor is (u·vt)ᵀ, whose
    // row-major buffer is the column-major product u·vt.
    guard let svd = squareSVD(a, order: n) else { return nil }
    var product = [Float](repeating: 0, count: n * n)
    cblasMultiply(columnMajor: svd.u, svd.vt, into: &product, order: n)
    return product
}

/// Column-major n × n product `a · b`.
private func cblasMultiply(columnMajor a: [Float], _ b: [Float], into c: inout [Float], order n: Int) {
    let size = Int32(n)
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1, a, size, b, size, 0, &c, size)
}

/// The full SVD of a square n × n matrix read column-major, A = u·diag(singular)·vt, by LAPACK
/// `sgesdd` (all three column-major; singular values decreasing).
///
/// - Returns: nil when LAPACK reports that the SVD did not converge.
/// - Complexity: O(n³).
func squareSVD(_ a: [Float], order n: Int) -> (u: [Float], singular: [Float], vt: [Float])? {
    var matrix = a
    var singular = [Float](repeating: 0, count: n)
    var u = [Float](repeating: 0, count: n * n), vt = [Float](repeating: 0, count: n * n)
    var iwork = [Int32](repeating: 0, count: 8 * n)
    var size = Int32(n), info: Int32 = 0, lwork: Int32 = -1
    var query: Float = 0
    var jobz = Int8(UInt8(ascii: "A"))
    sgesdd_(&jobz, &size, &size, &matrix, &size, &singular, &u, &size, &vt, &size, &query, &lwork, &iwork, &info)
    guard info == 0 else { return nil }
    lwork = Int32(query) + 1
    var work = [Float](repeating: 0, count: Int(lwork))
    sgesdd_(&jobz, &size, &size, &matrix, &size, &singular, &u, &size, &vt, &size, &work, &lwork, &iwork, &info)
    guard info == 0 else { return nil }
    return (u, singular, vt)
}
