import Foundation
import XCTest

/// Paths and loaders for the committed test fixtures.
enum Fixtures {
    /// The path of a file in Tests/TokenizerTests/Fixtures.
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/" + name).path
    }

    /// The shipped model, tokenizer/litsearch.model at the repository root.
    static let shippedModelPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("tokenizer/litsearch.model").path
    }()

    /// The bytes of a fixture file.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// One line of compat.jsonl: a sentence and the ids Python sentencepiece gave it, per model.
    struct CompatCase {
        let text: String
        let ids: [String: [Int32]]
    }

    /// The id-compatibility fixture made by scripts/tokenizer/make_compat_fixture.py.
    static func compatCases() throws -> [CompatCase] {
        let text = String(decoding: try bytes("compat.jsonl"), as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let ids = (object["ids"] as! [String: [Int]]).mapValues { $0.map(Int32.init) }
            return CompatCase(text: object["text"] as! String, ids: ids)
        }
    }
}
