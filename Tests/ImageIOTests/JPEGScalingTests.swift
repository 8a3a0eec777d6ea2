import XCTest
@testable import ImageIO

/// Large JPEGs are decoded at the smallest DCT scale that keeps the short side ≥ the minimum.
final class JPEGScalingTests: XCTestCase {
    func testLargeJPEGIsDecodedAtOneEighth() throws {
        // 1800×1792: 1/8 gives ⌈1800/8⌉ × ⌈1792/8⌉ = 225 × 224.
        let decoded = try Fixture.decode("large.jpg")
        XCTAssertEqual(decoded.info, ImageInfo(format: .jpeg, width: 1800, height: 1792))
        XCTAssertEqual([decoded.image.width, decoded.image.height], [225, 224])
        assertPixel(decoded.image, x: 50, y: 112, (220, 20, 20), tolerance: 8, "left half red")
        assertPixel(decoded.image, x: 175, y: 112, (20, 20, 220), tolerance: 8, "right half blue")
    }

    func testMinimumShortSideChoosesTheScale() throws {
        var decoder = ImageDecoder()
        let expectations: [(minimum: Int, width: Int, height: Int)] = [
            (225, 450, 448), // 1/8 would give 224 < 225, so 1/4
            (448, 450, 448),
            (449, 900, 896),
            (897, 1800, 1792),
            (0, 1800, 1792), // scaling disabled
        ]
        for expected in expectations {
            decoder.minimumShortSide = expected.minimum
            let image = try Fixture.decode("large.jpg", with: decoder).image
            XCTAssertEqual([image.width, image.height], [expected.width, expected.height],
                           "minimumShortSide \(expected.minimum)")
            XCTAssertGreaterThanOrEqual(min(image.width, image.height), expected.minimum)
        }
    }

    func testScaleDenominatorBoundaries() {
        func denominator(_ w: Int, _ h: Int, _ minimum: Int = 224) -> Int {
            JPEGCodec.scaleDenominator(width: w, height: h, minimumShortSide: minimum)
        }
        XCTAssertEqual(denominator(4000, 3000), 8) // 12 MP: 500×375
        XCTAssertEqual(denominator(3000, 4000), 8) // portrait: same
        XCTAssertEqual(denominator(1785, 1785), 8) // ⌈1785/8⌉ = 224
        XCTAssertEqual(denominator(1784, 1784), 4) // 223 is too small
        XCTAssertEqual(denominator(893, 5000), 4) // ⌈893/4⌉ = 224
        XCTAssertEqual(denominator(892, 5000), 2)
        XCTAssertEqual(denominator(447, 447), 2) // ⌈447/2⌉ = 224
        XCTAssertEqual(denominator(446, 446), 1)
        XCTAssertEqual(denominator(224, 224), 1)
        XCTAssertEqual(denominator(100, 100), 1)
        XCTAssertEqual(denominator(4000, 3000, 0), 1)
    }

    func testSmallJPEGIsNotScaled() throws {
        let image = try Fixture.decode("blocks.jpg").image
        XCTAssertEqual([image.width, image.height], [16, 24])
    }
}
