/// Why an image could not be indexed: a machine-readable kind plus a human message.
///
/// Stored in `images.error_kind` and `images.error`; ``Catalog/failureCounts()`` groups by kind.
///
/// ```swift
/// ImageFailure(kind: .truncated, message: "JPEG ends after 4096 of 18211 bytes")
/// ```
public struct ImageFailure: Hashable, Sendable, CustomStringConvertible {
    /// The category (`corrupt`, `truncated`, ...).
    public var kind: FailureKind
    /// A one-line explanation for the user.
    public var message: String

    /// Creates a failure reason.
    public init(kind: FailureKind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message and its kind, as people read it (`text file (not an image) [unsupported]`).
    public var description: String { "\(message) [\(kind)]" }
}

/// A category of indexing failure, stored as short snake_case text.
///
/// The well-known kinds are constants; callers may add others with `FailureKind("name")`.
public struct FailureKind: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The data is not a valid image of its format.
    public static let corrupt = FailureKind("corrupt")
    /// The file ends before the image data does.
    public static let truncated = FailureKind("truncated")
    /// The image exceeds the configured pixel or byte limits.
    public static let tooLarge = FailureKind("too_large")
    /// The format (or a variant of it) is not supported.
    public static let unsupported = FailureKind("unsupported")
    /// The file could not be opened or read (permissions, I/O error).
    public static let unreadable = FailureKind("unreadable")
    /// The file name cannot be represented (e.g. not valid UTF-8).
    public static let badName = FailureKind("bad_name")

    public var description: String { rawValue }
    public static func < (lhs: FailureKind, rhs: FailureKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
