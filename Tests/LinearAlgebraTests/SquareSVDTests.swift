import LinearAlgebra
import XCTest

/// `SquareSVD` reconstructs its matrix from orthogonal factors and decreasing singular values.
final class SquareSVDTests: XCTestCase {
    func testFactorsReconstructTheMatrixAndAreOrthogonal() throws {
        let n = 7
        var state: UInt64 = 42
        let matrix = (0..<(n * n)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001) / 1000 - 1
        }
        let svd = try SquareSVD(matrix, order: n)
        XCTAssertEqual(svd.singular, svd.singular.sorted(by: >))
        XCTAssertGreaterThan(svd.singular.last ?? 0, 0)
        // Column-major: element (i, j) is at i + j·n.
        for i in 0..<n {
            for j in 0..<n {
                let rebuilt = (0..<n).reduce(Float(0)) { $0 + svd.u[i + $1 * n] * svd.singular[$1] * svd.vt[$1 + j * n] }
                XCTAssertEqual(rebuilt, matrix[i + j * n], accuracy: 1e-4)
                let uu = (0..<n).reduce(Float(0)) { $0 + svd.u[$1 + i * n] * svd.u[$1 + j * n] }
                XCTAssertEqual(uu, i == j ? 1 : 0, accuracy: 1e-4)
            }
        }
    }

    func testARankOneMatrixHasOneNonZeroSingularValue() throws {
        let v: [Float] = [1, 2, 3]
        let matrix = (0..<9).map { v[$0 % 3] * v[$0 / 3] }
        let svd = try SquareSVD(matrix, order: 3)
        XCTAssertEqual(svd.singular[0], 14, accuracy: 1e-4)
        XCTAssertEqual(svd.singular[1], 0, accuracy: 1e-4)
    }
}
