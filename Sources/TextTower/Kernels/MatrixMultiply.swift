import CBLAS

/// Row-major `C = α·op(A)·op(B) + β·C` on OpenBLAS `cblas_sgemm`.
///
/// Every matrix product in the text tower, forward and backward, goes through here. Leading
/// dimensions default to the packed widths; pass them for strided views (one head's slice of the
/// fused Q/K/V matrix). OpenBLAS runs single-threaded in this project; the training loop splits
/// the batch over cores itself.
///
/// - Parameters:
///   - m: rows of `op(A)` and `C`.
///   - n: columns of `op(B)` and `C`.
///   - k: the inner dimension.
/// - Complexity: O(m·n·k).
@inline(__always)
public func gemm(
    _ a: UnsafePointer<Float>, transposeA: Bool = false, lda: Int? = nil,
    _ b: UnsafePointer<Float>, transposeB: Bool = false, ldb: Int? = nil,
    _ c: UnsafeMutablePointer<Float>, ldc: Int? = nil,
    m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
        if beta != 1 { for row in 0..<m { for col in 0..<n { c[row * (ldc ?? n) + col] *= beta } } }
        return
    }
    cblas_sgemm(CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha,
                a, Int32(lda ?? (transposeA ? m : k)),
                b, Int32(ldb ?? (transposeB ? k : n)),
                beta, c, Int32(ldc ?? n))
}

/// Sets OpenBLAS to one thread and stops its idle worker threads; the training loop does its
/// own threading.
///
/// The workers start with the library and spin for about 0.1 s each time they go idle, so a
/// short command calls this first (`litsearch query TEXT`: 0.119 s median with them spinning on
/// the other core, 0.080 s without; 21 runs on the samples index).
public func useSingleThreadedBLAS() {
    litsearch_single_threaded_blas()
}
