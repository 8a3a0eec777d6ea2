import Foundation
import XCTest
import ImageIO
@testable import LitSearch

/// The JSON report's keys are a contract (issue 7); Markdown and HTML carry the same numbers.
final class ReportFormatTests: XCTestCase {
    func report() throws -> EvalReport {
        let set = EvaluatorTests.handSet()
        var report = try Evaluator(embedder: set.embedder, ks: [1, 5, 10]).run(
            entries: set.entries, features: set.features, model: .init(imageTower: "efficientnet", textTower: "tiny.ckpt", tokenizer: "abc"),
            problems: [ManifestProblem(line: 2, message: "invalid JSON")])
        report.indexNote = "test"
        return report
    }

    func testJSONKeysAreStable() throws {
        let text = try report().json.rendered()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["model", "images", "skipped", "text_to_image", "image_to_text", "classification", "summary",
                                          "text_to_image_index", "index", "skipped_lines"])
        // Issue 7's order first.
        let order = ["\"model\"", "\"images\"", "\"skipped\"", "\"text_to_image\"", "\"image_to_text\"", "\"classification\"", "\"summary\""]
            .map { text.range(of: $0)!.lowerBound }
        XCTAssertEqual(order, order.sorted())
        XCTAssertEqual(Set((object["model"] as? [String: Any])?.keys ?? [:].keys), ["image_tower", "text_tower", "tokenizer"])
        XCTAssertEqual(object["images"] as? Int, 2)
        XCTAssertEqual(object["skipped"] as? Int, 1)
        let de = try XCTUnwrap((object["text_to_image"] as? [String: Any])?["de"] as? [String: Any])
        XCTAssertEqual(Set(de.keys), ["queries", "recall@1", "recall@5", "recall@10", "chance@1", "chance@5", "chance@10"])
        let en = try XCTUnwrap((object["image_to_text"] as? [String: Any])?["en"] as? [String: Any])
        XCTAssertEqual(en["recall@1"] as? Double, 0.5)
        let classes = try XCTUnwrap((object["classification"] as? [String: Any])?["und"] as? [String: Any])
        XCTAssertEqual(Set(classes.keys), ["images", "classes", "top1", "top5"])
        let summary = try XCTUnwrap(object["summary"] as? [String: Any])
        XCTAssertEqual(summary["languages"] as? Int, 2)
        XCTAssertEqual(summary["mean_text_to_image_recall@10"] as? Double, 1)
        XCTAssertEqual(summary["mean_text_to_image_recall@1"] as? Double, 0.75)
        let skipped = try XCTUnwrap(object["skipped_lines"] as? [[String: Any]])
        XCTAssertEqual(skipped.first?["line"] as? Int, 2)
    }

    func testMarkdownAndHTML() throws {
        let report = try report()
        let markdown = report.markdown
        XCTAssertTrue(markdown.contains("| language | captions | T→I @1 | T→I @5 | T→I @10 | I→T @1 | I→T @5 | I→T @10 | top-1 | top-5 |"), markdown)
        XCTAssertTrue(markdown.contains("| en | 2 | 50.0 | 100.0 | 100.0 | 50.0 | 100.0 | 100.0 | – | – |"), markdown)
        XCTAssertTrue(markdown.contains("- line 2: invalid JSON"), markdown)
        let html = report.html { _ in "data:image/bmp;base64,AAAA" }
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 2, "one chart per language")
        XCTAssertTrue(html.contains("url(data:image/bmp;base64,AAAA)"))
        XCTAssertTrue(html.contains("right image at rank 2"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http://") && html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
    }

    func testThumbnailIsABMPDataURI() throws {
        let image = ImageIOFixture.bmp()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("thumb-\(UUID().uuidString).bmp").path
        try image.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let uri = try XCTUnwrap(Thumbnail.dataURI(path: path, size: 8))
        XCTAssertTrue(uri.hasPrefix("data:image/bmp;base64,Qk"))
        let bytes = try XCTUnwrap(Data(base64Encoded: String(uri.dropFirst("data:image/bmp;base64,".count))))
        XCTAssertEqual(bytes.count, 54 + 8 * 24)
        XCTAssertNil(Thumbnail.dataURI(path: path + ".none"))
    }
}

/// A 16 × 12 BMP with a colour ramp, written with the thumbnail's own encoder.
enum ImageIOFixture {
    static func bmp() -> Data {
        var pixels: [UInt8] = []
        for y in 0..<12 { for x in 0..<16 { pixels += [UInt8(x * 16), UInt8(y * 20), 128] } }
        return Thumbnail.bmp(.init(width: 16, height: 12, pixels: pixels))
    }
}
