import Catalog
import Foundation
import XCTest

/// `litsearch eval` end to end: a tiny model trained here, a manifest with good and bad lines,
/// all three reports, and a second run that embeds no image again.
final class EvalCommandTests: XCTestCase {
    func testEvalWritesReportsSkipsBadLinesAndReusesTheCatalog() throws {
        let temporary = try TemporaryDirectory()
        let words = ["rot", "blau", "grün", "gelb"]
        let data = temporary.path("data")
        try FileManager.default.createDirectory(atPath: data + "/images", withIntermediateDirectories: true)
        var pairs: [String] = [], manifest: [String] = []
        for (index, word) in words.enumerated() {
            try TestImages.bmp(seed: UInt64(index * 7 + 1)).write(to: URL(fileURLWithPath: data + "/images/\(index).bmp"))
            pairs.append(#"{"concept":"c:\#(index)","lang":"de","text":"\#(word)","image":"images/\#(index).bmp"}"#)
            manifest.append(#"{"id":"p\#(index)","image":"images/\#(index).bmp","captions":{"de":"\#(word)","en":["colour \#(index)","c\#(index)"]},"labels":{"de":["\#(word)"]},"concept":"c:\#(index)"}"#)
        }
        manifest.insert(#"{"id":"broken", "image":"#, at: 1)
        manifest.append(#"{"id":"gone","image":"images/none.bmp","captions":{"de":"weg"}}"#)
        try (pairs.joined(separator: "\n") + "\n").write(toFile: data + "/pairs.jsonl", atomically: true, encoding: .utf8)
        try (manifest.joined(separator: "\n") + "\n").write(toFile: data + "/manifest.jsonl", atomically: true, encoding: .utf8)
        let config = """
        {"data": "\(data)", "output": "\(temporary.path("run"))", "steps": 40, "batch": 4,
         "tower": {"kind": "transformer", "dimension": 16, "layers": 1, "heads": 2, "mlpRatio": 2, "maxLength": 8, "outputDimension": 16},
         "options": {"peakLearningRate": 0.01, "warmupSteps": 5, "threads": 1, "seed": 3}, "evalEvery": 0, "checkpointEvery": 20}
        """
        try config.write(toFile: temporary.path("config.json"), atomically: true, encoding: .utf8)
        let trained = try CLI.run(["train", "--config", temporary.path("config.json")])
        XCTAssertEqual(trained.status, 0, trained.stderr)

        let out = temporary.path("report")
        let arguments = ["eval", "--manifest", data + "/manifest.jsonl", "--index", temporary.path("evalindex"),
                         "--model", temporary.path("run/text-tower.ckpt"), "--k", "1,2,10", "--out", out, "--json"]
        let first = try CLI.run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("manifest.jsonl: line 2: invalid JSON (skipped)"), first.stderr)
        XCTAssertTrue(first.stderr.contains("line 6: missing image images/none.bmp"), first.stderr)
        XCTAssertTrue(first.stderr.contains("4 images embedded"), first.stderr)
        let report = try first.json()
        XCTAssertEqual(report["images"] as? Int, 4)
        XCTAssertEqual(report["skipped"] as? Int, 2)
        let t2i = try XCTUnwrap(report["text_to_image"] as? [String: [String: Any]])
        XCTAssertEqual(Set(t2i.keys), ["de", "en"])
        XCTAssertEqual(t2i["en"]?["queries"] as? Int, 8)
        XCTAssertEqual(t2i["de"]?["recall@10"] as? Double, 1, "four images: the right one is always in the top 10")
        XCTAssertEqual(t2i["de"]?["chance@1"] as? Double, 0.25)
        XCTAssertNotNil(t2i["de"]?["recall@2"])
        let classification = try XCTUnwrap(report["classification"] as? [String: [String: Any]])
        XCTAssertEqual(classification["de"]?["images"] as? Int, 4)
        XCTAssertEqual(classification["de"]?["top5"] as? Double, 1)
        let summary = try XCTUnwrap(report["summary"] as? [String: Any])
        XCTAssertEqual(summary["languages"] as? Int, 2)
        XCTAssertEqual(summary["mean_text_to_image_recall@10"] as? Double, 1)
        for name in ["report.json", "report.md", "report.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + name), name)
        }
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg") && html.contains("data:image/bmp;base64,"), "charts and thumbnails inline")
        XCTAssertFalse(html.contains("<script"))
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| de | 4 |"), markdown)

        // Second run: every image comes from the catalog; --langs narrows the report.
        let second = try CLI.run(arguments.dropLast(3) + ["--langs", "de", "--json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("0 images embedded, 4 from the catalog"), second.stderr)
        XCTAssertEqual(Set((try second.json()["text_to_image"] as? [String: Any])?.keys ?? [:].keys), ["de"])
        // Each run indexes a fresh folder of links; the earlier run's is forgotten, not kept as a copy.
        let roots = try Catalog(directory: IndexDirectory(path: temporary.path("evalindex")), mode: .readOnly).roots()
        XCTAssertEqual(roots.count, 1, "\(roots.map(\.path))")
        XCTAssertEqual(roots.first?.images, 4)

        // Languages ICU has no rules for (issue 13's eight): every image is evaluated, every tag reported.
        let rare = ["oc", "an", "iu", "vec", "ach", "son", "nso", "shs"]
        let rareLines = words.indices.map { index -> String in
            let captions = rare.map { #""\#($0)":"\#(words[index]) \#($0)""# }.joined(separator: ",")
            return #"{"id":"r\#(index)","image":"images/\#(index).bmp","captions":{\#(captions)}}"#
        }
        try (rareLines.joined(separator: "\n") + "\n").write(toFile: data + "/rare.jsonl", atomically: true, encoding: .utf8)
        let rareRun = try CLI.run(["eval", "--manifest", data + "/rare.jsonl", "--index", temporary.path("evalindex"),
                                   "--model", temporary.path("run/text-tower.ckpt"), "--json"])
        XCTAssertEqual(rareRun.status, 0, rareRun.stderr)
        XCTAssertTrue(rareRun.stderr.contains("note: ICU has no rules for"), rareRun.stderr)
        let rareReport = try rareRun.json()
        XCTAssertEqual(rareReport["images"] as? Int, 4)
        XCTAssertEqual(Set((rareReport["text_to_image"] as? [String: Any])?.keys ?? [:].keys), Set(rare))

        let bad = try CLI.run(["eval", "--manifest", data + "/manifest.jsonl", "--k", "0,x"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--k wants positive integers"), bad.stderr)
    }
}
