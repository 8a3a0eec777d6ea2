/// A protobuf message kept as its ordered list of fields, with typed accessors.
///
/// Used for `TrainerSpec` and `NormalizerSpec`: the tokenizer reads a handful of their ~50 fields,
/// and keeping every field as it came means a model written back is byte-for-byte the one read.
public struct ProtoFields: Equatable, Sendable {
    /// One field: its number and its value.
    public enum Value: Equatable, Sendable {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes([UInt8])
        case fixed32(UInt32)
    }

    /// The fields in file order (repeated fields appear once per value).
    public private(set) var fields: [(number: Int, value: Value)] = []

    public static func == (lhs: ProtoFields, rhs: ProtoFields) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.number == $1.number && $0.value == $1.value }
    }

    /// An empty message.
    public init() {}

    /// Parses a message.
    ///
    /// - Complexity: O(n) in the message size.
    init(_ bytes: [UInt8], range: Range<Int>) throws {
        var reader = ProtoReader(bytes, range: range)
        while !reader.isAtEnd {
            let (number, wireType) = try reader.key()
            switch wireType {
            case 0: fields.append((number, .varint(try reader.varint())))
            case 1: fields.append((number, .fixed64(try reader.fixed64())))
            case 2: fields.append((number, .bytes(reader.slice(try reader.lengthDelimited()))))
            case 5: fields.append((number, .fixed32(try reader.fixed32())))
            default: throw ModelFormatError.malformed(offset: reader.offset, reason: "wire type \(wireType)")
            }
        }
    }

    /// The message in wire format.
    ///
    /// - Complexity: O(n).
    func serialized() -> [UInt8] {
        var writer = ProtoWriter()
        for (number, value) in fields {
            switch value {
            case .varint(let v): writer.varintField(number, v)
            case .fixed64(let v): writer.fixed64Field(number, v)
            case .bytes(let v): writer.bytesField(number, v)
            case .fixed32(let v): writer.fixed32Field(number, v)
            }
        }
        return writer.bytes
    }

    /// The last value of field `number` (protobuf's rule for repeated scalars read as singular).
    public func value(_ number: Int) -> Value? {
        fields.last { $0.number == number }?.value
    }

    /// A bool field, or `defaultValue` when absent.
    public func bool(_ number: Int, default defaultValue: Bool) -> Bool {
        if case .varint(let v) = value(number) { return v != 0 }
        return defaultValue
    }

    /// An int32 field, or `defaultValue` when absent.
    public func int32(_ number: Int, default defaultValue: Int32) -> Int32 {
        if case .varint(let v) = value(number) { return Int32(truncatingIfNeeded: v) }
        return defaultValue
    }

    /// A float field, or `defaultValue` when absent.
    public func float(_ number: Int, default defaultValue: Float) -> Float {
        if case .fixed32(let v) = value(number) { return Float(bitPattern: v) }
        return defaultValue
    }

    /// A string or bytes field, or `defaultValue` when absent.
    public func bytes(_ number: Int, default defaultValue: [UInt8] = []) -> [UInt8] {
        if case .bytes(let v) = value(number) { return v }
        return defaultValue
    }

    /// A string field (UTF-8, invalid bytes repaired), or `defaultValue` when absent.
    public func string(_ number: Int, default defaultValue: String = "") -> String {
        if case .bytes(let v) = value(number) { return String(decoding: v, as: UTF8.self) }
        return defaultValue
    }

    /// Every value of a repeated string field.
    public func strings(_ number: Int) -> [String] {
        fields.compactMap { field in
            guard field.number == number, case .bytes(let v) = field.value else { return nil }
            return String(decoding: v, as: UTF8.self)
        }
    }

    /// Appends a field (callers append in field-number order to match protobuf's own writers).
    public mutating func append(_ number: Int, _ value: Value) {
        fields.append((number, value))
    }

    /// Appends a bool field.
    public mutating func append(_ number: Int, bool: Bool) { append(number, .varint(bool ? 1 : 0)) }

    /// Appends an int32 field.
    public mutating func append(_ number: Int, int32: Int32) {
        append(number, .varint(UInt64(bitPattern: Int64(int32))))
    }

    /// Appends a float field.
    public mutating func append(_ number: Int, float: Float) { append(number, .fixed32(float.bitPattern)) }

    /// Appends a string field.
    public mutating func append(_ number: Int, string: String) { append(number, .bytes(Array(string.utf8))) }
}
