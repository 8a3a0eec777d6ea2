import CXXHash

/// Constants and checksums of the vector index file format (see docs/vector-index.md).
///
/// A 64-byte header (magic, version, section count, table checksum, file length) is followed by a
/// table of 32-byte section entries (tag, offset, length, XXH3-64 checksum) and the sections, each
/// starting on a 64-byte boundary. All numbers are little-endian.
enum IndexFileLayout {
    /// First eight bytes of every index file.
    static let magic: [UInt8] = Array("LITSVIDX".utf8)
    /// Current format version.
    static let version: UInt32 = 1
    /// Header size in bytes.
    static let headerSize = 64
    /// Section table entry size in bytes.
    static let entrySize = 32
    /// Alignment of every section's offset.
    static let alignment = 64

    /// Section tags.
    enum Tag: String, CaseIterable {
        case metadata = "META", rotation = "ROTN", coarse = "COAR", codebooks = "PQCB"
        case ids = "IDS_", deleted = "DELE", vectors = "VECS", listOffsets = "LOFF", listRows = "LROW", codes = "CODE"
        case sparse = "SPRS", residuals = "VRES"

        /// The tag as a little-endian 32-bit number.
        var code: UInt32 {
            Array(rawValue.utf8).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        }

        init?(code: UInt32) {
            guard let tag = Tag.allCases.first(where: { $0.code == code }) else { return nil }
            self = tag
        }
    }

    /// XXH3-64 of `bytes`.
    ///
    /// - Complexity: O(bytes.count), several GB/s.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        XXH3_64bits(bytes.baseAddress, bytes.count)
    }

    /// `value` rounded up to the section alignment.
    static func aligned(_ value: Int) -> Int { (value + alignment - 1) / alignment * alignment }
}

/// The JSON metadata section: everything needed to interpret the other sections.
struct IndexMetadata: Codable, Equatable {
    var dimension: Int
    var parameters: VectorIndexParameters
    var generation: UInt64
    var trainedRows: Int
    var rows: Int
    var kind: VectorIndex.Kind
    var lists: Int
    var subspaces: Int
    var hasRotation: Bool
    /// The caller's label (litsearch: the search-space id); absent in files written before it existed.
    var label: String?
    /// The caller's vector (litsearch: the centre its joint space was built with); optional.
    var attachment: [Float]?
    /// Who the file belongs to (litsearch: its catalog's id); absent in older files.
    var owner: String?
    /// The sparse tail's scale (its largest value), when the index has a tail.
    var sparseScale: Float?
}
