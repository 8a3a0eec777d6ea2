import XCTest
@testable import ImageIO

/// Test images and JPEG byte surgery shared by the encoder and thumbnail tests.
enum EncodingSample {
    /// A smooth image: red rises left to right, green top to bottom, blue is constant.
    static func gradient(width: Int, height: Int) -> RGBImage {
        image(width: width, height: height) { x, y in
            (UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)), 90)
        }
    }

    /// An image whose left half is red and right half blue.
    static func halves(width: Int, height: Int) -> RGBImage {
        image(width: width, height: height) { x, _ in x < width / 2 ? (220, 20, 20) : (20, 20, 220) }
    }

    /// An image whose pixel (x, y) is `colour(x, y)`.
    static func image(width: Int, height: Int, _ colour: (Int, Int) -> (UInt8, UInt8, UInt8)) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let c = colour(x, y), i = (y * width + x) * 3
                (pixels[i], pixels[i + 1], pixels[i + 2]) = (c.0, c.1, c.2)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Mean absolute difference per channel sample of two images of one size.
    static func meanAbsoluteError(_ a: RGBImage, _ b: RGBImage) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        let total = zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        return Double(total) / Double(a.pixels.count)
    }

    /// The markers of a JPEG up to its first scan, as (marker byte, offset of the 0xFF, segment length incl. marker).
    static func segments(_ jpeg: [UInt8]) -> [(marker: UInt8, offset: Int, length: Int)] {
        var result: [(UInt8, Int, Int)] = []
        var i = 2
        while i + 4 <= jpeg.count && jpeg[i] == 0xFF {
            let marker = jpeg[i + 1]
            let length = 2 + Int(jpeg[i + 2]) << 8 + Int(jpeg[i + 3])
            result.append((marker, i, length))
            if marker == 0xDA { break }
            i += length
        }
        return result
    }

    /// `jpeg` with the EXIF APP1 segment of `donor` inserted after its SOI marker.
    static func withEXIF(of donor: [UInt8], in jpeg: [UInt8]) throws -> [UInt8] {
        let app1 = try XCTUnwrap(segments(donor).first { $0.marker == 0xE1 }, "donor has no APP1")
        return Array(jpeg[0..<2]) + donor[app1.offset..<(app1.offset + app1.length)] + jpeg[2...]
    }
}

/// `JPEGEncoder` writes baseline JPEGs that decode back to the same picture.
final class JPEGEncoderTests: XCTestCase {
    func testRoundTripKeepsSizeAndColours() throws {
        let image = EncodingSample.gradient(width: 67, height: 45) // not multiples of the 16-pixel MCU
        let jpeg = try JPEGEncoder.encode(image, quality: 90)
        XCTAssertEqual(Array(jpeg.prefix(3)), [0xFF, 0xD8, 0xFF], "SOI")
        XCTAssertEqual(Array(jpeg.suffix(2)), [0xFF, 0xD9], "EOI")
        let decoded = try ImageDecoder().decode(jpeg)
        XCTAssertEqual(decoded.info, ImageInfo(format: .jpeg, width: 67, height: 45))
        XCTAssertEqual([decoded.image.width, decoded.image.height], [67, 45])
        let error = EncodingSample.meanAbsoluteError(image, decoded.image)
        XCTAssertLessThan(error, 2.5, "mean absolute error")
        assertPixel(decoded.image, x: 66, y: 0, (255, 0, 90), tolerance: 12, "top right")
        assertPixel(decoded.image, x: 0, y: 44, (0, 255, 90), tolerance: 12, "bottom left")
    }

    func testSolidColourSurvivesExactlyEnough() throws {
        let image = RGBImage(width: 20, height: 10, filledWith: (12, 200, 130))
        let decoded = try ImageDecoder().decode(JPEGEncoder.encode(image)).image
        for (x, y) in [(0, 0), (19, 9), (10, 5)] {
            assertPixel(decoded, x: x, y: y, (12, 200, 130), tolerance: 3)
        }
    }

    func testOutputIsBaselineWithoutEXIF() throws {
        let markers = EncodingSample.segments(try JPEGEncoder.encode(EncodingSample.gradient(width: 32, height: 32))).map(\.marker)
        XCTAssertTrue(markers.contains(0xC0), "SOF0 (baseline) in \(markers)")
        XCTAssertFalse(markers.contains(0xC2), "no SOF2 (progressive)")
        XCTAssertFalse(markers.contains(0xE1), "no APP1: pixels are stored upright")
    }

    func testQualityChangesTheSize() throws {
        let image = EncodingSample.gradient(width: 128, height: 96)
        let low = try JPEGEncoder.encode(image, quality: 10)
        let high = try JPEGEncoder.encode(image, quality: 98)
        XCTAssertLessThan(low.count, high.count)
        XCTAssertLessThan(EncodingSample.meanAbsoluteError(image, try ImageDecoder().decode(high).image),
                          EncodingSample.meanAbsoluteError(image, try ImageDecoder().decode(low).image))
    }

    func testLargerImagesGrowTheOutputBuffer() throws {
        // Noise compresses badly: far more than the encoder's first 16 KiB buffer.
        var generator = SystemRandomNumberGenerator()
        let pixels = (0..<(300 * 200 * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let jpeg = try JPEGEncoder.encode(RGBImage(width: 300, height: 200, pixels: pixels), quality: 95)
        XCTAssertGreaterThan(jpeg.count, 2 * 16_384) // at least two doublings
        let decoded = try ImageDecoder().decode(jpeg).image
        XCTAssertEqual([decoded.width, decoded.height], [300, 200])
    }

    func testQualityOutsideTheRangeIsRejected() throws {
        let image = RGBImage(width: 8, height: 8, filledWith: (1, 2, 3))
        for quality in [-5, 0, 101, 1000] {
            assertEncodingError(.invalidQuality, try JPEGEncoder.encode(image, quality: quality), "quality \(quality)")
        }
        for quality in [1, 100] {
            XCTAssertNoThrow(try JPEGEncoder.encode(image, quality: quality), "quality \(quality)")
        }
    }

    func testEmptyAndOversizedImagesAreRejected() {
        assertEncodingError(.emptyImage, try JPEGEncoder.encode(RGBImage(width: 0, height: 5, pixels: [])))
        let wide = RGBImage(width: JPEGEncoder.maxDimension + 1, height: 1, filledWith: (0, 0, 0))
        assertEncodingError(.tooLarge, try JPEGEncoder.encode(wide))
    }
}

/// `ImageThumbnail` fits images into a box, upright, without enlarging them.
final class ImageThumbnailTests: XCTestCase {
    private func thumbnail(_ bytes: [UInt8], maxSide: Int = 320) throws -> RGBImage {
        let jpeg = try ImageThumbnail.jpeg(from: bytes, maxSide: maxSide)
        var decoder = ImageDecoder()
        decoder.minimumShortSide = 0
        return try decoder.decode(jpeg).image
    }

    func testLandscapeIsFittedToTheLongerSide() throws {
        let source = try JPEGEncoder.encode(EncodingSample.halves(width: 1000, height: 500), quality: 90)
        let image = try thumbnail(source)
        XCTAssertEqual([image.width, image.height], [320, 160])
        assertPixel(image, x: 80, y: 80, (220, 20, 20), tolerance: 10, "left half red")
        assertPixel(image, x: 240, y: 80, (20, 20, 220), tolerance: 10, "right half blue")
    }

    func testLargeFixtureAndPanoramas() throws {
        // large.jpg is 1800×1792, red | blue.
        let large = try thumbnail(Fixture.bytes("large.jpg"))
        XCTAssertEqual([large.width, large.height], [320, 319])
        assertPixel(large, x: 60, y: 160, (220, 20, 20), tolerance: 10, "left half red")
        let cases: [(width: Int, height: Int, expected: [Int])] = [
            (4000, 1000, [320, 80]), (600, 2400, [80, 320]), (2000, 4, [320, 1]), (3, 1500, [1, 320]),
        ]
        for c in cases {
            let source = try JPEGEncoder.encode(EncodingSample.gradient(width: c.width, height: c.height))
            let image = try thumbnail(source)
            XCTAssertEqual([image.width, image.height], c.expected, "\(c.width)x\(c.height)")
        }
    }

    func testSmallImagesAreNotEnlarged() throws {
        let small = try JPEGEncoder.encode(EncodingSample.gradient(width: 100, height: 50), quality: 95)
        let image = try thumbnail(small)
        XCTAssertEqual([image.width, image.height], [100, 50])
        XCTAssertLessThan(EncodingSample.meanAbsoluteError(EncodingSample.gradient(width: 100, height: 50), image), 4)
        let exact = try thumbnail(JPEGEncoder.encode(EncodingSample.gradient(width: 320, height: 200)))
        XCTAssertEqual([exact.width, exact.height], [320, 200])
        let png = try thumbnail(Fixture.bytes("pattern.png"))
        let stored = try ImageDecoder().decode(Fixture.bytes("pattern.png")).image
        XCTAssertEqual([png.width, png.height], [stored.width, stored.height])
    }

    func testOrientationIsApplied() throws {
        // orientation_6.jpg stores 24×16 and is shown 16×24, upright blocks.
        let image = try thumbnail(Fixture.bytes("orientation_6.jpg"))
        XCTAssertEqual([image.width, image.height], [16, 24])
        for (i, colour) in Pattern.blockColours.enumerated() {
            assertPixel(image, x: (i % 2) * 8 + 4, y: (i / 2) * 8 + 4, colour, tolerance: 24, "block \(i)") // blocks differ by ≥ 170
        }
        // A large stored-landscape photo with orientation 6 (rotate 90° clockwise) comes out portrait.
        let stored = try JPEGEncoder.encode(EncodingSample.halves(width: 1000, height: 500), quality: 90)
        let rotated = try thumbnail(EncodingSample.withEXIF(of: Fixture.bytes("orientation_6.jpg"), in: stored))
        XCTAssertEqual([rotated.width, rotated.height], [160, 320])
        assertPixel(rotated, x: 80, y: 80, (220, 20, 20), tolerance: 10, "stored left (red) is now on top")
        assertPixel(rotated, x: 80, y: 240, (20, 20, 220), tolerance: 10, "stored right (blue) is now below")
    }

    func testDecodingScaleKeepsTheLongerSideAtLeastMaxSide() {
        for maxSide in [1, 64, 320] {
            for (width, height) in [(1000, 500), (4000, 3000), (3000, 4000), (2000, 4), (4, 2000), (1, 5000),
                                    (300, 200), (641, 100), (640, 480), (2561, 17), (100_000, 9)] {
                let decoder = ImageThumbnail.decoder(width: width, height: height, maxSide: maxSide)
                let d = JPEGCodec.scaleDenominator(width: width, height: height, minimumShortSide: decoder.minimumShortSide)
                let long = max(width, height), target = min(maxSide, long)
                let context = "\(width)x\(height) maxSide \(maxSide): 1/\(d)"
                XCTAssertGreaterThanOrEqual((long + d - 1) / d, target, context)
                let best = [8, 4, 2].first { (long + $0 - 1) / $0 >= target } ?? 1
                if d != best {
                    // A larger reduction would have fitted: only thin images fall back to full size.
                    XCTAssertEqual(d, 1, context)
                    XCTAssertLessThanOrEqual(min(width, height), 8, context)
                }
            }
        }
        // The common case uses the reduction: 1000×500 decodes at half size for a 320 box.
        let decoder = ImageThumbnail.decoder(width: 1000, height: 500, maxSide: 320)
        XCTAssertEqual(JPEGCodec.scaleDenominator(width: 1000, height: 500, minimumShortSide: decoder.minimumShortSide), 2)
    }

    func testFittedSize() {
        XCTAssertTrue(ImageThumbnail.fittedSize(width: 1000, height: 500, maxSide: 320) == (320, 160))
        XCTAssertTrue(ImageThumbnail.fittedSize(width: 333, height: 1000, maxSide: 320) == (107, 320))
        XCTAssertTrue(ImageThumbnail.fittedSize(width: 500, height: 500, maxSide: 320) == (320, 320))
        XCTAssertTrue(ImageThumbnail.fittedSize(width: 320, height: 10, maxSide: 320) == (320, 10))
        XCTAssertTrue(ImageThumbnail.fittedSize(width: 10_000, height: 1, maxSide: 320) == (320, 1))
    }

    func testInvalidInputThrowsDecodingErrors() throws {
        assertDecodingError(.empty, try ImageThumbnail.jpeg(from: []))
        assertDecodingError(.unsupportedFormat, try ImageThumbnail.jpeg(from: Array("not an image at all".utf8)))
        let jpeg = try JPEGEncoder.encode(EncodingSample.gradient(width: 256, height: 256))
        assertDecodingError(.truncated, try ImageThumbnail.jpeg(from: Array(jpeg.prefix(jpeg.count - 200))))
    }

    func testQualityIsCheckedBeforeDecoding() {
        // Garbage bytes would be a decoding error; the quality error comes first.
        assertEncodingError(.invalidQuality, try ImageThumbnail.jpeg(from: [1, 2, 3], quality: 0))
        assertEncodingError(.invalidQuality, try ImageThumbnail.jpeg(from: [1, 2, 3], quality: 101))
    }
}

extension XCTestCase {
    /// Asserts that `body` throws an ``ImageEncodingError`` of `kind`.
    func assertEncodingError<T>(_ kind: ImageEncodingError.Kind, _ body: @autoclosure () throws -> T, _ context: String = "",
                                file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try body()
            XCTFail("expected a .\(kind) error, got success \(context)", file: file, line: line)
        } catch let error as ImageEncodingError {
            XCTAssertEqual(error.kind, kind, "message: \(error.message) \(context)", file: file, line: line)
        } catch {
            XCTFail("expected ImageEncodingError, got \(error) \(context)", file: file, line: line)
        }
    }
}
