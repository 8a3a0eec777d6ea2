import Foundation
import XCTest
@testable import VectorIndex

final class FileFormatTests: XCTestCase {
    static let d = 16
    static let base = SyntheticData.clustered(count: 2500, dimension: d, seed: 31)
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vectorindex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func makeIndex(_ parameters: VectorIndexParameters) throws -> VectorIndex {
        let index = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: (0..<2500).map { Int64($0) * 3 },
                                          parameters: parameters, generation: 41)
        index.remove(ids: [0, 30, 300])
        return index
    }

    /// With float16 residuals (`preciseRerank`), so that every section but a sparse tail's is written.
    static let ivf = VectorIndexParameters(bytesPerVector: 4, coarseLists: 8, probes: 3, exactThreshold: 1000,
                                           kmeansIterations: 4, rotationIterations: 2, preciseRerank: 10)

    func assertSame(_ a: VectorIndex, _ b: VectorIndex, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.dimension, b.dimension, file: file, line: line)
        XCTAssertEqual(a.parameters, b.parameters, file: file, line: line)
        XCTAssertEqual(a.generation, b.generation, file: file, line: line)
        XCTAssertEqual(a.kind, b.kind, file: file, line: line)
        XCTAssertEqual(a.ids, b.ids, file: file, line: line)
        XCTAssertEqual(a.deleted, b.deleted, file: file, line: line)
        XCTAssertEqual(a.vectors, b.vectors, file: file, line: line)
        XCTAssertEqual(a.quantizer, b.quantizer, file: file, line: line)
        XCTAssertEqual(a.lists, b.lists, file: file, line: line)
        for row in stride(from: 0, to: 2500, by: 500) {
            let query = Array(Self.base[row * Self.d..<(row + 1) * Self.d])
            XCTAssertEqual(a.search(query: query, k: 5), b.search(query: query, k: 5), file: file, line: line)
        }
    }

    func testRoundTripIVFWithRotation() throws {
        let index = try makeIndex(Self.ivf)
        let url = folder.appendingPathComponent("index.lsvi")
        try index.write(to: url)
        let reopened = try VectorIndex(contentsOf: url)
        XCTAssertEqual(reopened.kind, .invertedFile)
        XCTAssertEqual(reopened.count, 2497)
        assertSame(index, reopened)
        // Updates after reopening keep working.
        try reopened.add(vectors: Array(Self.base[0..<Self.d]), ids: [0])
        XCTAssertEqual(reopened.search(query: Array(Self.base[0..<Self.d]), k: 1).first?.id, 0)
    }

    func testRoundTripFlatAndExact() throws {
        for parameters in [VectorIndexParameters(bytesPerVector: 8, rotation: false, exactThreshold: 1000, kmeansIterations: 3),
                           VectorIndexParameters(bytesPerVector: 8, exactThreshold: 10_000)] {
            let index = try makeIndex(parameters)
            let url = folder.appendingPathComponent("index.lsvi")
            try index.write(to: url)
            try index.write(to: url)  // replacing an existing file
            assertSame(index, try VectorIndex(contentsOf: url))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["index.lsvi"])
    }

    func testTruncatedFilesAreReportedWithAdvice() throws {
        let url = folder.appendingPathComponent("index.lsvi")
        try makeIndex(Self.ivf).write(to: url)
        let bytes = try Data(contentsOf: url)
        for length in [0, 5, 40, 64, 100, bytes.count / 3, bytes.count / 2, bytes.count - 1] {
            try bytes.prefix(length).write(to: url)
            XCTAssertThrowsError(try VectorIndex(contentsOf: url), "length \(length)") { error in
                guard case .truncated = error as? IndexFileError else { return XCTFail("length \(length): \(error)") }
                XCTAssertTrue("\(error)".contains(url.path))
                XCTAssertTrue("\(error)".contains("litsearch index FOLDER --rebuild"))
            }
        }
    }

    func testCorruptSectionsAreDetected() throws {
        let url = folder.appendingPathComponent("index.lsvi")
        try makeIndex(Self.ivf).write(to: url)
        let pristine = try Data(contentsOf: url)
        let reader = try IndexFileReader(path: url.path)
        XCTAssertEqual(Set(reader.sections.keys), Set(IndexFileLayout.Tag.allCases).subtracting([.sparse]), "all but a sparse tail's")
        for (tag, range) in reader.sections where !range.isEmpty {
            var damaged = pristine
            damaged[range.lowerBound + range.count / 2] ^= 0x40
            try damaged.write(to: url)
            XCTAssertThrowsError(try VectorIndex(contentsOf: url), "\(tag)") { error in
                XCTAssertEqual(error as? IndexFileError, .corrupt(path: url.path, reason: "checksum mismatch in section \(tag.rawValue)"))
            }
        }
        var header = pristine
        header[50] ^= 1
        try header.write(to: url)
        XCTAssertThrowsError(try VectorIndex(contentsOf: url)) { XCTAssertEqual($0 as? IndexFileError, .corrupt(path: url.path, reason: "header checksum mismatch")) }
        var magic = pristine
        magic[0] = 0
        try magic.write(to: url)
        XCTAssertThrowsError(try VectorIndex(contentsOf: url)) { XCTAssertEqual($0 as? IndexFileError, .notAnIndex(path: url.path)) }
        XCTAssertThrowsError(try VectorIndex(contentsOf: folder.appendingPathComponent("missing.lsvi"))) {
            guard case .io = $0 as? IndexFileError else { return XCTFail("\($0)") }
        }
    }

    /// Any single flipped byte either leaves an identical index (padding) or is a clean error.
    func testNoByteFlipCrashes() throws {
        try assertNoByteFlipCrashes(VectorIndexParameters(bytesPerVector: 4, coarseLists: 4, exactThreshold: 1000, kmeansIterations: 2))
        // With a sparse tail, whose entries point into the query's tail.
        try assertNoByteFlipCrashes(VectorIndexParameters(bytesPerVector: 4, coarseLists: 4, rotation: false, exactThreshold: 1000,
                                                          kmeansIterations: 2, sparseDimensions: 8, sparseEntries: 3))
    }

    func assertNoByteFlipCrashes(_ parameters: VectorIndexParameters) throws {
        let url = folder.appendingPathComponent("index.lsvi")
        let index = try makeIndex(parameters)
        try index.write(to: url)
        let pristine = try Data(contentsOf: url)
        for position in stride(from: 0, to: pristine.count, by: max(1, pristine.count / 400)) {
            var damaged = pristine
            damaged[position] ^= 0xFF
            try damaged.write(to: url)
            do {
                let opened = try VectorIndex(contentsOf: url)
                XCTAssertEqual(opened.ids, index.ids, "flip at \(position) went unnoticed")
                XCTAssertEqual(opened.lists, index.lists, "flip at \(position) went unnoticed")
            } catch {
                XCTAssertTrue(error is IndexFileError, "\(error)")
            }
        }
    }

    /// Without checksums, an opened index borrows its sections from the mapping, answers as the
    /// built one does, and copies a section only when an update changes it.
    func testUnverifiedOpenSearchesInPlace() throws {
        for parameters in [Self.ivf, VectorIndexParameters(bytesPerVector: 4, coarseLists: 4, rotation: false, exactThreshold: 1000,
                                                           kmeansIterations: 2, sparseDimensions: 8, sparseEntries: 3)] {
            let index = try makeIndex(parameters)
            let url = folder.appendingPathComponent("index.lsvi")
            try index.write(to: url)
            let opened = try VectorIndex(contentsOf: url, verifyingChecksums: false)
            XCTAssertTrue(opened.ids.isBorrowed && opened.deleted.isBorrowed && opened.vectors.values.isBorrowed)
            XCTAssertTrue(opened.lists.allSatisfy { $0.rows.isBorrowed && $0.codes.isBorrowed })
            XCTAssertEqual(opened.lists.contains { $0.sparse.isBorrowed }, parameters.sparseDimensions > 0)
            assertSame(index, opened)
            XCTAssertEqual(opened.exactSearch(Array(Self.base[0..<Self.d]), k: 3), index.exactSearch(Array(Self.base[0..<Self.d]), k: 3))

            try opened.add(vectors: Array(Self.base[0..<Self.d]), ids: [0])
            XCTAssertFalse(opened.ids.isBorrowed, "an update owns what it changes")
            XCTAssertEqual(opened.search(query: Array(Self.base[0..<Self.d]), k: 1).first?.id, 0)
            XCTAssertEqual(opened.remove(ids: [3, 6]), 2)
            let copy = folder.appendingPathComponent("updated.lsvi")
            try opened.write(to: copy)
            assertSame(opened, try VectorIndex(contentsOf: copy, verifyingChecksums: false))
        }
    }

    /// Unchecked payloads may give other answers, never a crash: every value used as an offset or
    /// a row is still bounds-checked on open.
    func testUnverifiedOpenSurvivesByteFlips() throws {
        for parameters in [VectorIndexParameters(bytesPerVector: 4, coarseLists: 4, exactThreshold: 1000, kmeansIterations: 2),
                           VectorIndexParameters(bytesPerVector: 4, coarseLists: 4, rotation: false, exactThreshold: 1000,
                                                 kmeansIterations: 2, sparseDimensions: 8, sparseEntries: 3)] {
            let url = folder.appendingPathComponent("index.lsvi")
            try makeIndex(parameters).write(to: url)
            let pristine = try Data(contentsOf: url)
            var opened = 0
            for position in stride(from: 0, to: pristine.count, by: max(1, pristine.count / 300)) {
                var damaged = pristine
                damaged[position] ^= 0xFF
                try damaged.write(to: url)
                do {
                    let index = try VectorIndex(contentsOf: url, verifyingChecksums: false)
                    opened += 1
                    for row in [0, 999, 2499] {
                        let hits = index.search(query: Array(Self.base[row * Self.d..<(row + 1) * Self.d]), k: 5, probes: 4)
                        XCTAssertLessThanOrEqual(hits.count, 5)
                    }
                } catch {
                    XCTAssertTrue(error is IndexFileError, "\(error)")
                }
            }
            XCTAssertGreaterThan(opened, 100, "flips in unchecked payloads open")
        }
    }

    /// A crash mid-write leaves the previous file intact (the stray temporary file is ignored).
    func testInterruptedWriteKeepsPreviousFile() throws {
        let url = folder.appendingPathComponent("index.lsvi")
        let index = try makeIndex(Self.ivf)
        try index.write(to: url)
        let partial = try Data(contentsOf: url).prefix(500)
        try partial.write(to: URL(fileURLWithPath: url.path + ".tmp-99999"))
        assertSame(index, try VectorIndex(contentsOf: url))
    }
}
