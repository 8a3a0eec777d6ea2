import SeededRandom
import XCTest
@testable import TextTower

/// Compares analytic gradients with central finite differences in float32.
///
/// The objective is evaluated in `Double` from float32 activations, so its rounding noise is about
/// 1e-6 relative; with a step of 1e-2 the difference quotient is good to about 1e-4 absolute. An
/// entry passes if `|analytic − numeric| ≤ tolerance·max(|analytic|, |numeric|, floor)` where the
/// floor is a small fraction of the largest gradient checked, so tiny entries are judged in
/// absolute terms.
enum GradientCheck {
    /// Checks up to `samples` entries of `values` (spread deterministically) against `analytic`.
    static func compare(
        _ label: String, values: UnsafeMutablePointer<Float>, count: Int, analytic: UnsafePointer<Float>,
        samples: Int = 48, epsilon: Float = 1e-2, tolerance: Double = 2e-2, seed: UInt64 = 7,
        objective: () -> Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        var random = SeededGenerator(seed: seed)
        let indices = count <= samples ? Array(0..<count) : (0..<samples).map { _ in Int(random.next() % UInt64(count)) }
        var pairs: [(Int, Double, Double)] = []
        for index in indices {
            let saved = values[index]
            values[index] = saved + epsilon
            let plus = objective()
            values[index] = saved - epsilon
            let minus = objective()
            values[index] = saved
            pairs.append((index, Double(analytic[index]), (plus - minus) / (2 * Double(epsilon))))
        }
        let scale = pairs.map { max(abs($0.1), abs($0.2)) }.max() ?? 0
        XCTAssertGreaterThan(scale, 0, "\(label): all gradients checked are zero", file: file, line: line)
        let floor = max(scale * 2e-2, 1e-4)
        var worst = 0.0
        for (index, a, n) in pairs {
            let error = abs(a - n) / max(abs(a), abs(n), floor)
            worst = max(worst, error)
            if error > tolerance {
                XCTFail("\(label)[\(index)]: analytic \(a) vs numeric \(n) (relative error \(error))", file: file, line: line)
                return
            }
        }
    }

    /// `Σ weights[i]·output[i]` in Double: a scalar objective with a known output gradient.
    static func weightedSum(_ output: UnsafePointer<Float>, _ weights: [Float]) -> Double {
        var total = 0.0
        for i in weights.indices { total += Double(weights[i]) * Double(output[i]) }
        return total
    }

    /// `count` N(0, scale²) values.
    static func normals(_ count: Int, scale: Float = 1, random: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in scale * random.nextNormal() }
    }
}
