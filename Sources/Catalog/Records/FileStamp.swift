import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file's size, modification time, status-change time and inode: what decides whether an
/// indexed file changed.
///
/// Times are whole nanoseconds since 1970 (`st_mtim`, `st_ctim`), stored as INTEGERs so that
/// equality is exact — a `Double` of seconds would round away the nanoseconds. Size and mtime can
/// be put back by hand (`cp -p`, `touch -r`, a restore from backup) over new content; the change
/// time cannot be set by a user, and a replaced file usually gets a new inode, so
/// ``compared(to:)`` calls such a file `touched` and the indexer hashes it before trusting its
/// old embedding. Records written before the change time was kept have nil for both.
///
/// ```swift
/// let stamp = try FileStamp(path: "/photos/2024/beach.jpg")
/// if let record = try catalog.image(atPath: "2024/beach.jpg"), stamp.compared(to: record.stamp) == .same { /* unchanged */ }
/// ```
public struct FileStamp: Hashable, Sendable {
    /// File size in bytes.
    public var size: Int64
    /// Last modification time, nanoseconds since 1970-01-01 UTC.
    public var mtimeNanoseconds: Int64
    /// Last status change (`st_ctim`), nanoseconds since 1970; nil when not recorded.
    public var ctimeNanoseconds: Int64?
    /// The file's inode number; nil when not recorded.
    public var inode: UInt64?

    /// Creates a stamp from its parts.
    public init(size: Int64, mtimeNanoseconds: Int64, ctimeNanoseconds: Int64? = nil, inode: UInt64? = nil) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.ctimeNanoseconds = ctimeNanoseconds
        self.inode = inode
    }

    /// How a file's stamp (`self`, just read) stands against its record's.
    public enum Comparison: Sendable, Equatable {
        /// Every part recorded is equal: the file is not read again.
        case same
        /// Size and mtime are equal but the record predates the change time and inode: trusted,
        /// as it always was, and the record gets them.
        case unrecorded
        /// Size and mtime are equal, the change time or inode is not: the content may have been
        /// replaced with its size and mtime put back. Hash it before trusting the record.
        case touched
        /// Size or mtime differs.
        case changed
    }

    /// This stamp against `recorded`, the catalog's.
    public func compared(to recorded: FileStamp) -> Comparison {
        guard size == recorded.size, mtimeNanoseconds == recorded.mtimeNanoseconds else { return .changed }
        guard let recordedChange = recorded.ctimeNanoseconds, let recordedInode = recorded.inode else { return .unrecorded }
        return ctimeNanoseconds == recordedChange && inode == recordedInode ? .same : .touched
    }

    /// Reads the stamp of the file at `path` with `stat(2)` (following symbolic links).
    /// - Throws: ``CatalogError/fileStatusUnavailable(path:reason:)`` if `stat` fails.
    public init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CatalogError.fileStatusUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        self.init(status: info)
    }

    /// The stamp of a `stat(2)` result.
    public init(status info: stat) {
        self.init(size: Int64(info.st_size),
                  mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                  ctimeNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
                  inode: UInt64(info.st_ino))
    }

    /// The modification time as a `Date` (for display; loses sub-microsecond precision).
    public var modificationDate: Date {
        Date(timeIntervalSince1970: Double(mtimeNanoseconds) / 1_000_000_000)
    }
}
