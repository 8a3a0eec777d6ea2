import Foundation

/// Why an evaluation could not run at all (bad lines of a manifest are not errors; they are skipped).
public enum EvalError: Error, CustomStringConvertible, Equatable {
    case unreadableManifest(String, String)
    case noUsableImages(String)
    case badK(String)
    case noLanguages(requested: [String], available: [String])
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case let .unreadableManifest(path, reason): return "cannot read the manifest \(path): \(reason)"
        case let .noUsableImages(why): return "no usable images to evaluate: \(why)"
        case let .badK(value): return "--k wants positive integers separated by commas (1,5,10), not \"\(value)\""
        case let .noLanguages(requested, available):
            return "none of the requested languages (\(requested.joined(separator: ","))) has captions in the manifest; "
                + "it has: \(available.prefix(40).joined(separator: ","))\(available.count > 40 ? ", …" : "")"
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}
