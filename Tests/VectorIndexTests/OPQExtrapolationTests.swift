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
        let d = 32, n = 3000
        let points = SyntheticData.lowRank(count: n, dimension: d, rank: 6, noise: 0.1, seed: 21)
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

    /// A tolerance ends the alternations once one lowers the error by less than that fraction;
    /// without one they all run.
    func testToleranceStopsTheAlternationsOnceTheErrorStopsFalling() {
        let d = 16, n = 2000
        let points = SyntheticData.lowRank(count: n, dimension: d, rank: 3, noise: 0.1, seed: 5)
        func errors(tolerance: Double) -> [Double] {
            let training = OPQTraining(subspaces: 4, rotationIterations: 10, kmeansIterations: 4, seed: 3, tolerance: tolerance)
            return points.withUnsafeBufferPointer { training.trainTracing($0, rows: n, dimension: d).errors }
        }
        XCTAssertEqual(errors(tolerance: 0).count, 10)
        let stopped = errors(tolerance: 0.05)
        XCTAssertLessThan(stopped.count, 10)
        XCTAssertGreaterThanOrEqual(stopped.count, 2)
        let last = stopped[stopped.count - 1], previous = stopped[stopped.count - 2]
        XCTAssertLessThan(previous - last, 0.05 * previous, "stopped while the error still fell fast: \(stopped)")
        for i in 1..<(stopped.count - 1) {
            XCTAssertGreaterThanOrEqual(stopped[i - 1] - stopped[i], 0.05 * stopped[i - 1], "went on after a small fall: \(stopped)")
        }
    }
}
