import SeededRandom
import XCTest
import TextTower
@testable import Training

/// End to end on the toy problem: the loss falls and held-out recall@1 rises far above chance.
final class ToyTrainingTests: XCTestCase {
    static func tinyConfig(vocabulary: Int, kind: TextTowerConfig.Kind = .transformer) -> TextTowerConfig {
        TextTowerConfig(kind: kind, vocabularySize: vocabulary, dimension: 32, layers: 1, heads: 2, mlpRatio: 2,
                        maxLength: 8, outputDimension: 16)
    }

    func heldOutRecall(_ trainer: Trainer, problem: ToyProblem) throws -> Double {
        var random = SeededGenerator(seed: 12345)
        var ids: [Int32] = [], labels: [Int] = []
        for i in 0..<64 {
            ids += problem.caption(i % problem.concepts, random: &random)
            labels.append(i % problem.concepts)
        }
        let text = try trainer.embedTexts(tokenIDs: ids, lengths: Array(repeating: problem.length, count: 64), stride: problem.length)
        let images = trainer.embedImages(features: problem.directions)
        return Recall.atK(1, queries: text, queryLabels: labels, gallery: images,
                          galleryLabels: Array(0..<problem.concepts), dimension: trainer.model.jointDimension)
    }

    func train(kind: TextTowerConfig.Kind) throws -> (first: Float, last: Float, before: Double, after: Double) {
        var problem = ToyProblem()
        let options = TrainingOptions(batchSize: 32, totalSteps: 150, warmupSteps: 10, peakLearningRate: 3e-3,
                                      weightDecay: 1e-4, seed: 1, threads: 2)
        let trainer = try Trainer(textConfig: Self.tinyConfig(vocabulary: problem.vocabularySize, kind: kind),
                                  imageDimension: problem.imageDimension, options: options, centre: problem.centre())
        let before = try heldOutRecall(trainer, problem: problem)
        var losses: [Float] = []
        try trainer.train(steps: 150, source: &problem) { losses.append($0.loss) }
        let after = try heldOutRecall(trainer, problem: problem)
        let mean = { (xs: ArraySlice<Float>) in xs.reduce(0, +) / Float(xs.count) }
        return (mean(losses.prefix(10)), mean(losses.suffix(10)), before, after)
    }

    func testTransformerLearnsToyProblem() throws {
        let result = try train(kind: .transformer)
        print("toy transformer: loss \(result.first) → \(result.last), recall@1 \(result.before) → \(result.after)")
        XCTAssertLessThan(result.last, 0.5 * result.first, "loss \(result.first) → \(result.last)")
        // Chance is 1/16.
        XCTAssertGreaterThan(result.after, 0.8, "recall@1 \(result.before) → \(result.after)")
    }

    func testBagOfSubwordsLearnsToyProblem() throws {
        let result = try train(kind: .bagOfSubwords)
        print("toy bag-of-subwords: loss \(result.first) → \(result.last), recall@1 \(result.before) → \(result.after)")
        XCTAssertLessThan(result.last, 0.5 * result.first, "loss \(result.first) → \(result.last)")
        XCTAssertGreaterThan(result.after, 0.8, "recall@1 \(result.before) → \(result.after)")
    }
}
