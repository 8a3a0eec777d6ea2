import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file's size and modification time: what decides whether an indexed file changed.
///
/// The time is whole nanoseconds since 1970 (`st_mtim`), stored as an INTEGER so that equality
/// is exact — a `Double` of seconds would round away the nanoseconds. Two stamps are compared
/// with `==`: a file whose stamp equals its record's is *unchanged* and is not read again.
///
/// ```swift
/// let stamp = try FileStamp(path: "/photos/2024/beach.jpg")
/// if let record = try catalog.image(atPath: "2024/beach.jpg"), record.stamp == stamp { /* unchanged */ }
/// ```
public struct FileStamp: Hashable, Sendable {
    /// File size in bytes.
    public var size: Int64
    /// Last modification time, nanoseconds since 1970-01-01 UTC.
    public var mtimeNanoseconds: Int64

    /// Creates a stamp from its parts.
    public init(size: Int64, mtimeNanoseconds: Int64) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
    }

    /// Reads the stamp of the file at `path` with `stat(2)` (following symbolic links).
    /// - Throws: ``CatalogError/fileStatusUnavailable(path:reason:)`` if `stat` fails.
    public init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CatalogError.fileStatusUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        self.init(size: Int64(info.st_size),
                  mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// The modification time as a `Date` (for display; loses sub-microsecond precision).
    public var modificationDate: Date {
        Date(timeIntervalSince1970: Double(mtimeNanoseconds) / 1_000_000_000)
    }
}
