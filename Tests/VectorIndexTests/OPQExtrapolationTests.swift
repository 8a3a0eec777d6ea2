import SeededRandom
import XCTest
@testable import VectorIndex

final class OPQExtrapolationTests: XCTestCase {
    /// From the identity, the extrapolated step lands on R·R, and it stays orthogonal.
    func testExtrapolatedStepDoublesTheRotation() {
        let d = 12
        var generator = SeededGenerator(seed: 9)
        let rotation = orthogonalPolarFactor(gaussianMatrix(d * d, using: &generator), order: d)!
        let doubled = extrapolated(from: identity(d), to: rotation, order: d)
        for i in 0..<d {
            for j in 0..<d {
                let square = (0..<d).reduce(Float(0)) { $0 + rotation[i * d + $1] * rotation[$1 * d + j] }
                XCTAssertEqual(doubled[i * d + j], square, accuracy: 1e-5)
                let gram = (0..<d).reduce(Float(0)) { $0 + doubled[$1 * d + i] * doubled[$1 * d + j] }
                XCTAssertEqual(gram, i == j ? 1 : 0, accuracy: 1e-4)
            }
        }
    }

    /// On correlated data whose alternations converge slowly, extrapolated steps end at a lower
    /// quantisation error than plain ones after as many alternations.
    func testExtrapolationLowersTheErrorOfAsManyAlternations() {
        let d = 32, n = 3000, rank = 6
        var generator = SeededGenerator(seed: 21)
        let basis = gaussianMatrix(rank * d, using: &generator)
        var points = [Float]()
        points.reserveCapacity(n * d)
        for _ in 0..<n {
            let z = gaussianMatrix(rank, using: &generator), noise = gaussianMatrix(d, using: &generator)
            points += (0..<d).map { i in (0..<rank).reduce(Float(0)) { $0 + z[$1] * basis[$1 * d + i] } + 0.1 * noise[i] }
        }
        func errors(extrapolating: Bool) -> [Double] {
            var training = OPQTraining(subspaces: 8, rotationIterations: 6, kmeansIterations: 4, seed: 2)
            training.extrapolates = extrapolating
            return points.withUnsafeBufferPointer { training.trainTracing($0, rows: n, dimension: d).errors }
        }
        let plain = errors(extrapolating: false), doubled = errors(extrapolating: true)
        XCTAssertEqual(plain.count, 6)
        XCTAssertEqual(plain.first, doubled.first, "the first alternation starts from the same rotation")
        XCTAssertLessThan(doubled.last!, plain.last!, "plain \(plain), extrapolated \(doubled)")
    }
}
