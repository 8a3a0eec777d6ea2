import Foundation
import XCTest
@testable import ImageIO

/// Loads the files written by `scripts/make_imageio_fixtures.py`.
enum Fixture {
    /// The bytes of fixture `name`; fails the test when it is missing.
    static func bytes(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil),
                                      "Fixtures folder missing from the test bundle", file: file, line: line)
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return [UInt8](data)
    }

    /// Decodes fixture `name` with `decoder`.
    static func decode(_ name: String, with decoder: ImageDecoder = ImageDecoder(),
                       file: StaticString = #filePath, line: UInt = #line) throws -> DecodedImage {
        try decoder.decode(bytes(name, file: file, line: line))
    }
}

/// The pixel patterns the fixture script draws (mirrors the Python).
enum Pattern {
    /// Colour of pixel (x, y) of the exact-pixel pattern.
    static func pixel(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        (UInt8((x * 40 + 10) % 256), UInt8((y * 60 + 20) % 256), UInt8(((x + y) * 25 + 5) % 256))
    }

    /// The whole pattern as an image.
    static func image(width: Int, height: Int) -> RGBImage {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let p = pixel(x: x, y: y)
                pixels += [p.0, p.1, p.2]
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// The six colours of the upright 2×3 orientation picture, row by row.
    static let upright2x3: [(UInt8, UInt8, UInt8)] = [
        (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255),
    ]

    /// Colours of the 2×3 grid of 8×8 blocks in the JPEG fixtures, row by row.
    static let blockColours: [(UInt8, UInt8, UInt8)] = [
        (200, 30, 30), (30, 200, 30), (30, 30, 200), (220, 220, 40), (40, 220, 220), (220, 40, 220),
    ]
}

/// Assertions on pixels.
extension XCTestCase {
    /// Asserts that pixel (x, y) of `image` is within `tolerance` of `expected` per channel.
    func assertPixel(_ image: RGBImage, x: Int, y: Int, _ expected: (UInt8, UInt8, UInt8), tolerance: Int = 0,
                     _ context: String = "", file: StaticString = #filePath, line: UInt = #line) {
        let p = image.pixel(x: x, y: y)
        let diffs = [Int(p.r) - Int(expected.0), Int(p.g) - Int(expected.1), Int(p.b) - Int(expected.2)]
        XCTAssert(diffs.allSatisfy { abs($0) <= tolerance },
                  "pixel (\(x), \(y)) is \(p), expected \(expected) ±\(tolerance) \(context)", file: file, line: line)
    }

    /// Asserts that `image` equals the exact-pixel pattern of its size.
    func assertPattern(_ image: RGBImage, tolerance: Int = 0, _ context: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        for y in 0..<image.height {
            for x in 0..<image.width {
                assertPixel(image, x: x, y: y, Pattern.pixel(x: x, y: y), tolerance: tolerance, context,
                            file: file, line: line)
            }
        }
    }

    /// Asserts that `body` throws an ``ImageDecodingError`` of `kind`, and returns it.
    @discardableResult
    func assertDecodingError<T>(_ kind: ImageDecodingError.Kind, _ body: @autoclosure () throws -> T,
                                file: StaticString = #filePath, line: UInt = #line) -> ImageDecodingError? {
        do {
            _ = try body()
            XCTFail("expected a .\(kind) error, got success", file: file, line: line)
        } catch let error as ImageDecodingError {
            XCTAssertEqual(error.kind, kind, "message: \(error.message)", file: file, line: line)
            return error
        } catch {
            XCTFail("expected ImageDecodingError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
