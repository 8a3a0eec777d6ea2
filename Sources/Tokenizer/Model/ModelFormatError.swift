/// Why a `.model` file could not be read or used.
public enum ModelFormatError: Error, Equatable, CustomStringConvertible {
    /// The protobuf bytes end early or are malformed at `offset`.
    case malformed(offset: Int, reason: String)
    /// The model is valid protobuf but cannot be used (`reason` says why).
    case unsupported(String)
    /// The file could not be read.
    case unreadable(path: String)

    public var description: String {
        switch self {
        case .malformed(let offset, let reason): return "malformed model at byte \(offset): \(reason)"
        case .unsupported(let reason): return "unsupported model: \(reason)"
        case .unreadable(let path): return "cannot read model file \(path)"
        }
    }
}
