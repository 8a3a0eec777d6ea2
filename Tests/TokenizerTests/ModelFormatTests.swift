import XCTest
@testable import Tokenizer

/// Reading and writing SentencePiece's `ModelProto` by hand.
final class ModelFormatTests: XCTestCase {
    func testReadsSpmTrainedModel() throws {
        let model = try SentencePieceModel(contentsOf: Fixtures.path("spm8k.model"))
        XCTAssertEqual(model.pieces.count, 8000)
        XCTAssertEqual(model.pieces[0].text, "<pad>")
        XCTAssertEqual(model.pieces[0].kind, .control)
        XCTAssertEqual(model.pieces[3].kind, .unknown)
        XCTAssertEqual(model.pieces[4].text, "<0x00>")
        XCTAssertEqual(model.pieces[4].kind, .byte)
        XCTAssertEqual(model.trainerSpec.int32(TrainerSpecField.vocabSize, default: 0), 8000)
        XCTAssertTrue(model.trainerSpec.bool(TrainerSpecField.byteFallback, default: false))
        XCTAssertEqual(model.normalizerSpec.string(NormalizerSpecField.name), "identity")
    }

    func testRoundTripIsByteIdentical() throws {
        let bytes = try Fixtures.bytes("spm8k.model")
        let model = try SentencePieceModel(serialized: bytes)
        XCTAssertEqual(model.serialized(), bytes)
        XCTAssertEqual(try SentencePieceModel(serialized: model.serialized()), model)
    }

    func testMalformedModelsThrow() throws {
        let bytes = try Fixtures.bytes("spm8k.model")
        for cut in [1, 2, 3, 10, 1000, bytes.count - 1] {
            XCTAssertThrowsError(try SentencePieceModel(serialized: Array(bytes[..<cut])), "cut \(cut)")
        }
        XCTAssertThrowsError(try SentencePieceModel(serialized: []))
        XCTAssertThrowsError(try SentencePieceModel(serialized: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))
        XCTAssertThrowsError(try SentencePieceModel(serialized: Array("hello, not a model".utf8)))
        XCTAssertThrowsError(try SentencePieceModel(contentsOf: "/nonexistent/x.model")) { error in
            XCTAssertEqual(error as? ModelFormatError, .unreadable(path: "/nonexistent/x.model"))
        }
    }
}
