/// Why an index file could not be read or written.
///
/// Every case names the file; reading errors also say how to recover, since the index is only a
/// cache of the catalog's embeddings and can always be rebuilt from them.
public enum IndexFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened, mapped or written (with the system's reason).
    case io(path: String, reason: String)
    /// The file does not start with the index magic.
    case notAnIndex(path: String)
    /// The file was written by a newer, unknown format version.
    case unsupportedVersion(path: String, version: UInt32)
    /// The file is shorter than its header says.
    case truncated(path: String, expected: Int, actual: Int)
    /// A checksum or a structural check failed.
    case corrupt(path: String, reason: String)

    /// Advice printed after every read error.
    public static let rebuildAdvice = "rebuild it from the catalog with `litsearch index FOLDER --rebuild` (no image is decoded again)"

    public var description: String {
        switch self {
        case let .io(path, reason):
            return "vector index \(path): \(reason)"
        case let .notAnIndex(path):
            return "\(path) is not a litsearch vector index; delete it or \(Self.rebuildAdvice)"
        case let .unsupportedVersion(path, version):
            return "vector index \(path) has format version \(version), which this litsearch cannot read; \(Self.rebuildAdvice)"
        case let .truncated(path, expected, actual):
            return "vector index \(path) is truncated (\(actual) of \(expected) bytes); \(Self.rebuildAdvice)"
        case let .corrupt(path, reason):
            return "vector index \(path) is corrupt (\(reason)); \(Self.rebuildAdvice)"
        }
    }
}
