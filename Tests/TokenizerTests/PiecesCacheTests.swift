import Foundation
import XCTest
@testable import Tokenizer

/// The segmenter's double array kept between processes: read back only when it is this model's and
/// intact, and then segmenting exactly as a freshly built one.
final class PiecesCacheTests: XCTestCase {
    private var folder: URL!
    private let texts = ["Hund", "a red apple on a table", "犬と猫", "кошка", "بيت", "🐶 emoji", "Ünïcödé wörds"]

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pieces-cache-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func model() throws -> SentencePieceModel { try SentencePieceModel(contentsOf: Fixtures.shippedModelPath) }

    func testTheCachedArrayIsReadBackAndSegmentsTheSame() throws {
        let cache = PiecesCache(url: folder.appendingPathComponent("pieces.lsda"), key: "model-a")
        let built = try UnigramEncoder(model: model())
        let first = try UnigramEncoder(model: model(), cache: cache)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.url.path), "the first load stores the array")
        let stored = try XCTUnwrap(PieceDoubleArray(cache: cache), "a stored array reads back")
        XCTAssertEqual(stored.units.count, built.pieces.units.count)
        let second = try UnigramEncoder(model: model(), cache: cache)
        for text in texts {
            XCTAssertEqual(second.encode(text), built.encode(text), text)
            XCTAssertEqual(first.encode(text), built.encode(text), text)
        }
    }

    func testAnotherModelsOrADamagedFileIsRebuiltNotRead() throws {
        let url = folder.appendingPathComponent("pieces.lsda")
        _ = try UnigramEncoder(model: model(), cache: PiecesCache(url: url, key: "model-a"))
        XCTAssertNil(PieceDoubleArray(cache: PiecesCache(url: url, key: "model-b")), "the key names the model")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 100] ^= 0x40
        try bytes.write(to: url)
        XCTAssertNil(PieceDoubleArray(cache: PiecesCache(url: url, key: "model-a")), "the checksum catches a flipped bit")
        try bytes.prefix(bytes.count / 2).write(to: url)
        XCTAssertNil(PieceDoubleArray(cache: PiecesCache(url: url, key: "model-a")), "a truncated file")
        // Loading with the damaged file rebuilds the array and stores it again.
        let encoder = try UnigramEncoder(model: model(), cache: PiecesCache(url: url, key: "model-a"))
        XCTAssertEqual(encoder.encode("Hund"), try UnigramEncoder(model: model()).encode("Hund"))
        XCTAssertNotNil(PieceDoubleArray(cache: PiecesCache(url: url, key: "model-a")))
    }

    func testAnArrayWhoseOffsetsLeaveItIsRefused() throws {
        let url = folder.appendingPathComponent("pieces.lsda")
        let built = try UnigramEncoder(model: model()).pieces
        var units = built.units
        units[1].base = Int32(units.count - 10)   // a child offset without its 256-unit margin
        PieceDoubleArray(units: units).store(in: PiecesCache(url: url, key: "k"))
        XCTAssertNil(PieceDoubleArray(cache: PiecesCache(url: url, key: "k")), "checksummed but malformed")
        PieceDoubleArray(units: built.units).store(in: PiecesCache(url: url, key: "k"))
        XCTAssertNotNil(PieceDoubleArray(cache: PiecesCache(url: url, key: "k")))
    }

    func testTheStandardPlaceFollowsXDG() {
        XCTAssertEqual(PiecesCache.standard(key: "ab12", environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.url.path, "/c/litsearch/pieces-ab12.lsda")
        XCTAssertEqual(PiecesCache.standard(key: "ab/12", environment: ["HOME": "/h"])?.url.path, "/h/.cache/litsearch/pieces-ab12.lsda")
        XCTAssertNil(PiecesCache.standard(key: "ab12", environment: [:]))
    }
}
