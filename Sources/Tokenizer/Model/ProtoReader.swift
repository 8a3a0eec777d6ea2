/// A cursor over protobuf wire-format bytes.
///
/// Covers the wire types SentencePiece's `ModelProto` uses: varint (0), 64-bit (1),
/// length-delimited (2) and 32-bit (5). Every read is bounds-checked and throws
/// `ModelFormatError.malformed` with the byte offset, so truncated or hostile files never crash.
struct ProtoReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    /// A reader over `bytes[range]`.
    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.offset = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset >= end }

    /// Reads a base-128 varint.
    ///
    /// - Complexity: O(1) (at most 10 bytes).
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw ModelFormatError.malformed(offset: offset, reason: "truncated varint") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64 else { throw ModelFormatError.malformed(offset: offset - 1, reason: "varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads a field key: the field number and wire type.
    mutating func key() throws -> (field: Int, wireType: UInt8) {
        let start = offset
        let key = try varint()
        let field = key >> 3
        guard field > 0, field < (1 << 29) else { throw ModelFormatError.malformed(offset: start, reason: "bad field number") }
        return (Int(field), UInt8(key & 7))
    }

    /// Reads `count` raw bytes and returns their range in the underlying buffer.
    mutating func skip(_ count: Int) throws -> Range<Int> {
        guard count >= 0, count <= end - offset else {
            throw ModelFormatError.malformed(offset: offset, reason: "field runs past the end")
        }
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// Reads a length prefix and returns the range of the bytes it covers.
    mutating func lengthDelimited() throws -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(Int32.max) else { throw ModelFormatError.malformed(offset: offset, reason: "length too large") }
        return try skip(Int(length))
    }

    /// Reads a little-endian 32-bit value.
    mutating func fixed32() throws -> UInt32 {
        let range = try skip(4)
        var value: UInt32 = 0
        for (shift, index) in range.enumerated() { value |= UInt32(bytes[index]) << (8 * shift) }
        return value
    }

    /// Reads a little-endian 64-bit value.
    mutating func fixed64() throws -> UInt64 {
        let range = try skip(8)
        var value: UInt64 = 0
        for (shift, index) in range.enumerated() { value |= UInt64(bytes[index]) << (8 * shift) }
        return value
    }

    /// The bytes in `range` as an array.
    func slice(_ range: Range<Int>) -> [UInt8] { Array(bytes[range]) }
}
