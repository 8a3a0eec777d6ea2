/// Why an image could not be decoded.
///
/// `description` is a one-line, user-facing reason such as
/// `"PDF document (not an image)"` or `"truncated JPEG: Premature end of JPEG file"`.
/// Compare errors by ``kind`` in code; the message is for people.
public struct ImageDecodingError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The broad class of failure.
    public enum Kind: String, Sendable {
        /// The data holds zero bytes.
        case empty
        /// The data is not in a supported raster format (HEIC, PDF, text, …).
        case unsupportedFormat
        /// The data claims to be a supported format but is malformed.
        case corrupt
        /// The data ends before the image does.
        case truncated
        /// The header declares more pixels than ``ImageDecoder/maxPixels``.
        case tooLarge
    }

    /// The broad class of failure.
    public let kind: Kind
    /// A one-line reason for people, without a trailing full stop.
    public let message: String

    /// Creates an error of `kind` explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension ImageDecodingError {
    static func corrupt(_ format: ImageFormat, _ detail: String) -> ImageDecodingError {
        ImageDecodingError(.corrupt, "corrupt \(format.displayName) image: \(detail)")
    }

    static func truncated(_ format: ImageFormat, _ detail: String) -> ImageDecodingError {
        ImageDecodingError(.truncated, "truncated \(format.displayName) image: \(detail)")
    }

    static func unsupported(_ format: ImageFormat, _ detail: String) -> ImageDecodingError {
        ImageDecodingError(.unsupportedFormat, "\(format.displayName) image with \(detail) (not supported)")
    }
}

extension ImageFormat {
    /// The conventional upper-case name, as used in messages.
    var displayName: String {
        switch self {
        case .jpeg: return "JPEG"
        case .png: return "PNG"
        case .webp: return "WebP"
        case .gif: return "GIF"
        case .bmp: return "BMP"
        }
    }
}
