import SeededRandom
import XCTest
@testable import VectorIndex

final class OPQStartTests: XCTestCase {
    /// The eigenvalue-allocation start is orthogonal and deals the M strongest axes to M different
    /// sub-spaces (on data whose variance is concentrated on a few known axes).
    func testEigenvalueAllocationIsOrthogonalAndBalanced() throws {
        let d = 16, m = 4, n = 4000, width = d / m
        var generator = SeededGenerator(seed: 3)
        // Axis i has standard deviation 1/(i+1): axes 0–3 are the strongest.
        var points = gaussianMatrix(n * d, using: &generator)
        for row in 0..<n { for i in 0..<d { points[row * d + i] /= Float(i + 1) } }
        let training = OPQTraining(subspaces: m, rotationIterations: 0, kmeansIterations: 1, seed: 1)
        let rotation = try XCTUnwrap(points.withUnsafeBufferPointer { training.eigenvalueAllocation($0, rows: n, dimension: d) })
        for i in 0..<d {
            for j in 0..<d {
                let dot = (0..<d).reduce(Float(0)) { $0 + rotation[$1 * d + i] * rotation[$1 * d + j] }
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-4)
            }
        }
        // Input axis a lands mostly in output column argmax |R[a][·]|; its sub-space is column / width.
        let subspaceOfAxis = (0..<m).map { axis -> Int in
            let row = Array(rotation[(axis * d)..<((axis + 1) * d)]).map(abs)
            return row.firstIndex(of: row.max()!)! / width
        }
        XCTAssertEqual(Set(subspaceOfAxis).count, m, "strongest axes share a sub-space: \(subspaceOfAxis)")
    }
}
