/// Why an image could not be encoded.
///
/// `description` is a one-line, user-facing reason such as `"JPEG quality 0 is outside 1...100"`.
/// Compare errors by ``kind`` in code; the message is for people.
public struct ImageEncodingError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The broad class of failure.
    public enum Kind: String, Sendable {
        /// The quality setting is outside ``JPEGEncoder/qualityRange``.
        case invalidQuality
        /// The image has no pixels.
        case emptyImage
        /// A side exceeds what the format can store (``JPEGEncoder/maxDimension``), or memory ran out.
        case tooLarge
        /// The codec library reported an error.
        case failed
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
