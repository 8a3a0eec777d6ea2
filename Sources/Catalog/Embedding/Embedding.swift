import Foundation

/// One image embedding as stored in the catalog: half-precision values, little-endian.
///
/// Keeping the stored bytes (rather than `[Float]`) lets a moved file reuse its old embedding
/// byte-for-byte. Converting to and from `Float` goes through ``Float16Codec``.
///
/// ```swift
/// let embedding = Embedding(towerOutput)          // [Float] of 1280 values, rounded to Float16
/// embedding.count                                  // 1280
/// embedding.float16Data.count                      // 2560
/// let floats: [Float] = embedding.values           // exact values of the stored halves
/// ```
public struct Embedding: Equatable, Hashable, Sendable {
    /// The number of values of an embedding from the locked image tower.
    public static let dimension = 1280

    /// The stored bytes: `count` half-precision values, little-endian.
    public let float16Data: Data

    /// Rounds `values` to half precision.
    public init(_ values: [Float]) {
        float16Data = Float16Codec.encode(values)
    }

    /// Wraps already-encoded little-endian half-precision bytes.
    /// - Throws: ``CatalogError/invalidEmbedding(_:)`` if the byte count is odd.
    public init(float16Data: Data) throws {
        guard float16Data.count % Float16Codec.bytesPerValue == 0 else {
            throw CatalogError.invalidEmbedding("\(float16Data.count) bytes is not a whole number of Float16 values")
        }
        self.float16Data = float16Data
    }

    /// The number of values.
    public var count: Int { float16Data.count / Float16Codec.bytesPerValue }

    /// The values as `Float` (exact: every half is representable as a float).
    public var values: [Float] { Float16Codec.decode(float16Data) }
}
