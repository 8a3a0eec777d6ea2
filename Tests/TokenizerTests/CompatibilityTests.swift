import XCTest
@testable import Tokenizer

/// The Swift encoder against ids that Python `sentencepiece` produced (compat.jsonl).
final class CompatibilityTests: XCTestCase {
    /// The bar: identical ids for at least 99.9% of the fixture's sentences.
    private func check(model name: String, path: String) throws {
        let encoder = try UnigramEncoder(model: SentencePieceModel(contentsOf: path))
        let cases = try Fixtures.compatCases()
        XCTAssertGreaterThanOrEqual(cases.count, 5000)
        var identical = 0
        var mismatches: [String] = []
        for item in cases {
            guard let expected = item.ids[name] else { continue }
            let got = encoder.encode(item.text)
            if got == expected { identical += 1 } else if mismatches.count < 5 {
                mismatches.append("\(item.text.debugDescription): expected \(expected) got \(got)")
            }
        }
        let rate = Double(identical) / Double(cases.count)
        print("compat \(name): \(identical)/\(cases.count) identical (\(rate * 100)%)")
        XCTAssertGreaterThanOrEqual(rate, 0.999, mismatches.joined(separator: "\n"))
    }

    func testSpmTrainedModelMatchesPython() throws {
        try check(model: "spm8k", path: Fixtures.path("spm8k.model"))
    }

    func testShippedModelMatchesPython() throws {
        try check(model: "litsearch", path: Fixtures.shippedModelPath)
    }
}
