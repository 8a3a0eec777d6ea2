import AtomicFiles
import Catalog
import Foundation
import ImageIO
import LitSearch

/// Thumbnails of indexed images, made once and kept in the index directory's `thumbnails/`.
///
/// A thumbnail is a JPEG at most 320 pixels on its longer side, EXIF orientation applied. Its file
/// name carries the image's id and content hash, so a photo edited and indexed again gets a new
/// one. When the folder cannot be written (an index on read-only media) thumbnails are made on
/// every request instead.
struct ThumbnailStore: Sendable {
    let folder: URL
    /// The longer side of a thumbnail, in pixels.
    static let maxSide = 320

    init(indexDirectory: URL) {
        folder = indexDirectory.appendingPathComponent("thumbnails", isDirectory: true)
    }

    /// The thumbnail of `record`'s file at `url`, from the cache or made now.
    ///
    /// - Throws: `ImageDecodingError` when the file no longer decodes; read errors.
    /// - Complexity: a file read when cached; otherwise a decode (at reduced scale for large
    ///   JPEGs), a resize and a JPEG encode.
    func jpeg(for record: ImageRecord, at url: URL) throws -> [UInt8] {
        let cached = folder.appendingPathComponent(name(for: record))
        if let data = try? Data(contentsOf: cached), !data.isEmpty { return [UInt8](data) }
        let bytes = try FileReader().read(url.path)
        let thumbnail = try ImageThumbnail.jpeg(from: bytes, maxSide: Self.maxSide)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? AtomicFileWriter.write(thumbnail, to: cached.path)   // a read-only index still serves
        return thumbnail
    }

    /// `ID-HASH.jpg`, HASH being the first 16 hex digits of the content hash (or of size and mtime
    /// for records without one).
    func name(for record: ImageRecord) -> String {
        let hash = record.contentHash.map { String($0.prefix(16)) }
            ?? String(record.stamp.size, radix: 16) + "-" + String(record.stamp.mtimeNanoseconds, radix: 16)
        return "\(record.id)-\(hash.filter { $0.isLetter || $0.isNumber || $0 == "-" }).jpg"
    }
}
