import Foundation
import VectorIndex

/// The approximate side of the comparison: a `VectorIndex` with the eval index's own parameters
/// (PQ codes, OPQ rotation, re-ranking), built over the joint image embeddings that text queries
/// search. The difference to the exact scan is the loss from quantization.
public struct IndexRanker: ApproximateRanker {
    public let index: VectorIndex

    public var kind: String { index.kind.rawValue + (index.isRotated ? " (opq)" : "") }

    /// Builds the index over `vectors` (`count × dimension`; ids are row numbers) with `parameters`,
    /// lowering bytes per vector to a divisor of `dimension` when needed. Nil when the index would
    /// stay exact (fewer vectors than `parameters.exactThreshold`).
    ///
    /// - Throws: `VectorIndexError` for unusable parameters.
    /// - Complexity: as `VectorIndex.build`.
    public static func build(vectors: [Float], dimension: Int, parameters: VectorIndexParameters) throws -> IndexRanker? {
        let count = vectors.count / max(dimension, 1)
        guard count >= parameters.exactThreshold else { return nil }
        var adjusted = parameters
        while adjusted.bytesPerVector > 1 && dimension % adjusted.bytesPerVector != 0 { adjusted.bytesPerVector -= 1 }
        let index = try VectorIndex.build(vectors: vectors, dimension: dimension, ids: (0..<count).map(Int64.init), parameters: adjusted)
        return index.kind == .exact ? nil : IndexRanker(index: index)
    }

    /// Gallery rows nearest to `query`, best first.
    ///
    /// - Complexity: as `VectorIndex.search`.
    public func nearest(to query: [Float], k: Int) -> [Int] {
        index.search(query: query, k: k).map { Int($0.id) }
    }
}
