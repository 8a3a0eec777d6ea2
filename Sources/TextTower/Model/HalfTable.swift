#if canImport(Glibc)
import Glibc
#endif

/// A table of rows kept at float16 and widened one row at a time: the text tower's token
/// embeddings at inference.
///
/// The token table is most of a text tower's weights (32,000 × 256 of a 4-layer tower's 11
/// million), and a query reads a handful of its rows. Exported checkpoints store it as float16;
/// keeping it so halves what loading it costs, and the float32 copy in the parameter vector is
/// never written (it stays untouched zero pages, see `FloatBuffer(zeroedCount:)`).
///
/// ```swift
/// let weights = try Checkpoint.readWeights(from: url, expecting: nil)   // weights.tokenTable
/// let out = try tower.forward(batch, parameters: weights.parameters.pointer, tokenTable: weights.tokenTable, workspace: w)
/// ```
public final class HalfTable: @unchecked Sendable {
    public let rows: Int
    public let dimension: Int
    /// The float16 values, row after row: `rows × dimension × 2` bytes that the creator fills.
    public let bytes: UnsafeMutableRawPointer

    /// A table of `rows × dimension` zeros for the caller to fill through `bytes`. The zeros come
    /// from `calloc` (untouched pages from the kernel), so filling the table is its only pass.
    public init(rows: Int, dimension: Int) {
        self.rows = rows
        self.dimension = dimension
        guard let block = calloc(max(1, rows * dimension), 2) else { fatalError("out of memory for a \(rows) × \(dimension) table") }
        bytes = block
    }

    deinit { free(bytes) }

    /// Row `row` widened into `target` (`dimension` floats).
    ///
    /// - Complexity: O(dimension).
    @inline(__always)
    public func widenRow(_ row: Int, into target: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < rows, "row \(row) of a table of \(rows)")
        HalfPrecision.widen(UnsafeRawPointer(bytes + 2 * row * dimension), count: dimension, into: target)
    }

    /// Bytes held.
    public var byteCount: Int { 2 * rows * dimension }
}
