import VectorIndex
import XCTest

/// `bench ann` measures several anisotropic weights on one trained quantizer and refuses bad ones.
final class BenchANNCommandTests: XCTestCase {
    func testAnisotropyListMeasuresEachWeight() throws {
        let temporary = try TemporaryDirectory()
        let base = temporary.path("base.npy"), queries = temporary.path("queries.npy")
        for (path, rows, offset) in [(base, 600, 0), (queries, 20, 600 * 16)] {
            let writer = try NumpyWriter(path: path, rows: rows, columns: 16)
            // Deterministic values in [-1, 1) from a hashed index.
            try writer.append((0..<rows * 16).map { i in
                Float((sin(Double(i + offset) * 12.9898) * 43_758.5453).truncatingRemainder(dividingBy: 1))
            })
            try writer.finish()
        }
        let flags = ["bench", "ann", "--base", base, "--queries", queries, "--bytes", "4", "--iterations", "2",
                     "--no-opq", "--no-rerank", "--threads", "1", "--json"]
        let result = try CLI.run(flags + ["--anisotropy", "1,2.5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["method"] as? String }, ["PQ4", "PQ4-aniso2.5"])
        XCTAssertEqual(rows.map { $0["anisotropy"] as? Double }, [1, 2.5])
        for row in rows { XCTAssertGreaterThan(row["recall_at_10"] as? Double ?? 0, 0.1, "\(row)") }

        let refused = try CLI.run(flags + ["--anisotropy", "0.5"])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("--anisotropy"), refused.stderr)
    }
}
