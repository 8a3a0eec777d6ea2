import Foundation
import XCTest

/// Bad files are recorded with a reason; the run goes on and nothing is lost.
final class BadInputTests: XCTestCase {
    func testEveryKindOfBadFileIsCountedWithItsReason() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(2, into: photos)
        let folder = URL(fileURLWithPath: photos)
        let png = try Data(contentsOf: CLI.repository.appendingPathComponent("samples/camera.png"))

        try Data().write(to: folder.appendingPathComponent("empty.jpg"))
        // A real JPEG whose frame header says it has no lines.
        var jpeg = [UInt8](try Data(contentsOf: CLI.repository.appendingPathComponent("samples/chelsea.jpg")))
        let frame = try XCTUnwrap((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && (jpeg[$0 + 1] == 0xC0 || jpeg[$0 + 1] == 0xC2) })
        jpeg.replaceSubrange((frame + 5)..<(frame + 9), with: [0, 0, 0, 0])
        try Data(jpeg).write(to: folder.appendingPathComponent("corrupt.jpg"))
        try png.prefix(png.count / 3).write(to: folder.appendingPathComponent("truncated.png"))
        try Data("%PDF-1.7\n".utf8).write(to: folder.appendingPathComponent("document.pdf"))
        try Data("just some notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Self.pngHeader(width: 30_000, height: 30_000).write(to: folder.appendingPathComponent("bomb.png"))
        // A name that is not valid UTF-8.
        let rawPath = Array((photos + "/caf").utf8) + [0xE9] + Array(".bmp".utf8) + [0]
        let descriptor = rawPath.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        close(descriptor)
        // Symbolic link loops: two links pointing at each other, and a directory link to its parent.
        try FileManager.default.createSymbolicLink(atPath: photos + "/loop-a.jpg", withDestinationPath: "loop-b.jpg")
        try FileManager.default.createSymbolicLink(atPath: photos + "/loop-b.jpg", withDestinationPath: "loop-a.jpg")
        try FileManager.default.createDirectory(atPath: photos + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: photos + "/sub/up", withDestinationPath: "..")

        let result = try CLI.run(["index", photos, "--index", temporary.path("index"), "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let summary = try result.json()
        XCTAssertEqual(summary["added"] as? Int, 2)
        let kinds = try XCTUnwrap(summary["failures_by_kind"] as? [String: Int])
        let failures = try XCTUnwrap(summary["failures"] as? [[String: Any]])
        let report = failures.map { "\($0["path"]!): \($0["kind"]!) \($0["message"]!)" }.joined(separator: "\n")
        XCTAssertEqual(kinds["empty"], 1, report)
        XCTAssertEqual(kinds["corrupt"], 1, report)
        XCTAssertEqual(kinds["truncated"], 1, report)
        XCTAssertEqual(kinds["too_large"], 1, report)
        XCTAssertEqual(kinds["unsupported"], 1, "the PDF\n" + report)
        XCTAssertEqual(summary["ignored"] as? Int, 1, "the text file is not an image")
        XCTAssertEqual(kinds["bad_name"], 1, report)
        XCTAssertEqual(kinds["unreadable"], 3, "two looping links and the directory loop\n" + report)
        let messages = Dictionary(uniqueKeysWithValues: failures.map { ($0["path"] as! String, $0["message"] as! String) })
        XCTAssertEqual(messages["caf\\xE9.bmp"], "file name is not valid UTF-8")
        XCTAssertEqual(messages["loop-a.jpg"], "symbolic link loop")

        // A second run changes nothing, retries every failed file (issue 15: one may have been
        // fixed without a new size or mtime) and reports the same problems again.
        let again = try CLI.run(["index", photos, "--index", temporary.path("index"), "--json"]).json()
        XCTAssertEqual(again["added"] as? Int, 0)
        XCTAssertEqual(again["unchanged"] as? Int, 2)
        XCTAssertEqual(again["failed"] as? Int, summary["failed"] as? Int)
        XCTAssertEqual(again["failures_by_kind"] as? [String: Int], kinds)
    }

    func testAnUnknownOptionIsAUsageError() throws {
        let result = try CLI.run(["index", "--no-such-option"])
        XCTAssertEqual(result.status, 64)
    }

    /// A PNG signature and IHDR chunk claiming `width`×`height`, with no image data.
    static func pngHeader(width: Int, height: Int) -> Data {
        var chunk = Array("IHDR".utf8)
        for value in [width, height] {
            chunk += [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        }
        chunk += [8, 2, 0, 0, 0]
        let crc = crc32(chunk)
        var data: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        data += chunk
        data += [UInt8(crc >> 24 & 0xff), UInt8(crc >> 16 & 0xff), UInt8(crc >> 8 & 0xff), UInt8(crc & 0xff)]
        return Data(data)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
