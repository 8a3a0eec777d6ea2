/// Why building or updating a `VectorIndex` failed.
public enum VectorIndexError: Error, Equatable, CustomStringConvertible {
    /// A value count that does not match `count × dimension`.
    case shapeMismatch(values: Int, rows: Int, dimension: Int)
    /// Parameters that cannot work for this data.
    case invalidParameter(String)
    /// An id that the index already holds (live).
    case duplicateID(Int64)

    public var description: String {
        switch self {
        case let .shapeMismatch(values, rows, dimension):
            return "expected \(rows) × \(dimension) = \(rows * dimension) values, got \(values)"
        case let .invalidParameter(message):
            return "invalid index parameter: \(message)"
        case let .duplicateID(id):
            return "id \(id) is already in the index"
        }
    }
}
