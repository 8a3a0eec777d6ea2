/// All ok embeddings of a catalog in one contiguous row-major `[Float]`, with each row's id and path.
///
/// Row `i` is `values[i * dimension ..< (i + 1) * dimension]` and belongs to the image with id
/// `ids[i]` at `paths[i]`. Rows are in ascending id order. Built by ``Catalog/loadEmbeddings(modelID:)``.
///
/// ```swift
/// let matrix = try catalog.loadEmbeddings()
/// for row in 0..<matrix.count where score(matrix.row(row)) > 0.3 { print(matrix.paths[row]) }
/// ```
public struct EmbeddingMatrix: Sendable {
    /// Values per row.
    public let dimension: Int
    /// Image ids (`images.id`), one per row.
    public let ids: [Int64]
    /// Image paths relative to the indexed root, one per row.
    public let paths: [String]
    /// `count × dimension` values, row-major.
    public let values: [Float]

    /// Creates a matrix; the parts must agree in size.
    public init(dimension: Int, ids: [Int64], paths: [String], values: [Float]) {
        precondition(ids.count == paths.count && values.count == ids.count * dimension, "matrix parts disagree")
        self.dimension = dimension
        self.ids = ids
        self.paths = paths
        self.values = values
    }

    /// The number of rows.
    public var count: Int { ids.count }

    /// The values of row `index`.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[index * dimension ..< (index + 1) * dimension]
    }
}
