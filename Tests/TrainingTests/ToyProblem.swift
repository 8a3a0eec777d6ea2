import SeededRandom
import TextTower
import Training

/// A synthetic contrastive task: each concept has a random "image" direction and a few words.
///
/// Vocabulary: ids 0–3 special, then `wordsPerConcept` words per concept, then filler words shared
/// by all. A caption is BOS, two of its concept's words and one filler in random order, EOS. An
/// image is the concept's direction plus noise. Held-out captions come from another seed.
struct ToyProblem: TrainingBatchSource {
    let concepts: Int
    let imageDimension: Int
    let batchSize: Int
    let wordsPerConcept = 3
    let fillers = 8
    let directions: [Float]

    init(concepts: Int = 16, imageDimension: Int = 32, batchSize: Int = 32, seed: UInt64 = 99) {
        self.concepts = concepts
        self.imageDimension = imageDimension
        self.batchSize = batchSize
        var random = SeededGenerator(seed: seed)
        directions = (0..<(concepts * imageDimension)).map { _ in random.nextNormal() }
    }

    var vocabularySize: Int { 4 + concepts * wordsPerConcept + fillers }
    let length = 5

    func caption(_ concept: Int, random: inout SeededGenerator) -> [Int32] {
        let first = Int(random.next() % 3), second = (first + 1 + Int(random.next() % 2)) % 3
        var words = [Int32(4 + concept * wordsPerConcept + first), Int32(4 + concept * wordsPerConcept + second),
                     Int32(4 + concepts * wordsPerConcept + Int(random.next() % UInt64(fillers)))]
        random.shuffle(&words)
        return [1] + words + [2]
    }

    func image(_ concept: Int, noise: Float, random: inout SeededGenerator) -> [Float] {
        (0..<imageDimension).map { directions[concept * imageDimension + $0] + noise * random.nextNormal() }
    }

    mutating func batch(step: Int, random: inout SeededGenerator) throws -> TrainingBatch {
        var ids: [Int32] = [], features: [Float] = [], labels: [Int] = []
        for _ in 0..<batchSize {
            let concept = Int(random.next() % UInt64(concepts))
            ids += caption(concept, random: &random)
            features += image(concept, noise: 0.5, random: &random)
            labels.append(concept)
        }
        return TrainingBatch(tokenIDs: ids, lengths: Array(repeating: length, count: batchSize), stride: length,
                             imageFeatures: features, concepts: labels)
    }

    /// Mean of many noisy images: the centre the image head subtracts.
    func centre() -> [Float] {
        var random = SeededGenerator(seed: 5)
        var sum = [Float](repeating: 0, count: imageDimension)
        for i in 0..<(concepts * 8) {
            let x = image(i % concepts, noise: 0.5, random: &random)
            for j in 0..<imageDimension { sum[j] += x[j] / Float(concepts * 8) }
        }
        return sum
    }
}
