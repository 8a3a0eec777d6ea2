import Catalog
import Foundation

/// Deterministic test data.
enum Fixtures {
    /// The model id used by most tests.
    static let model = "test-image-model"

    /// A deterministic embedding of `Embedding.dimension` values derived from `seed`; every
    /// value is exactly representable in Float16 (multiples of 1/256 in [-2, 2)).
    static func values(seed: Int) -> [Float] {
        (0..<Embedding.dimension).map { index in
            let mixed = (seed &* 7919 &+ index &* 104_729) % 1024
            return Float(mixed - 512) / 256
        }
    }

    /// ``values(seed:)`` as an ``Embedding``.
    static func embedding(seed: Int) -> Embedding { Embedding(values(seed: seed)) }

    /// An entry for `path` whose stamp and hash derive from `version` (bump it to "change" the file).
    static func entry(_ path: String, version: Int = 0, hash: String? = nil) -> ImageEntry {
        ImageEntry(path: path, stamp: FileStamp(size: 1000 + Int64(version), mtimeNanoseconds: 1_700_000_000_000_000_000 + Int64(version)),
                   contentHash: hash ?? "hash-\(path)-\(version)", width: 640, height: 480, format: "jpeg")
    }
}
