import Foundation
import XCTest
@testable import ImageIO

/// When a photo was taken, from EXIF: the tags tried, their time zone, and what is ignored.
///
/// `Fixtures/exif_date.jpg` is `samples/chelsea.jpg` with an APP1 segment inserted after SOI:
/// an Exif IFD whose DateTimeOriginal is "2019:07:04 10:30:00" and OffsetTimeOriginal "+02:00".
final class CaptureDateTests: XCTestCase {
    /// A TIFF block: IFD0 with `ifd0` ASCII entries (plus an Exif IFD pointer when `exif` has
    /// entries), the Exif IFD with `exif` ASCII entries; values stored after the IFDs.
    private func tiff(bigEndian: Bool, ifd0: [(UInt16, String)] = [], exif: [(UInt16, String)] = []) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: Int) -> [UInt8] { let b = (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) }; return bigEndian ? b.reversed() : b }
        let ifd0Count = ifd0.count + (exif.isEmpty ? 0 : 1)
        let exifStart = 8 + 2 + 12 * ifd0Count + 4
        var values: [UInt8] = [], valueStart = exifStart + (exif.isEmpty ? 0 : 2 + 12 * exif.count + 4)
        func entries(_ items: [(UInt16, String)]) -> [UInt8] {
            var out: [UInt8] = []
            for (tag, text) in items {
                let bytes = Array(text.utf8) + [0]
                out += u16(tag) + u16(2) + u32(bytes.count)
                if bytes.count <= 4 {
                    out += bytes + [UInt8](repeating: 0, count: 4 - bytes.count)
                } else {
                    out += u32(valueStart + values.count)
                    values += bytes
                }
            }
            return out
        }
        var block: [UInt8] = (bigEndian ? [0x4D, 0x4D, 0x00, 0x2A] : [0x49, 0x49, 0x2A, 0x00]) + u32(8)
        var first = u16(UInt16(ifd0Count)) + entries(ifd0)
        if !exif.isEmpty { first += u16(0x8769) + u16(4) + u32(1) + u32(exifStart) }
        block += first + u32(0)
        if !exif.isEmpty { block += u16(UInt16(exif.count)) + entries(exif) + u32(0) }
        return block + values
    }

    private func parse(_ block: [UInt8]) -> Date? {
        block.withUnsafeBufferPointer { CaptureDate.parse(exif: $0) }
    }

    private func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func testOriginalDateInEitherByteOrder() {
        for bigEndian in [false, true] {
            let block = tiff(bigEndian: bigEndian, ifd0: [(0x0132, "2001:01:01 00:00:00")],
                             exif: [(0x9004, "2010:05:05 05:05:05"), (0x9003, "2019:07:04 10:30:00")])
            XCTAssertEqual(parse(block), utc("2019-07-04T10:30:00Z"), "DateTimeOriginal first (big endian: \(bigEndian))")
            XCTAssertEqual(parse(Array("Exif\0\0".utf8) + block), utc("2019-07-04T10:30:00Z"), "with the APP1 prefix")
        }
    }

    func testFallbacksAndTimeZone() {
        XCTAssertEqual(parse(tiff(bigEndian: false, exif: [(0x9004, "2010:05:05 05:05:05")])), utc("2010-05-05T05:05:05Z"))
        XCTAssertEqual(parse(tiff(bigEndian: true, ifd0: [(0x0132, "2001:02:03 04:05:06")])), utc("2001-02-03T04:05:06Z"))
        XCTAssertEqual(parse(tiff(bigEndian: false, exif: [(0x9003, "2019:07:04 10:30:00"), (0x9011, "+02:00")])),
                       utc("2019-07-04T08:30:00Z"), "the offset moves camera time to UTC")
        XCTAssertEqual(parse(tiff(bigEndian: false, exif: [(0x9003, "2019:07:04 23:30:00"), (0x9011, "-05:30")])),
                       utc("2019-07-05T05:00:00Z"))
    }

    func testBlankOrMalformedDatesAreIgnored() {
        for bad in ["0000:00:00 00:00:00", "    :  :     :  :  ", "2019:13:04 10:30:00", "2019:02:30 10:30:00",
                    "2019:07:04", "garbage", "2019:07:04 25:00:00"] {
            XCTAssertNil(parse(tiff(bigEndian: false, exif: [(0x9003, bad)])), bad)
        }
        // A bad original date falls back to the next tag.
        XCTAssertEqual(parse(tiff(bigEndian: false, ifd0: [(0x0132, "2001:02:03 04:05:06")], exif: [(0x9003, "0000:00:00 00:00:00")])),
                       utc("2001-02-03T04:05:06Z"))
        XCTAssertNil(parse([]))
        XCTAssertNil(parse(Array("II*\0".utf8) + [0xFF, 0xFF, 0xFF, 0x7F]), "IFD0 past the end")
        var pointingOut = tiff(bigEndian: false, exif: [(0x9003, "2019:07:04 10:30:00")])
        pointingOut[8 + 2 + 8] = 0xF0   // the Exif IFD pointer now points past the block
        XCTAssertNil(parse(pointingOut))
    }

    func testADecodedJPEGCarriesItsCaptureDate() throws {
        let decoded = try Fixture.decode("exif_date.jpg")
        XCTAssertEqual(decoded.capturedAt, utc("2019-07-04T08:30:00Z"))
        XCTAssertNil(try Fixture.decode("large.jpg").capturedAt, "no EXIF, no date")
    }
}
