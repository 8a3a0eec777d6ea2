/// Appends protobuf wire-format fields to a byte buffer.
struct ProtoWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Appends a base-128 varint.
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Appends a field key.
    mutating func key(_ field: Int, _ wireType: UInt8) {
        varint(UInt64(field) << 3 | UInt64(wireType))
    }

    /// Appends a varint field (int32 values are sign-extended to 64 bits, as protobuf requires).
    mutating func varintField(_ field: Int, _ value: UInt64) {
        key(field, 0)
        varint(value)
    }

    /// Appends a length-delimited field.
    mutating func bytesField(_ field: Int, _ payload: [UInt8]) {
        key(field, 2)
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    /// Appends a 32-bit field (floats).
    mutating func fixed32Field(_ field: Int, _ value: UInt32) {
        key(field, 5)
        for shift in 0..<4 { bytes.append(UInt8((value >> (8 * UInt32(shift))) & 0xFF)) }
    }

    /// Appends a 64-bit field.
    mutating func fixed64Field(_ field: Int, _ value: UInt64) {
        key(field, 1)
        for shift in 0..<8 { bytes.append(UInt8((value >> (8 * UInt64(shift))) & 0xFF)) }
    }
}
