import CBLAS
import ParallelLoops

/// `C[M×N] = A[M×K] · B[K×N]`, row-major, with the columns of `B` and `C` split over threads.
///
/// OpenBLAS itself runs single-threaded (see `ImageTower.init`): its worker threads spin between
/// calls and would compete with the depthwise layers' workers, so the tower owns all threading.
///
/// - Complexity: O(M·N·K) on BLAS.
func matrixProduct(
    _ a: UnsafePointer<Float>, rows: Int, inner: Int,
    _ b: UnsafePointer<Float>, columns: Int,
    into c: UnsafeMutablePointer<Float>, threads: Int
) {
    let blocks = columns >= 256 ? threads : 1
    let width = ((columns + blocks - 1) / blocks + 15) / 16 * 16
    forEachChunk(of: blocks, workers: blocks) { _, range in
        for block in range {
            let start = block * width
            let count = min(width, columns - start)
            guard count > 0 else { continue }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                        Int32(rows), Int32(count), Int32(inner),
                        1, a, Int32(inner),
                        b + start, Int32(columns),
                        0, c + start, Int32(columns))
        }
    }
}
