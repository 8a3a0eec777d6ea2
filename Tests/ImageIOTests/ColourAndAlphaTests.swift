import XCTest
@testable import ImageIO

/// Grey, 16-bit, palette and CMYK data expand to RGB; transparency lands on white.
final class ColourAndAlphaTests: XCTestCase {
    private let red: (UInt8, UInt8, UInt8) = (255, 0, 0)
    private let blue: (UInt8, UInt8, UInt8) = (0, 0, 255)
    private let white: (UInt8, UInt8, UInt8) = (255, 255, 255)
    /// Black at alpha 128 on white: 255 · 127/255 rounds to 127.
    private let halfBlack: (UInt8, UInt8, UInt8) = (127, 127, 127)

    func testGreyPNGExpandsToRGB() throws {
        let image = try Fixture.decode("gray.png").image
        let values: [UInt8] = [0, 64, 128, 255, 10, 100, 200, 250]
        for (i, v) in values.enumerated() {
            assertPixel(image, x: i % 4, y: i / 4, (v, v, v))
        }
    }

    func testGreyAlphaPNGCompositesOnWhite() throws {
        let image = try Fixture.decode("gray_alpha.png").image
        assertPixel(image, x: 0, y: 0, (100, 100, 100))
        assertPixel(image, x: 1, y: 0, white)
        assertPixel(image, x: 2, y: 0, halfBlack)
    }

    func testSixteenBitGreyIsTreatedAsSRGB() throws {
        // 0x8080 must become 128, not the ~188 a linear interpretation gives.
        let image = try Fixture.decode("gray16.png").image
        assertPixel(image, x: 0, y: 0, (0, 0, 0))
        assertPixel(image, x: 1, y: 0, (128, 128, 128))
        assertPixel(image, x: 2, y: 0, white)
    }

    func testPaletteWithTRNSCompositesOnWhite() throws {
        let image = try Fixture.decode("palette_trns.png").image
        assertPixel(image, x: 0, y: 0, red)
        assertPixel(image, x: 1, y: 0, white)
        assertPixel(image, x: 2, y: 0, blue)
    }

    func testRGBAOnWhiteInPNGAndWebP() throws {
        for name in ["alpha.png", "alpha.webp"] {
            let image = try Fixture.decode(name).image
            assertPixel(image, x: 0, y: 0, red, name)
            assertPixel(image, x: 1, y: 0, white, name)
            assertPixel(image, x: 2, y: 0, halfBlack, name)
        }
    }

    func testGIFTransparentIndexIsWhite() throws {
        let image = try Fixture.decode("transparent.gif").image
        assertPixel(image, x: 0, y: 0, red)
        assertPixel(image, x: 1, y: 0, white)
        assertPixel(image, x: 2, y: 0, blue)
    }

    func testBMPAlphaBitFieldsCompositeOnWhite() throws {
        let image = try Fixture.decode("pattern_alpha32.bmp").image
        for y in 0..<4 {
            for x in 0..<6 {
                assertPixel(image, x: x, y: y, x < 3 ? Pattern.pixel(x: x, y: y) : white)
            }
        }
    }

    func testGreyJPEGExpandsToRGB() throws {
        let image = try Fixture.decode("gray.jpg").image
        XCTAssertEqual([image.width, image.height], [16, 8])
        assertPixel(image, x: 3, y: 4, (60, 60, 60), tolerance: 2)
        assertPixel(image, x: 12, y: 4, (190, 190, 190), tolerance: 2)
    }

    func testAdobeCMYKJPEGConvertsToRGB() throws {
        // Blocks: no ink, cyan, magenta+yellow, black.
        let image = try Fixture.decode("cmyk.jpg").image
        XCTAssertEqual([image.width, image.height], [32, 8])
        assertPixel(image, x: 4, y: 4, white, tolerance: 4)
        assertPixel(image, x: 12, y: 4, (0, 255, 255), tolerance: 4)
        assertPixel(image, x: 20, y: 4, red, tolerance: 4)
        assertPixel(image, x: 28, y: 4, (0, 0, 0), tolerance: 4)
    }

    func testCMYKConversionFormulas() {
        let samples: [UInt8] = [0, 0, 0, 0, 255, 128, 0, 255]
        let plain = samples.withUnsafeBufferPointer { JPEGCodec.convertCMYK($0, pixelCount: 2, inverted: false) }
        XCTAssertEqual(plain, [255, 255, 255, 0, 0, 0])
        let inverted = samples.withUnsafeBufferPointer { JPEGCodec.convertCMYK($0, pixelCount: 2, inverted: true) }
        // Inverted: 0 means full ink, so K = 0 makes everything black.
        XCTAssertEqual(inverted, [0, 0, 0, 255, 128, 0])
    }

    func testCompositeFormula() {
        let rgba: [UInt8] = [10, 20, 30, 255, 10, 20, 30, 0, 200, 100, 0, 64]
        let rgb = rgba.withUnsafeBufferPointer { compositeOnWhite(rgba: $0, pixelCount: 3) }
        // 200·64/255 + 255·191/255 = 241.2; 100 → 216.1; 0 → 191.
        XCTAssertEqual(rgb, [10, 20, 30, 255, 255, 255, 241, 216, 191])
    }
}
