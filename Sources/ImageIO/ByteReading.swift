/// Bounds-checked reads of fixed-width integers from a byte buffer.
///
/// Every read returns `nil` instead of trapping when it would run past the
/// end, so parsers of untrusted headers can bail out with a clean error.
struct ByteReader {
    /// The bytes being read; the caller keeps them alive.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Whether multi-byte values are stored most significant byte first.
    var bigEndian: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) {
        self.bytes = bytes
        self.bigEndian = bigEndian
    }

    /// The byte at `offset`.
    func u8(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    /// The 16-bit unsigned value at `offset`.
    func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    /// The 32-bit unsigned value at `offset`.
    func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 {
            let byte = UInt32(bytes[offset + (bigEndian ? i : 3 - i)])
            value = value << 8 | byte
        }
        return value
    }

    /// The 32-bit two's-complement value at `offset`.
    func i32(_ offset: Int) -> Int32? {
        u32(offset).map { Int32(bitPattern: $0) }
    }

    /// Whether the bytes at `offset` equal `expected`.
    func matches(_ expected: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset <= bytes.count - expected.count else { return false }
        for (i, byte) in expected.enumerated() where bytes[offset + i] != byte {
            return false
        }
        return true
    }
}

extension Array where Element == UInt8 {
    /// The ASCII bytes of `text`.
    init(ascii text: StaticString) {
        self = text.withUTF8Buffer { Array($0) }
    }
}
