import TextTower
import Training

/// Batches of caption–picture pairs with at most one pair per concept.
///
/// Each row first draws a language by temperature sampling (`LanguageSampler`), then a pair of
/// that language uniformly; a pair whose concept is already in the batch is redrawn. So a batch
/// never holds two pairs of one concept, and the multi-positive loss (which gets the concept ids
/// as well) never sees a same-concept negative. All randomness comes from the trainer's
/// generator, so a checkpointed run resumes with the very batches it would have drawn.
public struct PairBatchSource: TrainingBatchSource, Sendable {
    public let data: PairDataset
    public let batchSize: Int
    public let sampler: LanguageSampler
    /// Pair indices of each language.
    let byLanguage: [[Int32]]
    let conceptCount: Int

    /// - Throws: `TrainingDataError` when the data has fewer concepts than `batchSize`.
    public init(data: PairDataset, batchSize: Int, languageAlpha: Double) throws {
        guard data.conceptNames.count >= batchSize else {
            throw TrainingDataError("a batch of \(batchSize) needs at least \(batchSize) concepts; the data has \(data.conceptNames.count)")
        }
        var byLanguage = [[Int32]](repeating: [], count: data.languages.count)
        for (index, language) in data.languageIDs.enumerated() { byLanguage[Int(language)].append(Int32(index)) }
        self.data = data
        self.batchSize = batchSize
        self.byLanguage = byLanguage
        conceptCount = data.conceptNames.count
        sampler = LanguageSampler(counts: byLanguage.map(\.count), alpha: languageAlpha)
    }

    /// The pair indices of one batch.
    ///
    /// - Complexity: O(batchSize) expected while the batch is small next to the concept count.
    public func drawPairs(_ random: inout SeededGenerator) -> [Int] {
        var used = Set<Int32>()
        var chosen: [Int] = []
        chosen.reserveCapacity(batchSize)
        while chosen.count < batchSize {
            var pick: Int?
            for _ in 0..<32 {
                let pairs = byLanguage[sampler.draw(&random)]
                let candidate = Int(pairs[Int(random.next() % UInt64(pairs.count))])
                if !used.contains(data.concepts[candidate]) { pick = candidate; break }
            }
            if pick == nil {
                // Nearly every concept is taken: scan from a random start for one that is not.
                let start = Int(random.next() % UInt64(data.count))
                for offset in 0..<data.count {
                    let candidate = (start + offset) % data.count
                    if !used.contains(data.concepts[candidate]) { pick = candidate; break }
                }
            }
            guard let pick else { break }
            used.insert(data.concepts[pick])
            chosen.append(pick)
        }
        return chosen
    }

    public mutating func batch(step: Int, random: inout SeededGenerator) throws -> TrainingBatch {
        let pairs = drawPairs(&random)
        let (stride, d) = (data.stride, data.dimension)
        var tokens = [Int32](), lengths = [Int](), features = [Float](), concepts = [Int]()
        tokens.reserveCapacity(pairs.count * stride)
        features.reserveCapacity(pairs.count * d)
        for pair in pairs {
            tokens += data.tokens[(pair * stride)..<((pair + 1) * stride)]
            lengths.append(data.lengths[pair])
            let row = Int(data.featureRows[pair])
            features += data.features[(row * d)..<((row + 1) * d)]
            concepts.append(Int(data.concepts[pair]))
        }
        return TrainingBatch(tokenIDs: tokens, lengths: lengths, stride: stride, imageFeatures: features, concepts: concepts)
    }
}
