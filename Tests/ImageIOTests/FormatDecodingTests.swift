import XCTest
@testable import ImageIO

/// Each supported format decodes the same 6×4 pattern to exact pixels.
final class FormatDecodingTests: XCTestCase {
    func testLosslessFormatsDecodeExactPixels() throws {
        let cases: [(String, ImageFormat)] = [
            ("pattern.png", .png), ("pattern_adam7.png", .png), ("pattern_rgb16.png", .png),
            ("pattern.gif", .gif), ("pattern_lossless.webp", .webp),
            ("pattern.bmp", .bmp), ("pattern_topdown.bmp", .bmp), ("pattern_palette.bmp", .bmp),
        ]
        for (name, format) in cases {
            let decoded = try Fixture.decode(name)
            XCTAssertEqual(decoded.info, ImageInfo(format: format, width: 6, height: 4), name)
            XCTAssertEqual(decoded.image.width, 6, name)
            XCTAssertEqual(decoded.image.height, 4, name)
            assertPattern(decoded.image, name)
        }
    }

    func testInterlacedGIFIsDeinterlaced() throws {
        let decoded = try Fixture.decode("pattern_interlaced.gif")
        XCTAssertEqual(decoded.info, ImageInfo(format: .gif, width: 8, height: 20))
        assertPattern(decoded.image)
        XCTAssertEqual(GIFCodec.rowOrder(height: 20, interlaced: true),
                       [0, 8, 16, 4, 12, 2, 6, 10, 14, 18, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
    }

    func testProbeReadsHeaderOnly() throws {
        let cases: [(String, ImageInfo)] = [
            ("pattern.png", ImageInfo(format: .png, width: 6, height: 4)),
            ("pattern.gif", ImageInfo(format: .gif, width: 6, height: 4)),
            ("pattern_lossless.webp", ImageInfo(format: .webp, width: 6, height: 4)),
            ("pattern.bmp", ImageInfo(format: .bmp, width: 6, height: 4)),
            ("blocks.jpg", ImageInfo(format: .jpeg, width: 16, height: 24)),
            // Stored, not displayed, dimensions: orientation 6 stores 24×16.
            ("orientation_6.jpg", ImageInfo(format: .jpeg, width: 24, height: 16)),
            ("large.jpg", ImageInfo(format: .jpeg, width: 1800, height: 1792)),
        ]
        for (name, expected) in cases {
            XCTAssertEqual(try ImageDecoder().probe(Fixture.bytes(name)), expected, name)
        }
    }

    func testProbeDoesNotApplyTheSizeLimit() throws {
        // probe reports what the header says; decode is where the limit applies.
        XCTAssertEqual(try ImageDecoder().probe(Fixture.bytes("bomb.png")),
                       ImageInfo(format: .png, width: 20000, height: 20000))
    }

    func testFormatIsSniffedFromBytesNotName() throws {
        // The decoder never sees a name; a GIF's bytes decode as GIF whatever the file was called.
        let gifBytes = try Fixture.bytes("pattern.gif")
        XCTAssertEqual(try ImageDecoder().decode(gifBytes).info.format, .gif)
    }

    func testJPEGBlocksDecodeClosely() throws {
        for name in ["blocks.jpg", "progressive.jpg"] {
            let image = try Fixture.decode(name).image
            XCTAssertEqual([image.width, image.height], [16, 24])
            for (i, colour) in Pattern.blockColours.enumerated() {
                assertPixel(image, x: (i % 2) * 8 + 4, y: (i / 2) * 8 + 4, colour, tolerance: 4, name)
            }
        }
    }

    func testLossyWebPDecodesClosely() throws {
        let image = try Fixture.decode("blocks.webp").image
        XCTAssertEqual([image.width, image.height], [16, 24])
        for (i, colour) in Pattern.blockColours.enumerated() {
            assertPixel(image, x: (i % 2) * 8 + 4, y: (i / 2) * 8 + 4, colour, tolerance: 12)
        }
    }

    func testBytesOverloadMatchesArrayOverload() throws {
        let bytes = try Fixture.bytes("pattern.png")
        let viaPointer = try bytes.withUnsafeBufferPointer { try ImageDecoder().decode(bytes: $0) }
        XCTAssertEqual(viaPointer.image.pixels, try ImageDecoder().decode(bytes).image.pixels)
    }
}
