/// One file's outcome in an indexing run, as the caller decided it: what to write and how to count it.
///
/// The incremental algorithm (see `docs/catalog.md`) maps each file found on disk to one case:
///
/// | file on disk                                   | write                          |
/// |------------------------------------------------|--------------------------------|
/// | known path, same ``FileStamp`` (and model)     | `.unchanged(path:)`            |
/// | known path, same content, stamp to refresh     | `.restamped(path:stamp:)`      |
/// | unknown path, content hash already indexed     | `.moved(entry, reusedEmbedding)` |
/// | unknown path, new content                      | `.added(entry, embedding)`     |
/// | known path, stamp differs                      | `.updated(entry, embedding)`   |
/// | cannot be decoded                              | `.failed(entry, reason)`       |
///
/// Files that were not seen at all are removed by ``Catalog/finishRun(_:removeUnseen:)``.
public enum ImageWrite: Sendable {
    /// The record is current: only mark it seen by this run.
    case unchanged(path: String)
    /// The record is current but its stamp is not (a record of an older schema, or a file
    /// touched without a content change): store `stamp`, mark it seen; counted as unchanged.
    case restamped(path: String, stamp: FileStamp)
    /// A new path with a freshly computed embedding.
    case added(ImageEntry, Embedding)
    /// A known path whose file changed, with its new embedding.
    case updated(ImageEntry, Embedding)
    /// A new path whose content matched an existing record; the embedding is that record's.
    case moved(ImageEntry, Embedding)
    /// A file that could not be indexed, with the reason.
    case failed(ImageEntry, ImageFailure)

    /// The path the write concerns.
    public var path: String {
        switch self {
        case let .unchanged(path), let .restamped(path, _): return path
        case let .added(entry, _), let .updated(entry, _), let .moved(entry, _): return entry.path
        case let .failed(entry, _): return entry.path
        }
    }

    /// The counts this write contributes to its run (one in exactly one field).
    public var counts: RunCounts {
        switch self {
        case .unchanged, .restamped: return RunCounts(unchanged: 1)
        case .added: return RunCounts(added: 1)
        case .updated: return RunCounts(updated: 1)
        case .moved: return RunCounts(moved: 1)
        case .failed: return RunCounts(failed: 1)
        }
    }
}
