import SeededRandom
import XCTest
@testable import ImageIO

/// Shorter-side resize, centre crop, normalisation and CHW layout.
final class PreprocessorTests: XCTestCase {
    func testSizeBySizeInputPassesThroughBitExactly() {
        var generator = SeededGenerator(seed: 1)
        let pixels = (0..<(224 * 224 * 3)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let image = RGBImage(width: 224, height: 224, pixels: pixels)
        for filter in ResamplingFilter.allCases {
            let preprocessor = Preprocessor(filter: filter)
            let tensor = preprocessor.tensor(from: image)
            XCTAssertEqual(tensor.count, 3 * 224 * 224)
            var mismatches = 0
            for c in 0..<3 {
                for p in 0..<(224 * 224) where tensor[c * 224 * 224 + p] != (Float(pixels[p * 3 + c]) - 127) / 128 {
                    mismatches += 1
                }
            }
            XCTAssertEqual(mismatches, 0, "\(filter)")
            XCTAssertEqual(preprocessor.resizedAndCropped(image).pixels, pixels, "\(filter)")
        }
    }

    func testConstantImageStaysConstant() {
        for (width, height) in [(1500, 1000), (300, 700), (224, 225), (100, 50), (1, 1)] {
            let image = RGBImage(width: width, height: height, filledWith: (10, 128, 250))
            for filter in ResamplingFilter.allCases {
                let tensor = Preprocessor(filter: filter).tensor(from: image)
                let plane = 224 * 224
                let expected: [Float] = [(10 - 127) / 128, (128 - 127) / 128, (250 - 127) / 128]
                for c in 0..<3 {
                    let channel = tensor[(c * plane)..<((c + 1) * plane)]
                    let worst = channel.map { abs($0 - expected[c]) }.max()!
                    XCTAssertLessThan(worst, 1e-5, "\(width)x\(height) \(filter) channel \(c)")
                }
            }
        }
    }

    func testCentreCropKeepsTheMiddle() {
        // 448×224: the middle 224 columns are red, the outer quarters blue.
        var image = RGBImage(width: 448, height: 224, filledWith: (0, 0, 255))
        for y in 0..<224 {
            for x in 112..<336 {
                image.pixels.replaceSubrange(((y * 448 + x) * 3)..<((y * 448 + x) * 3 + 3), with: [255, 0, 0])
            }
        }
        let output = Preprocessor().resizedAndCropped(image)
        XCTAssertEqual([output.width, output.height], [224, 224])
        XCTAssert(stride(from: 0, to: output.pixels.count, by: 3).allSatisfy {
            output.pixels[$0] == 255 && output.pixels[$0 + 2] == 0
        }, "every output pixel should be pure red")
    }

    func testPortraitCropKeepsTheMiddleRows() {
        // 100×300 at size 100: rows 100..<200 are white, the rest black.
        var image = RGBImage(width: 100, height: 300, filledWith: (0, 0, 0))
        image.pixels.replaceSubrange((100 * 100 * 3)..<(200 * 100 * 3), with: repeatElement(255, count: 100 * 100 * 3))
        let output = Preprocessor(size: 100).resizedAndCropped(image)
        XCTAssert(output.pixels.allSatisfy { $0 == 255 })
    }

    func testMatchesPILReferenceResize() throws {
        for name in ["landscape", "portrait"] {
            let source = try Fixture.decode("resize_\(name)_source.png").image
            for filter in ResamplingFilter.allCases {
                let reference = try Fixture.decode("resize_\(name)_\(filter.rawValue).png").image
                let ours = Preprocessor(size: reference.width, filter: filter).resizedAndCropped(source)
                XCTAssertEqual([ours.width, ours.height], [reference.width, reference.height])
                // PIL rounds to 8 bits between its two passes; allow that.
                let worst = zip(ours.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }.max()!
                XCTAssertLessThanOrEqual(worst, 1, "\(name) \(filter)")
            }
        }
    }

    func testNormalisationAndPlanarLayout() {
        let image = RGBImage(width: 2, height: 2, pixels: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110])
        let preprocessor = Preprocessor(size: 2, mean: [1, 2, 3], std: [2, 4, 8])
        let tensor = preprocessor.tensor(from: image)
        XCTAssertEqual(tensor, [
            -0.5, 14.5, 29.5, 44.5, // R plane: (v - 1) / 2
            2, 9.5, 17, 24.5, // G plane: (v - 2) / 4
            2.125, 5.875, 9.625, 13.375, // B plane: (v - 3) / 8
        ])
    }

    func testWritesIntoACallersBatchBuffer() {
        let preprocessor = Preprocessor(size: 4)
        let images = [RGBImage(width: 8, height: 6, filledWith: (255, 0, 0)),
                      RGBImage(width: 5, height: 9, filledWith: (0, 0, 255))]
        var batch = [Float](repeating: .nan, count: images.count * preprocessor.tensorCount + 1)
        batch.withUnsafeMutableBufferPointer { buffer in
            for (i, image) in images.enumerated() {
                let slot = UnsafeMutableBufferPointer(rebasing: buffer[(i * preprocessor.tensorCount)...])
                preprocessor.tensor(from: image, into: slot)
            }
        }
        for (i, image) in images.enumerated() {
            let slot = Array(batch[(i * preprocessor.tensorCount)..<((i + 1) * preprocessor.tensorCount)])
            XCTAssertEqual(slot, preprocessor.tensor(from: image))
        }
        XCTAssert(batch.last!.isNaN, "wrote past the slots")
    }

    func testDefaults() {
        let preprocessor = Preprocessor()
        XCTAssertEqual(preprocessor.size, 224)
        XCTAssertEqual(preprocessor.mean, [127, 127, 127])
        XCTAssertEqual(preprocessor.std, [128, 128, 128])
        XCTAssertEqual(preprocessor.filter, .triangle)
        XCTAssertEqual(preprocessor.tensorCount, 150_528)
    }

    func testCropGeometry() {
        XCTAssertEqual(CropGeometry(width: 1500, height: 1000, size: 224),
                       CropGeometry(resizedWidth: 336, resizedHeight: 224, offsetX: 56, offsetY: 0))
        XCTAssertEqual(CropGeometry(width: 1000, height: 1500, size: 224),
                       CropGeometry(resizedWidth: 224, resizedHeight: 336, offsetX: 0, offsetY: 56))
        XCTAssertEqual(CropGeometry(width: 225, height: 224, size: 224),
                       CropGeometry(resizedWidth: 225, resizedHeight: 224, offsetX: 0, offsetY: 0))
        XCTAssertEqual(CropGeometry(width: 50, height: 50, size: 224),
                       CropGeometry(resizedWidth: 224, resizedHeight: 224, offsetX: 0, offsetY: 0))
    }

    func testTapsSumToOneAndStayInBounds() {
        for filter in ResamplingFilter.allCases {
            for (source, resized) in [(1000, 224), (1500, 336), (100, 224), (224, 224), (7, 3)] {
                let output = min(resized, 224)
                let taps = ResamplingTaps(sourceLength: source, resizedLength: resized,
                                          cropOffset: (resized - output) / 2, outputLength: output, filter: filter)
                for o in 0..<output {
                    let weights = (0..<taps.count[o]).map { taps.weights[o * taps.stride + $0] }
                    XCTAssertEqual(weights.reduce(0, +), 1, accuracy: 1e-5, "\(filter) \(source)->\(resized) #\(o)")
                    XCTAssertGreaterThanOrEqual(taps.first[o], 0)
                    XCTAssertLessThanOrEqual(taps.first[o] + taps.count[o], source)
                }
            }
        }
    }
}
