import XCTest
@testable import VectorIndex

final class UpdateTests: XCTestCase {
    static let d = 16
    static let base = SyntheticData.clustered(count: 3000, dimension: d, seed: 21)
    static let parameters = VectorIndexParameters(bytesPerVector: 4, rotation: false, exactThreshold: 1000, kmeansIterations: 4)

    func makeIndex() throws -> VectorIndex {
        try VectorIndex.build(vectors: Array(Self.base[0..<(2000 * Self.d)]), dimension: Self.d,
                              ids: (0..<2000).map(Int64.init), parameters: Self.parameters, generation: 5)
    }

    func testAddedVectorsAreFound() throws {
        let index = try makeIndex()
        try index.add(vectors: Array(Self.base[(2000 * Self.d)...]), ids: (2000..<3000).map(Int64.init))
        XCTAssertEqual(index.count, 3000)
        XCTAssertEqual(index.generation, 6)
        let query = Array(Self.base[(2500 * Self.d)..<(2501 * Self.d)])
        XCTAssertEqual(index.search(query: query, k: 1).first?.id, 2500)
    }

    func testRemovedVectorsAreNeverReturned() throws {
        let index = try makeIndex()
        let query = Array(Self.base[(10 * Self.d)..<(11 * Self.d)])
        let before = index.search(query: query, k: 20).map(\.id)
        XCTAssertEqual(index.remove(ids: before[0..<5] + [99_999]), 5)
        XCTAssertEqual(index.generation, 6)
        XCTAssertEqual(index.count, 1995)
        let after = index.search(query: query, k: 20).map(\.id)
        XCTAssertTrue(Set(after).isDisjoint(with: before[0..<5]))
        XCTAssertFalse(index.contains(id: before[0]))
        // A removed id may be added again.
        try index.add(vectors: Array(Self.base[(10 * Self.d)..<(11 * Self.d)]), ids: [before[0]])
        XCTAssertTrue(index.contains(id: before[0]))
    }

    func testDuplicateAndMisshapenAddsAreRejected() throws {
        let index = try makeIndex()
        XCTAssertThrowsError(try index.add(vectors: Array(Self.base[0..<Self.d]), ids: [3])) {
            XCTAssertEqual($0 as? VectorIndexError, .duplicateID(3))
        }
        XCTAssertThrowsError(try index.add(vectors: [1, 2, 3], ids: [4000]))
        XCTAssertEqual(index.count, 2000)
        XCTAssertEqual(index.generation, 5)
    }

    func testExactIndexAsksForRebuildOnceLarge() throws {
        let index = try VectorIndex.build(vectors: Array(Self.base[0..<(500 * Self.d)]), dimension: Self.d,
                                          ids: (0..<500).map(Int64.init), parameters: Self.parameters)
        XCTAssertFalse(index.needsRebuild)
        try index.add(vectors: Array(Self.base[(500 * Self.d)..<(1500 * Self.d)]), ids: (500..<1500).map(Int64.init))
        XCTAssertTrue(index.needsRebuild)
        index.remove(ids: [7])
        let rebuilt = try index.rebuilt()
        XCTAssertEqual(rebuilt.kind, .productQuantized)
        XCTAssertEqual(rebuilt.count, 1499)
        XCTAssertEqual(rebuilt.generation, index.generation)
        XCTAssertFalse(rebuilt.contains(id: 7))
    }
}
