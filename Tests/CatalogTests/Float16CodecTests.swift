import Catalog
import Foundation
import XCTest

/// Float ⇄ Float16 conversion is exact where it must be and rounds correctly elsewhere.
final class Float16CodecTests: XCTestCase {
    /// Every one of the 65 536 half-precision bit patterns decodes to its exact value and
    /// encodes back to the same bits (NaNs stay NaN).
    func testEveryBitPatternRoundTrips() {
        for raw in 0...Int(UInt16.max) {
            let bits = UInt16(raw)
            let half = Float16(bitPattern: bits)
            let value = Float16Codec.float(fromBits: bits)
            if half.isNaN {
                XCTAssertTrue(value.isNaN, "bits \(bits)")
                XCTAssertTrue(Float16(bitPattern: Float16Codec.bits(value)).isNaN, "bits \(bits)")
            } else {
                XCTAssertEqual(value.bitPattern, Float(half).bitPattern, "bits \(bits)")
                XCTAssertEqual(Float16Codec.bits(value), bits, "bits \(bits)")
            }
        }
    }

    /// The bulk decoder agrees bit for bit with `Float(Float16)` on every pattern (NaN: still NaN).
    func testBulkDecoderMatchesSwiftConversionForEveryPattern() {
        let bits = (0...Int(UInt16.max)).map { UInt16($0) }
        let data = bits.withUnsafeBytes { Data($0) }  // x86-64 is little-endian
        let decoded = Float16Codec.decode(data)
        for (bits, value) in zip(bits, decoded) {
            let expected = Float(Float16(bitPattern: bits))
            if expected.isNaN {
                XCTAssertTrue(value.isNaN, "bits \(bits)")
                XCTAssertEqual(value.bitPattern & 0x803F_E000 | 0x0040_0000, expected.bitPattern & 0x803F_E000 | 0x0040_0000,
                               "sign and payload of NaN \(bits)")
            } else {
                XCTAssertEqual(value.bitPattern, expected.bitPattern, "bits \(bits)")
            }
        }
    }

    /// Bulk encode/decode of every finite half value is the identity.
    func testBulkRoundTripOfRepresentableValues() {
        let values = (0...Int(UInt16.max)).map { Float(Float16(bitPattern: UInt16($0))) }.filter { !$0.isNaN }
        let decoded = Float16Codec.decode(Float16Codec.encode(values))
        XCTAssertEqual(decoded.map(\.bitPattern), values.map(\.bitPattern))
    }

    /// Values between halves round to nearest, ties to even; overflow gives infinity.
    func testRounding() {
        XCTAssertEqual(Float16Codec.bits(0.1), 0x2E66)
        XCTAssertEqual(Float16Codec.bits(1 + 0x1p-11), 0x3C00, "tie rounds to even (down)")
        XCTAssertEqual(Float16Codec.bits(1 + 3 * 0x1p-11), 0x3C02, "tie rounds to even (up)")
        XCTAssertEqual(Float16Codec.bits(65504), 0x7BFF, "largest half")
        XCTAssertEqual(Float16Codec.bits(65520), 0x7C00, "rounds to +infinity")
        XCTAssertEqual(Float16Codec.bits(-.infinity), 0xFC00)
        XCTAssertEqual(Float16Codec.bits(0x1p-24), 0x0001, "smallest subnormal")
        XCTAssertEqual(Float16Codec.bits(0x1p-25), 0x0000, "half the smallest subnormal ties to zero")
        XCTAssertEqual(Float16Codec.bits(-0.0), 0x8000)
        XCTAssertEqual(Float16Codec.decode(Float16Codec.encode([0.1]))[0], 0.099975586)
    }

    /// The stored layout is little-endian, two bytes per value.
    func testLittleEndianLayout() {
        XCTAssertEqual(Float16Codec.encode([1.0, -0.5, 0.1]), Data([0x00, 0x3C, 0x00, 0xB8, 0x66, 0x2E]))
        XCTAssertEqual(Float16Codec.decode(Data([0x00, 0x3C, 0x00, 0xB8])), [1.0, -0.5])
    }

    /// Decoding works from an unaligned buffer, as SQLite hands out BLOB pointers.
    func testDecodeFromUnalignedBytes() {
        let values: [Float] = [1, 2, 3, -4.5]
        let bytes = [0xAA] + [UInt8](Float16Codec.encode(values))
        var decoded = [Float](repeating: 0, count: values.count)
        bytes.withUnsafeBytes { raw in
            decoded.withUnsafeMutableBufferPointer {
                Float16Codec.decode(UnsafeRawBufferPointer(rebasing: raw.dropFirst()), into: $0)
            }
        }
        XCTAssertEqual(decoded, values)
    }

    /// `Embedding` keeps the stored bytes and converts on demand.
    func testEmbedding() throws {
        let values = Fixtures.values(seed: 3)
        let embedding = Embedding(values)
        XCTAssertEqual(embedding.count, Embedding.dimension)
        XCTAssertEqual(embedding.float16Data.count, 2 * Embedding.dimension)
        XCTAssertEqual(embedding.values, values)
        XCTAssertEqual(try Embedding(float16Data: embedding.float16Data), embedding)
        XCTAssertThrowsError(try Embedding(float16Data: Data([1, 2, 3])))
    }
}
