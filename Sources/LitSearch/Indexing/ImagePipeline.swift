import Catalog
import Foundation
import ImageIO
import ImageTower

/// Bytes → decoded image → the tower's input tensor, with failures mapped to catalog reasons.
///
/// Every path into the tower (indexing, `query --image`, benchmarks) goes through here, so an
/// image is preprocessed the same way wherever it comes from. `docs/preprocessing.md` describes
/// the steps.
public struct ImagePipeline: Sendable {
    public var decoder = ImageDecoder()
    public var preprocessor = Preprocessor()

    public init() {}

    /// A decoded image ready for the tower.
    public struct Prepared: Sendable {
        public let info: ImageInfo
        /// Planar 3×224×224, normalised.
        public let tensor: [Float]
        /// When the photo was taken (EXIF), if recorded.
        public var capturedAt: Date? = nil
    }

    /// Decodes and preprocesses `bytes`.
    ///
    /// - Throws: `ImageFailure` saying why the bytes are not a usable image.
    public func prepare(_ bytes: [UInt8]) throws -> Prepared {
        do {
            let decoded = try decoder.decode(bytes)
            return Prepared(info: decoded.info, tensor: preprocessor.tensor(from: decoded.image), capturedAt: decoded.capturedAt)
        } catch let error as ImageDecodingError {
            throw ImageFailure(error)
        }
    }
}

extension ImageFailure: Error {
    /// The catalog's reason for a decoding error.
    public init(_ error: ImageDecodingError) {
        let kind: FailureKind
        switch error.kind {
        case .empty: kind = "empty"
        case .unsupportedFormat: kind = .unsupported
        case .corrupt: kind = .corrupt
        case .truncated: kind = .truncated
        case .tooLarge: kind = .tooLarge
        }
        self.init(kind: kind, message: error.message)
    }

    /// The catalog's reason for a file that could not be listed or read.
    public init(_ problem: FileProblem) {
        self.init(kind: problem.kind == .badName ? .badName : .unreadable, message: problem.message)
    }
}
