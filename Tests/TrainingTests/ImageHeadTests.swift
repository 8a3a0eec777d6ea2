import SeededRandom
import XCTest
import TextTower
@testable import Training

/// The image head's principal-direction start and the locked (frozen) head.
final class ImageHeadTests: XCTestCase {
    func testPrincipalDirectionsFindTheAxesOfLargestVariance() throws {
        // Points spread 10× along (1, 1, 0)/√2, 3× along z, 0.1× along (1, −1, 0)/√2, around (5, 5, 5).
        var random = SeededGenerator(seed: 3)
        var rows: [Float] = []
        let s = Float(0.5).squareRoot()
        for _ in 0..<2000 {
            let (a, b, c) = (10 * random.nextNormal(), 3 * random.nextNormal(), 0.1 * random.nextNormal())
            rows += [5 + s * a + s * c, 5 + s * a - s * c, 5 + b]
        }
        var centre: [Float] = [0, 0, 0]
        for i in 0..<2000 { for j in 0..<3 { centre[j] += rows[i * 3 + j] / 2000 } }
        let w = try rows.withUnsafeBufferPointer {
            try PrincipalDirections.compute($0.baseAddress!, count: 2000, dimension: 3, centre: centre, k: 2)
        }
        // Column 0 = ±(1, 1, 0)/√2, column 1 = ±(0, 0, 1).
        XCTAssertEqual(abs(w[0 * 2 + 0] * s + w[1 * 2 + 0] * s), 1, accuracy: 1e-3, "\(w)")
        XCTAssertEqual(abs(w[2 * 2 + 1]), 1, accuracy: 1e-3, "\(w)")
        XCTAssertEqual(w[0 * 2 + 0] * w[0 * 2 + 1] + w[1 * 2 + 0] * w[1 * 2 + 1] + w[2 * 2 + 0] * w[2 * 2 + 1], 0, accuracy: 1e-4)
        XCTAssertThrowsError(try rows.withUnsafeBufferPointer {
            try PrincipalDirections.compute($0.baseAddress!, count: 2000, dimension: 3, centre: centre, k: 4)
        })
    }

    func testFrozenSlicesStayExactlyAsTheyWereWhileTheRestTrains() throws {
        var problem = ToyProblem()
        let options = TrainingOptions(batchSize: 32, totalSteps: 20, warmupSteps: 2, peakLearningRate: 3e-3,
                                      weightDecay: 1e-2, seed: 1, threads: 2)
        let trainer = try Trainer(textConfig: ToyTrainingTests.tinyConfig(vocabulary: problem.vocabularySize),
                                  imageDimension: problem.imageDimension, options: options, centre: problem.centre())
        let head = trainer.model.imageProjection
        trainer.frozenSlices = [head.weightSlice] + (head.biasSlice.map { [$0] } ?? [])
        let snapshot = Array(UnsafeBufferPointer(start: trainer.parameters.pointer, count: trainer.parameters.count))
        try trainer.train(steps: 20, source: &problem) { _ in }
        let after = Array(UnsafeBufferPointer(start: trainer.parameters.pointer, count: trainer.parameters.count))
        for slice in trainer.frozenSlices {
            XCTAssertEqual(Array(after[slice.offset..<(slice.offset + slice.count)]),
                           Array(snapshot[slice.offset..<(slice.offset + slice.count)]), slice.name)
        }
        let text = head.weightSlice.offset   // the text tower lies before the image head
        XCTAssertNotEqual(Array(after[0..<text]), Array(snapshot[0..<text]), "the text tower must still train")
    }
}
