import CBLAS
import LinearAlgebra

/// The orthogonal polar factor U·Vᵀ of a square matrix A = U·Σ·Vᵀ, from LAPACK's `sgesdd`.
///
/// This solves the orthogonal Procrustes problem: for A = Xᵀ·Y, U·Vᵀ is the rotation R minimising
/// ‖X·R − Y‖. `a` and the result are row-major n × n.
/// - Returns: nil when LAPACK reports that the SVD did not converge.
/// - Complexity: O(n³).
func orthogonalPolarFactor(_ a: [Float], order n: Int) -> [Float]? {
    // Read column-major, the row-major buffer is Aᵀ = u·S·vt, so A's polar factor is (u·vt)ᵀ, whose
    // row-major buffer is the column-major product u·vt.
    guard let svd = try? SquareSVD(a, order: n) else { return nil }
    var product = [Float](repeating: 0, count: n * n)
    cblasMultiply(columnMajor: svd.u, svd.vt, into: &product, order: n)
    return product
}

/// Column-major n × n product `a · b`.
private func cblasMultiply(columnMajor a: [Float], _ b: [Float], into c: inout [Float], order n: Int) {
    let size = Int32(n)
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1, a, size, b, size, 0, &c, size)
}
