import Foundation
import XCTest
@testable import LitSearch

/// Manifest parsing: good lines kept, bad ones reported with their line numbers.
final class ManifestTests: XCTestCase {
    func testBadLinesAreReportedWithLineNumbersAndTheRestKept() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["a.jpg", "b.jpg", "c.jpg"] { try Data([1]).write(to: folder.appendingPathComponent("images/" + name)) }
        let text = """
        {"id": "a", "image": "images/a.jpg", "captions": {"en": "dog", "de": "Hund", "pt-BR": ["cachorro", "cão"]}, "concept": "x:1"}
        {"id": "b", "image": "images/b.jpg", "captions": {"en": "cat"
        {"id": "c", "image": "images/missing.jpg", "captions": {"en": "bird"}}

        {"id": "d", "image": "images/b.jpg", "captions": {"en US": "?", "de": 3}}
        {"id": "e", "image": "images/b.jpg", "captions": {"en": "cat"}, "labels": ["cat", "animal"]}
        {"id": "a", "image": "images/c.jpg", "captions": {"en": "again"}}
        {"id": "f", "image": "images/c.jpg", "captions": {}}
        [1, 2]
        {"id": "g", "image": "images/c.jpg", "captions": {"fr": "chien"}, "labels": {"fr": ["chien"], "de": "Hund"}}
        """
        try text.write(to: folder.appendingPathComponent("m.jsonl"), atomically: true, encoding: .utf8)
        let manifest = try EvalManifest.read(folder.appendingPathComponent("m.jsonl"))
        XCTAssertEqual(manifest.entries.map(\.id), ["a", "e", "g"])
        XCTAssertEqual(manifest.entries.map(\.line), [1, 6, 10])
        XCTAssertEqual(manifest.entries[0].captions["pt-BR"], ["cachorro", "cão"])
        XCTAssertEqual(manifest.entries[0].imagePath, folder.appendingPathComponent("images/a.jpg").standardizedFileURL.path)
        XCTAssertEqual(manifest.entries[1].labels, ["und": ["cat", "animal"]])
        XCTAssertEqual(manifest.entries[2].labels, ["fr": ["chien"], "de": ["Hund"]])
        XCTAssertEqual(manifest.problems.map(\.line), [2, 3, 5, 7, 8, 9])
        let messages = manifest.problems.map(\.description)
        XCTAssertTrue(messages[0].hasPrefix("line 2: invalid JSON"), messages[0])
        XCTAssertTrue(messages[1].contains("missing image images/missing.jpg"), messages[1])
        XCTAssertTrue(messages[2].contains("no usable captions"), messages[2])
        XCTAssertTrue(messages[3].contains("already used on line 1"), messages[3])
        XCTAssertTrue(messages[4].contains("no \"captions\""), messages[4])
        XCTAssertTrue(messages[5].contains("not a JSON object"), messages[5])
    }

    /// A bad caption skips that caption only; any well-formed tag counts, with or without ICU data.
    func testBadCaptionSkipsOnlyThatCaption() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([1]).write(to: folder.appendingPathComponent("a.jpg"))
        let tags = ["oc", "an", "iu", "vec", "ach", "son", "nso", "shs"]
        let lines = tags.enumerated().map { offset, tag in
            #"{"id": "i\#(offset)", "image": "a.jpg", "captions": {"en": "dog", "\#(tag)": "can", "de DE": "Hund", "fr": 7}}"#
        }
        let manifest = EvalManifest.parse(lines.joined(separator: "\n"), root: folder)
        XCTAssertEqual(manifest.entries.count, tags.count)
        XCTAssertEqual(manifest.problems, [])
        for (entry, tag) in zip(manifest.entries, tags) {
            XCTAssertEqual(entry.captions, ["en": ["dog"], tag: ["can"]])
        }
        XCTAssertEqual(manifest.skippedCaptions.count, 2 * tags.count)
        XCTAssertTrue(manifest.skippedCaptions[0].description.contains("\"captions\".de DE: not a well-formed BCP-47"), "\(manifest.skippedCaptions[0])")
        XCTAssertTrue(manifest.skippedCaptions[1].description.contains("\"captions\".fr must be a string"), "\(manifest.skippedCaptions[1])")
    }

    func testImagesRootAndUnreadableManifest() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data([1]).write(to: root.appendingPathComponent("x.png"))
        let manifest = EvalManifest.parse(#"{"image": "x.png", "captions": {"en": "x"}}"#, root: root)
        XCTAssertEqual(manifest.entries.first?.id, "x.png")
        XCTAssertThrowsError(try EvalManifest.read(root.appendingPathComponent("none.jsonl"))) {
            XCTAssertTrue("\($0)".contains("cannot read the manifest"), "\($0)")
        }
    }
}
