import SeededRandom
import XCTest
@testable import ImageIO

/// Bad input of every kind yields a clean ``ImageDecodingError``, never a crash.
final class RobustnessTests: XCTestCase {
    private let decoder = ImageDecoder()

    func testZeroBytesIsEmpty() {
        let error = assertDecodingError(.empty, try decoder.decode([]))
        XCTAssertEqual(error?.description, "empty file (0 bytes)")
        assertDecodingError(.empty, try decoder.probe([]))
    }

    func testRandomBytesAreUnsupported() {
        var generator = SeededGenerator(seed: 42)
        let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let error = assertDecodingError(.unsupportedFormat, try decoder.decode(noise))
        XCTAssertEqual(error?.message, "unrecognised data (not a JPEG, PNG, WebP, GIF or BMP image)")
    }

    func testNonImagesAreNamed() {
        let cases: [([UInt8], String)] = [
            (Array("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8), "PDF document (not an image)"),
            ([0, 0, 0, 0x18] + Array("ftypheic\0\0\0\0mif1heic".utf8), "HEIF/HEIC image (not supported)"),
            ([0, 0, 0, 0x1C] + Array("ftypmif1\0\0\0\0mif1heic".utf8), "HEIF/HEIC image (not supported)"),
            ([0, 0, 0, 0x1C] + Array("ftypavif\0\0\0\0avifmif1".utf8), "AVIF image (not supported)"),
            ([0, 0, 0, 0x18] + Array("ftypcrx \0\0\0\u{1}crx isom".utf8), "Canon CR3 raw photo (not supported)"),
            ([0, 0, 0, 0x14] + Array("ftypqt  \0\0\0\0qt  ".utf8), "QuickTime video (not an image)"),
            ([0x49, 0x49, 0x2A, 0, 8, 0, 0, 0], "TIFF image or camera raw photo (not supported)"),
            ([0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8], "TIFF image or camera raw photo (not supported)"),
            (Array("hello, this is a text file\n".utf8), "text file (not an image)"),
            (Array("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8),
             "SVG drawing (not supported)"),
            (Array("RIFF\u{24}\0\0\0WAVEfmt ".utf8), "RIFF file that is not WebP, e.g. audio or video (not an image)"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0], "ZIP archive (not an image)"),
        ]
        for (bytes, message) in cases {
            let error = assertDecodingError(.unsupportedFormat, try decoder.decode(bytes))
            XCTAssertEqual(error?.message, message)
            assertDecodingError(.unsupportedFormat, try decoder.probe(bytes))
        }
    }

    func testSignatureFragmentsAreTruncated() {
        assertDecodingError(.truncated, try decoder.decode([0xFF, 0xD8]))
        assertDecodingError(.truncated, try decoder.decode([0x89, 0x50, 0x4E, 0x47]))
        assertDecodingError(.truncated, try decoder.decode(Array("GIF8".utf8)))
        assertDecodingError(.truncated, try decoder.decode(Array("RIFF\0\0".utf8)))
    }

    func testDecompressionBombsAreRefusedFromTheHeader() throws {
        for name in ["bomb.png", "bomb.jpg", "bomb.gif", "bomb.bmp"] {
            let start = Date()
            let error = assertDecodingError(.tooLarge, try Fixture.decode(name))
            XCTAssert(error?.message.contains(name == "bomb.jpg" ? "40000x40000" : "20000x20000") == true, error?.message ?? "")
            XCTAssert(error?.message.contains("exceeds the limit of 100 MP") == true, error?.message ?? "")
            // Allocating and filling 1.2 GB would take far longer than this.
            XCTAssertLessThan(Date().timeIntervalSince(start), 0.5, name)
        }
    }

    func testAPNGBombWithNothingButItsHeaderIsTooLargeNotTruncated() {
        // Signature + IHDR claiming 30000×30000, no IDAT: libpng alone would call it truncated.
        var chunk = Array("IHDR".utf8) + [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0]
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in chunk {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc = ~crc
        chunk += [UInt8(crc >> 24), UInt8(crc >> 16 & 0xff), UInt8(crc >> 8 & 0xff), UInt8(crc & 0xff)]
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + chunk
        let error = assertDecodingError(.tooLarge, try ImageDecoder().decode(bytes))
        XCTAssert(error?.message.contains("30000x30000") == true, error?.message ?? "")
    }

    /// A 108-MP photo (12000×9000, as phones take them) decodes at 1/8 scale: the pixel limit is
    /// on the decoded size (issue 15, item 10: refused as too large before). A progressive one
    /// keeps every coefficient, so libjpeg's memory is capped too: below what it needs, it is
    /// refused as too large, not left to exhaust memory.
    func testPhoneSizedJPEGsDecodeAtScaleWithinAMemoryCap() throws {
        let image = try Fixture.decode("huge_progressive.jpg")
        XCTAssertEqual(image.info.width, 12000)
        XCTAssertEqual(image.info.height, 9000)
        XCTAssertEqual(image.image.width, 1500, "1/8 scale")
        XCTAssertEqual(image.image.height, 1125)
        var tight = ImageDecoder()
        tight.maxDecoderMemory = 64 << 20
        let error = assertDecodingError(.tooLarge, try Fixture.decode("huge_progressive.jpg", with: tight))
        XCTAssert(error?.message.contains("67 MB its decoder may use") == true, error?.message ?? "")
    }

    /// A 1×1 GIF (two-colour palette, one LZW block) with the given logical screen and frame size.
    private func tinyGIF(screen: (Int, Int), frame: (Int, Int)) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        return Array("GIF89a".utf8) + u16(screen.0) + u16(screen.1) + [0x80, 0, 0, 0, 0, 0, 255, 255, 255]
            + [0x2C] + u16(0) + u16(0) + u16(frame.0) + u16(frame.1) + [0]
            + [2, 2, 0x44, 0x01, 0] + [0x3B]   // min code size 2; codes clear, 0, end; trailer
    }

    /// Issue 15, item 9: a 35-byte GIF with a 10000×10000 screen drew its one pixel on a 300 MB
    /// canvas (650 MB peak); a frame larger than its data could encode was allocated first too.
    func testTinyGIFsCannotClaimHugeCanvases() throws {
        let plain = try decoder.decode(tinyGIF(screen: (1, 1), frame: (1, 1)))
        XCTAssertEqual(plain.image.width, 1)
        let huge = tinyGIF(screen: (10_000, 10_000), frame: (1, 1))
        XCTAssertLessThan(huge.count, 40)
        let decoded = try decoder.decode(huge)
        XCTAssertEqual(decoded.image.width, 1, "drawn on a canvas of the frame's size")
        XCTAssertEqual(decoded.image.height, 1)
        XCTAssertEqual(try decoder.probe(huge).width, 10_000, "probe still reports the header")
        let error = assertDecodingError(.truncated, try decoder.decode(tinyGIF(screen: (0, 0), frame: (3_000, 3_000))))
        XCTAssert(error?.message.contains("cannot be encoded in") == true, error?.message ?? "")
    }

    func testMaxPixelsIsConfigurable() throws {
        var strict = ImageDecoder()
        strict.maxPixels = 23 // pattern is 24 pixels
        assertDecodingError(.tooLarge, try Fixture.decode("pattern.png", with: strict))
        strict.maxPixels = 24
        XCTAssertNoThrow(try Fixture.decode("pattern.png", with: strict))
    }

    func testTruncatedFilesAreTruncated() throws {
        for name in ["blocks.jpg", "progressive.jpg", "large.jpg", "pattern.png", "pattern_adam7.png",
                     "pattern_interlaced.gif", "pattern.bmp", "blocks.webp"] {
            let bytes = try Fixture.bytes(name)
            for keep in [bytes.count / 2, bytes.count - 30] {
                assertDecodingError(.truncated, try decoder.decode(Array(bytes.prefix(keep))))
            }
        }
    }

    func testJPEGWithoutEOIIsTruncated() throws {
        // Scan data complete, only the final EOI marker missing.
        let bytes = try Fixture.bytes("blocks.jpg")
        XCTAssertEqual(Array(bytes.suffix(2)), [0xFF, 0xD9])
        let error = assertDecodingError(.truncated, try decoder.decode(Array(bytes.dropLast(2))))
        XCTAssertEqual(error?.message, "truncated JPEG image: Premature end of JPEG file")
    }

    func testLibjpegFatalErrorBecomesCorruptError() throws {
        // Zero components in the frame header makes libjpeg call error_exit;
        // the C shim must turn that into a status, not exit the process.
        var bytes = try Fixture.bytes("blocks.jpg")
        let sof = try XCTUnwrap((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 9] = 0
        let error = assertDecodingError(.corrupt, try decoder.decode(bytes))
        XCTAssert(error?.message.hasPrefix("corrupt JPEG image: ") == true, error?.message ?? "")
        assertDecodingError(.corrupt, try decoder.probe(bytes))
    }

    func testUnsupportedBMPVariantIsNamed() throws {
        let error = assertDecodingError(.unsupportedFormat, try Fixture.decode("rle8.bmp"))
        XCTAssertEqual(error?.message, "BMP image with RLE compression (not supported)")
    }

    func testCorruptedBytesNeverCrash() throws {
        // Flip bytes all over each fixture; every outcome must be an image or an ImageDecodingError.
        var generator = SeededGenerator(seed: 7)
        let names = ["blocks.jpg", "progressive.jpg", "cmyk.jpg", "orientation_6.jpg", "pattern.png",
                     "pattern_adam7.png", "palette_trns.png", "pattern_interlaced.gif", "transparent.gif",
                     "pattern_lossless.webp", "blocks.webp", "pattern.bmp", "pattern_palette.bmp",
                     "pattern_alpha32.bmp"]
        var outcomes = [String: Int]()
        for name in names {
            let original = try Fixture.bytes(name)
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<(1 + generator.next(below: 4)) {
                    let index = generator.next(below: bytes.count)
                    bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                }
                do {
                    let decoded = try decoder.decode(bytes)
                    XCTAssertEqual(decoded.image.pixels.count, decoded.image.width * decoded.image.height * 3)
                    outcomes["decoded", default: 0] += 1
                } catch let error as ImageDecodingError {
                    XCTAssertFalse(error.message.isEmpty)
                    outcomes[error.kind.rawValue, default: 0] += 1
                }
            }
        }
        XCTAssertGreaterThan(outcomes["corrupt", default: 0], 0, "\(outcomes)")
    }

    func testConcurrentDecodingGivesIdenticalResults() throws {
        let decoder = self.decoder
        let names = ["blocks.jpg", "large.jpg", "pattern.png", "alpha.webp", "pattern_interlaced.gif", "pattern.bmp"]
        let inputs = try names.map { try Fixture.bytes($0) }
        let reference = try inputs.map { try decoder.decode($0).image.pixels }
        let results = ResultBox(count: 48)
        DispatchQueue.concurrentPerform(iterations: 48) { i in
            let k = i % inputs.count
            let pixels = try? decoder.decode(inputs[k]).image.pixels
            results.set(i, pixels == reference[k])
        }
        XCTAssertEqual(results.values, Array(repeating: true, count: 48))
    }
}

/// Thread-safe storage for concurrent test results.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Bool]
    init(count: Int) { storage = Array(repeating: false, count: count) }
    func set(_ index: Int, _ value: Bool) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [Bool] { lock.lock(); defer { lock.unlock() }; return storage }
}

