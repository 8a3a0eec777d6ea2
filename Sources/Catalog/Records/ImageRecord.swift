import Foundation

/// Whether an image was indexed (`ok`, with an embedding) or could not be (`failed`, with a reason).
public enum ImageStatus: String, Hashable, Sendable, CaseIterable {
    case ok
    case failed
}

/// What the catalog knows about one file, except its embedding (see ``Catalog/embedding(imageID:)``).
public struct ImageRecord: Hashable, Sendable {
    /// The row id (`images.id`), stable while the path keeps its record.
    public var id: Int64
    /// The path relative to its root, `/`-separated.
    public var path: String
    /// Size and modification time when the file was indexed.
    public var stamp: FileStamp
    /// The caller's content hash (hex), if it was computed.
    public var contentHash: String?
    /// Pixel width before EXIF orientation, if known.
    public var width: Int?
    /// Pixel height before EXIF orientation, if known.
    public var height: Int?
    /// The image format (`jpeg`, `png`, ...), if known.
    public var format: String?
    /// `ok` or `failed`.
    public var status: ImageStatus
    /// Why indexing failed; `nil` when ``status`` is `ok`.
    public var failure: ImageFailure?
    /// The image model that computed the embedding; `nil` for failed records.
    public var modelID: String?
    /// When the record was last written.
    public var indexedAt: Date
    /// The last run that saw this file (see ``Catalog/finishRun(_:removeUnseen:)``).
    public var lastSeenRun: RunID
    /// The root it is under (`roots.id`; see ``Catalog/roots()``).
    public var rootID: Int64 = 0
    /// When the photo was taken (EXIF), if its file records it.
    public var capturedAt: Date? = nil

    /// The photo's date for date filters: when it was taken, else when its file was modified.
    public var date: Date { capturedAt ?? stamp.modificationDate }
}

/// The description of a file to store, everything except the outcome.
///
/// ```swift
/// let entry = ImageEntry(path: "2024/beach.jpg", stamp: stamp, contentHash: hash,
///                        width: 4032, height: 3024, format: "jpeg")
/// ```
public struct ImageEntry: Hashable, Sendable {
    /// The path relative to the indexed root, `/`-separated.
    public var path: String
    /// Size and modification time as read before the file was decoded.
    public var stamp: FileStamp
    /// Hex content hash (SHA-256 or a 128-bit hash), computed by the caller.
    public var contentHash: String?
    /// Pixel width before EXIF orientation.
    public var width: Int?
    /// Pixel height before EXIF orientation.
    public var height: Int?
    /// Image format name.
    public var format: String?
    /// When the photo was taken (EXIF), if recorded.
    public var capturedAt: Date?

    /// Creates an entry; only the path and stamp are required.
    public init(path: String, stamp: FileStamp, contentHash: String? = nil,
                width: Int? = nil, height: Int? = nil, format: String? = nil, capturedAt: Date? = nil) {
        self.capturedAt = capturedAt
        self.path = path
        self.stamp = stamp
        self.contentHash = contentHash
        self.width = width
        self.height = height
        self.format = format
    }
}
