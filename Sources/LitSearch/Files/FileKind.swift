/// Which files under the root `index` looks at, decided by file name extension.
///
/// Files with a supported image extension are decoded (the decoder then trusts the bytes, not
/// the name: a PNG called `.jpg` still works). Files with the extension of an image or document
/// format litsearch cannot read (HEIC, RAW, TIFF, PDF, …) are recorded as skipped with their
/// reason, so `litsearch info --failures` shows what was left out. Everything else (sidecars,
/// text, video) is ignored and only counted.
public enum FileKind: Equatable, Sendable {
    /// JPEG, PNG, WebP, GIF or BMP by name.
    case image
    /// A photo or document format that cannot be indexed; decoding it reports why.
    case unsupportedImage
    /// Not an image at all.
    case other

    static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif", "bmp", "dib"]
    static let unsupportedExtensions: Set<String> = [
        "heic", "heif", "avif", "jxl", "tif", "tiff", "psd", "svg", "ico", "pdf",
        "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "orf", "rw2", "raf", "pef", "srw", "x3f", "raw",
    ]

    /// The kind of the file at `path`, from its extension (case-insensitive).
    public init(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            self = .other
            return
        }
        let suffix = name[name.index(after: dot)...].lowercased()
        if Self.imageExtensions.contains(suffix) {
            self = .image
        } else if Self.unsupportedExtensions.contains(suffix) {
            self = .unsupportedImage
        } else {
            self = .other
        }
    }
}
