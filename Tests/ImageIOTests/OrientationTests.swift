import XCTest
@testable import ImageIO

/// EXIF orientation is read from JPEG APP1, PNG eXIf and WebP EXIF and applied.
final class OrientationTests: XCTestCase {
    private func assertUpright2x3(_ image: RGBImage, _ context: String, tolerance: Int = 0,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual([image.width, image.height], [2, 3], context, file: file, line: line)
        guard image.width == 2 && image.height == 3 else { return }
        for (i, colour) in Pattern.upright2x3.enumerated() {
            assertPixel(image, x: i % 2, y: i / 2, colour, tolerance: tolerance, context, file: file, line: line)
        }
    }

    func testAllEightOrientationsInPNG() throws {
        for n in 1...8 {
            let decoded = try Fixture.decode("orientation_\(n).png")
            assertUpright2x3(decoded.image, "orientation \(n)")
            // info keeps the stored dimensions.
            let stored = n >= 5 ? [3, 2] : [2, 3]
            XCTAssertEqual([decoded.info.width, decoded.info.height], stored, "orientation \(n)")
        }
    }

    func testAllEightOrientationsInJPEG() throws {
        for n in 1...8 {
            let image = try Fixture.decode("orientation_\(n).jpg").image
            XCTAssertEqual([image.width, image.height], [16, 24], "orientation \(n)")
            for (i, colour) in Pattern.blockColours.enumerated() {
                assertPixel(image, x: (i % 2) * 8 + 4, y: (i / 2) * 8 + 4, colour, tolerance: 4, "orientation \(n)")
            }
        }
    }

    func testOrientationInWebP() throws {
        assertUpright2x3(try Fixture.decode("orientation_6.webp").image, "webp orientation 6")
    }

    func testApplyingMapsEveryPixel() {
        // Stored 2×3 with pixel values 0...5 (row-major); expected displayed layouts.
        let stored = RGBImage(width: 2, height: 3, pixels: (0..<6).flatMap { [UInt8($0), 0, 0] })
        let expected: [Orientation: (width: Int, layout: [UInt8])] = [
            .up: (2, [0, 1, 2, 3, 4, 5]),
            .upMirrored: (2, [1, 0, 3, 2, 5, 4]),
            .down: (2, [5, 4, 3, 2, 1, 0]),
            .downMirrored: (2, [4, 5, 2, 3, 0, 1]),
            .leftMirrored: (3, [0, 2, 4, 1, 3, 5]),
            .right: (3, [4, 2, 0, 5, 3, 1]),
            .rightMirrored: (3, [5, 3, 1, 4, 2, 0]),
            .left: (3, [1, 3, 5, 0, 2, 4]),
        ]
        for orientation in Orientation.allCases {
            let shown = stored.applying(orientation)
            let want = expected[orientation]!
            XCTAssertEqual(shown.width, want.width, "\(orientation)")
            XCTAssertEqual(shown.height, 6 / want.width, "\(orientation)")
            XCTAssertEqual(stride(from: 0, to: shown.pixels.count, by: 3).map { shown.pixels[$0] }, want.layout,
                           "\(orientation)")
        }
    }

    func testParsesBothByteOrdersAndRejectsJunk() {
        func parse(_ bytes: [UInt8]) -> Orientation? {
            bytes.withUnsafeBufferPointer { Orientation(exif: $0) }
        }
        // Little-endian TIFF, one IFD entry: tag 0x0112, SHORT, count 1, value 8.
        let little: [UInt8] = [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0]
        XCTAssertEqual(parse(little), .left)
        let big: [UInt8] = [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]
        XCTAssertEqual(parse(big), .right)
        XCTAssertEqual(parse([UInt8]("Exif\0\0".utf8) + big), .right)
        XCTAssertNil(parse(Array(big.prefix(15))), "cut inside the entry")
        XCTAssertNil(parse([0x4D, 0x4D, 0, 0x2A, 0xFF, 0xFF, 0xFF, 0xF0]), "IFD offset past the end")
        var invalid = big
        invalid[19] = 9
        XCTAssertNil(parse(invalid), "orientation 9 does not exist")
        XCTAssertNil(parse([]))
    }
}
