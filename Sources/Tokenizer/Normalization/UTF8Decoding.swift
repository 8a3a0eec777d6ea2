/// Strict UTF-8 decoding that reports where bad input starts.
///
/// Rejects overlong forms, encoded surrogates (so "lone surrogates" in CESU-style input are errors),
/// code points above U+10FFFF, stray continuation bytes and truncated sequences, exactly as the
/// Unicode standard's well-formed UTF-8 table (Table 3-7) defines.
public enum UTF8Decoding {
    /// Decodes `bytes` into Unicode scalars, or throws `.invalidUTF8` with the offset of the first bad byte.
    ///
    /// - Complexity: O(n) in the number of bytes.
    public static func scalars<Bytes: Collection>(_ bytes: Bytes) throws -> [Unicode.Scalar]
    where Bytes.Element == UInt8 {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(bytes.count)
        let array = Array(bytes)
        var i = 0
        while i < array.count {
            let (value, length) = try decodeOne(array, at: i)
            result.append(Unicode.Scalar(value)!)
            i += length
        }
        return result
    }

    /// Decodes `bytes` into a `String`, or throws `.invalidUTF8` with the offset of the first bad byte.
    ///
    /// - Complexity: O(n) in the number of bytes.
    public static func string<Bytes: Collection>(_ bytes: Bytes) throws -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var i = 0
        while i < array.count {
            if array[i] < 0x80 { i += 1; continue }
            i += try decodeOne(array, at: i).length
        }
        return String(decoding: array, as: UTF8.self)
    }

    /// Decodes the sequence starting at `i`: its scalar value and byte length.
    @inline(__always)
    private static func decodeOne(_ b: [UInt8], at i: Int) throws -> (value: UInt32, length: Int) {
        let lead = b[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F  // excludes encoded surrogates D800–DFFF
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw NormalizationError.invalidUTF8(offset: i)
        }
        guard i + length <= b.count else { throw NormalizationError.invalidUTF8(offset: i) }
        let second = b[i + 1]
        guard second >= lower && second <= upper else { throw NormalizationError.invalidUTF8(offset: i) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        value = (value << 6) | UInt32(second & 0x3F)
        if length > 2 {
            for k in 2..<length {
                let c = b[i + k]
                guard c & 0xC0 == 0x80 else { throw NormalizationError.invalidUTF8(offset: i) }
                value = (value << 6) | UInt32(c & 0x3F)
            }
        }
        return (value, length)
    }
}
