import Catalog
import Foundation
import LitSearch
import VectorIndex
import XCTest

/// `VectorSync` on a catalog written directly (no images, no tower): a new search space rebuilds
/// the vectors from the stored embeddings.
final class VectorSyncTests: XCTestCase {
    /// A stand-in for a learned head: the embedding negated, with its own id.
    struct NegatedSpace: SearchSpace {
        let id = "negated-test"
        let dimension = Embedding.dimension
        var inputDimension: Int { dimension }
        func map(_ embedding: ArraySlice<Float>) -> [Float] { embedding.map { -$0 } }
    }

    private let model = "test-model"

    private func catalog(in directory: IndexDirectory, count: Int) throws -> Catalog {
        let catalog = try Catalog(directory: directory)
        let run = try catalog.beginRun(root: "/photos", modelID: model)
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: 16)
        for index in 0..<count {
            var generator = SystemRandomNumberGenerator()
            var values = (0..<Embedding.dimension).map { _ in Float.random(in: -1...1, using: &generator) }
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values = values.map { $0 / norm }
            let entry = ImageEntry(path: "image-\(index).jpg", stamp: FileStamp(size: 1, mtimeNanoseconds: Int64(index)))
            try writer.add(.added(entry, Embedding(values)))
        }
        _ = try writer.finish(removeUnseen: false)
        return catalog
    }

    func testANewSearchSpaceRebuildsFromTheCatalog() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vector-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = IndexDirectory(url: folder)
        let catalog = try catalog(in: directory, count: 5)

        let identity = VectorSync(directory: directory, catalog: catalog, space: IdentitySpace(imageModelID: model), imageModelID: model)
        let first = try identity.run(previousGeneration: try identity.beginChanges())
        XCTAssertEqual(first.action, .rebuilt)
        XCTAssertEqual(first.vectors, 5)

        let negated = VectorSync(directory: directory, catalog: catalog, space: NegatedSpace(), imageModelID: model)
        let second = try negated.run(previousGeneration: try negated.beginChanges())
        XCTAssertEqual(second.action, .rebuilt)
        XCTAssertEqual(second.reason, "the search space changed")
        XCTAssertTrue(second.notes.joined().contains("negated-test"), "\(second.notes)")

        let file = try VectorFile(directory: directory).load()
        XCTAssertEqual(file.label, "negated-test")
        XCTAssertEqual(file.generation, try catalog.vectorGeneration())
        let matrix = try catalog.loadEmbeddings(modelID: model)
        let stored = try XCTUnwrap(file.storedVector(id: matrix.ids[0]))
        XCTAssertEqual(stored[0], -matrix.values[0], accuracy: 1e-3, "the file holds the mapped vectors")

        // The query side sees the other space as unusable and falls back, saying why.
        let search = IndexedSearch(directory: directory, catalog: catalog, imageModelID: model)
        let answer = try search.nearest(to: Array(matrix.row(2)), k: 1)
        XCTAssertEqual(answer.method, .exact)
        XCTAssertEqual(answer.hits.first?.path, matrix.paths[2])
        XCTAssertTrue(answer.note?.contains("search space") == true, answer.note ?? "")
    }

    /// An index trained with other OPQ alternation settings or code weight (files from before
    /// the tolerance or the weight) is kept; a change that alters the index itself rebuilds it.
    func testOnlyParametersThatChangeTheIndexRebuildIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vector-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = IndexDirectory(url: folder)
        let catalog = try catalog(in: directory, count: 5)
        func sync(_ change: (inout VectorIndexParameters) -> Void) throws -> VectorSyncReport {
            var sync = VectorSync(directory: directory, catalog: catalog, space: IdentitySpace(imageModelID: model), imageModelID: model)
            change(&sync.settings.parameters)
            return try sync.run(previousGeneration: try sync.beginChanges())
        }
        XCTAssertEqual(try sync { $0.rotationIterations = 8; $0.rotationTolerance = 0; $0.anisotropicWeight = 1 }.action, .rebuilt)
        XCTAssertNotEqual(try sync { $0.anisotropicWeight = 3 }.action, .rebuilt, "only the OPQ alternation settings and the code weight differ")
        let changed = try sync { $0.rerankCandidates = 50 }
        XCTAssertEqual(changed.action, .rebuilt)
        XCTAssertEqual(changed.reason, "the index parameters changed")
    }
}
