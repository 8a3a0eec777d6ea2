/// A problem with a catalog or index directory above the level of a single SQLite call.
///
/// SQLite failures themselves are ``DatabaseError``; this type covers what the catalog layer
/// decides: the file is the wrong kind or version, another process holds the index, a caller
/// passed something inconsistent. Every case describes itself in a sentence fit for a user.
public enum CatalogError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The catalog was written by a newer litsearch (its `user_version` is above ours).
    case newerSchema(path: String, found: Int, supported: Int)
    /// A read-only open found an older schema that needs a read-write open to migrate.
    case outdatedSchema(path: String, found: Int, required: Int)
    /// The file is not a SQLite database, or is a database of some other application.
    case notACatalog(path: String, reason: String)
    /// A read-only open found no catalog file.
    case missing(path: String)
    /// Another process holds the index lock of `directory`; `pid` is its process id if known.
    case locked(directory: String, pid: Int32?)
    /// The lock file could not be created or locked for a reason other than contention.
    case lockUnavailable(directory: String, reason: String)
    /// The database could not be switched to WAL journal mode.
    case walUnavailable(path: String, journalMode: String)
    /// An embedding has the wrong size or encoding.
    case invalidEmbedding(String)
    /// A write named a path that has no record (e.g. `.unchanged` for an unknown path).
    case unknownImage(path: String)
    /// A run cannot be finished (unknown, already finished, or superseded by a newer run).
    case runNotActive(id: Int64, reason: String)
    /// `stat` failed for a file.
    case fileStatusUnavailable(path: String, reason: String)
    /// The index path is not a directory, or the directory cannot be created.
    case notAnIndexDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case let .newerSchema(path, found, supported):
            return "the catalog \(path) has schema version \(found), but this litsearch supports up to \(supported); upgrade litsearch or use another index directory"
        case let .outdatedSchema(path, found, required):
            return "the catalog \(path) has schema version \(found) and needs \(required); run `litsearch index` once to upgrade it"
        case let .notACatalog(path, reason):
            return "\(path) is not a litsearch catalog: \(reason)"
        case let .notAnIndexDirectory(path, reason):
            return "\(path) cannot be an index directory: \(reason); give --index a folder (it is created if missing)"
        case let .missing(path):
            return "no catalog at \(path); run `litsearch index` first"
        case let .locked(directory, pid):
            let holder = pid.map { "another litsearch process (pid \($0))" } ?? "another litsearch process"
            return "\(holder) is indexing \(directory); wait for it or use --wait"
        case let .lockUnavailable(directory, reason):
            return "cannot lock the index directory \(directory): \(reason)"
        case let .walUnavailable(path, mode):
            return "cannot enable WAL journal mode for \(path) (got \(mode)); is the directory on a network file system?"
        case let .invalidEmbedding(reason):
            return "invalid embedding: \(reason)"
        case let .unknownImage(path):
            return "the catalog has no record for \(path)"
        case let .runNotActive(id, reason):
            return "run \(id) cannot be finished: \(reason)"
        case let .fileStatusUnavailable(path, reason):
            return "cannot stat \(path): \(reason)"
        }
    }
}
