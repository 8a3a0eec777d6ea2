import XCTest
import TextTower
@testable import Training

/// Schedule, AdamW and clipping.
final class OptimiserTests: XCTestCase {
    func testWarmupThenCosine() {
        let schedule = LearningRateSchedule(peak: 1, warmupSteps: 4, totalSteps: 14, finalFraction: 0.1)
        XCTAssertEqual(schedule.rate(at: 0), 0.25)
        XCTAssertEqual(schedule.rate(at: 3), 1)
        XCTAssertEqual(schedule.rate(at: 4), 1)
        XCTAssertEqual(schedule.rate(at: 9), 0.55, accuracy: 1e-6)
        XCTAssertEqual(schedule.rate(at: 14), 0.1, accuracy: 1e-6)
        XCTAssertEqual(schedule.rate(at: 100), 0.1, accuracy: 1e-6)
    }

    func testAdamWFirstStepAndDecoupledDecay() {
        var layout = ParameterLayout()
        _ = layout.allocate("w", count: 2, decays: true)
        _ = layout.allocate("b", count: 2, decays: false)
        let adam = AdamW(layout: layout)
        let parameters = FloatBuffer([1, 1, 1, 1])
        let gradients: [Float] = [0.5, -2, 0.5, 0]
        let options = TrainingOptions(weightDecay: 0.1, epsilon: 1e-12)
        adam.update(parameters.pointer, gradients: gradients, count: 4, learningRate: 0.01, options: options, threads: 2)
        // First step: m̂/√v̂ = sign(g); decay shrinks only the decayed slice by lr·λ.
        XCTAssertEqual(parameters[0], 1 * (1 - 0.001) - 0.01, accuracy: 1e-7)
        XCTAssertEqual(parameters[1], 1 * (1 - 0.001) + 0.01, accuracy: 1e-7)
        XCTAssertEqual(parameters[2], 1 - 0.01, accuracy: 1e-7)
        XCTAssertEqual(parameters[3], 1, accuracy: 1e-7)
    }

    func testClippingScalesToMaxNorm() {
        let g = FloatBuffer((0..<1000).map { Float($0 % 7) - 3 })
        let before = GradientClipping.clip(g.pointer, count: 1000, maxNorm: 1, threads: 2)
        XCTAssertGreaterThan(before, 1)
        XCTAssertEqual(GradientClipping.norm(g.pointer, count: 1000, threads: 2), 1, accuracy: 1e-5)
    }
}
