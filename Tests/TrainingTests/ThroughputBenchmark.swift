import Foundation
import SeededRandom
import XCTest
import TextTower
@testable import Training

/// Pairs per second at a default-sized config. Opt-in (`LITSEARCH_BENCH=1`): it takes ~10 s.
final class ThroughputBenchmark: XCTestCase {
    struct RandomSource: TrainingBatchSource {
        let batchSize: Int, length: Int, vocabulary: Int, imageDimension: Int
        mutating func batch(step: Int, random: inout SeededGenerator) throws -> TrainingBatch {
            var ids = [Int32](repeating: 0, count: batchSize * length), lengths: [Int] = []
            for b in 0..<batchSize {
                let n = 4 + Int(random.next() % UInt64(length - 3))
                lengths.append(n)
                for t in 0..<n { ids[b * length + t] = Int32(4 + random.next() % UInt64(vocabulary - 4)) }
            }
            let features = (0..<(batchSize * imageDimension)).map { _ in random.nextNormal() * 0.03 }
            return TrainingBatch(tokenIDs: ids, lengths: lengths, stride: length, imageFeatures: features,
                                 concepts: (0..<batchSize).map { _ in Int(random.next() % 1000) })
        }
    }

    func testPairsPerSecond() throws {
        guard ProcessInfo.processInfo.environment["LITSEARCH_BENCH"] != nil else { throw XCTSkip("set LITSEARCH_BENCH=1") }
        let threads = Int(ProcessInfo.processInfo.environment["LITSEARCH_BENCH_THREADS"] ?? "2") ?? 2
        let kind = TextTowerConfig.Kind(rawValue: ProcessInfo.processInfo.environment["LITSEARCH_BENCH_KIND"] ?? "transformer") ?? .transformer
        let config = TextTowerConfig(kind: kind, vocabularySize: 32_000, dimension: 256, layers: 4, heads: 4, mlpRatio: 4,
                                     maxLength: 16, outputDimension: 256)
        let options = TrainingOptions(batchSize: 256, totalSteps: 100, warmupSteps: 10, seed: 1, threads: threads)
        let trainer = try Trainer(textConfig: config, imageDimension: 1280, options: options,
                                  centre: [Float](repeating: 0, count: 1280))
        var source = RandomSource(batchSize: 256, length: 16, vocabulary: 32_000, imageDimension: 1280)
        var batches: [TrainingBatch] = []
        var random = SeededGenerator(seed: 2)
        for step in 0..<4 { batches.append(try source.batch(step: step, random: &random)) }
        try trainer.trainStep(on: batches[0])
        var times: [Double] = []
        for batch in batches.dropFirst() { times.append(try trainer.trainStep(on: batch).seconds) }
        let mean = times.reduce(0, +) / Double(times.count)
        print("throughput \(kind) threads=\(threads): \(Int(256 / mean)) pairs/s (\(String(format: "%.3f", mean)) s/step, " +
              "\(trainer.parameters.count) parameters, mean caption length ≈ 10)")
    }
}
