import SeededRandom
import TextTower
import Training

/// Batches of caption–picture pairs with at most one pair per concept.
///
/// Each row first draws a language by temperature sampling (`LanguageSampler`), then a pair of
/// that language uniformly; a pair whose concept is already in the batch is redrawn. With
/// `strata`, a row first picks a stratum (a subset of the pairs, such as the ImageNet pairs) with
/// its share, then a language and a pair within it: a small source can fill a fixed part of each
/// batch however few of all pairs it holds. So a batch
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
    /// Optional strata: each with its share of the rows, its own language sampler and lists.
    let strata: [(share: Double, sampler: LanguageSampler, byLanguage: [[Int32]])]

    /// - Throws: `TrainingDataError` when the data has fewer concepts than `batchSize`.
    /// - Parameter strata: pair indices and the share of rows drawn from them (shares summing to
    ///   at most 1; the remaining pairs fill the rest). Empty: every row draws from all pairs.
    public init(data: PairDataset, batchSize: Int, languageAlpha: Double, strata requested: [(pairs: [Int], share: Double)] = []) throws {
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
        var rest = Set(0..<data.count)
        var strata: [(share: Double, sampler: LanguageSampler, byLanguage: [[Int32]])] = []
        for stratum in requested where !stratum.pairs.isEmpty && stratum.share > 0 {
            var lists = [[Int32]](repeating: [], count: data.languages.count)
            for index in stratum.pairs { lists[Int(data.languageIDs[index])].append(Int32(index)); rest.remove(index) }
            strata.append((stratum.share, LanguageSampler(counts: lists.map(\.count), alpha: languageAlpha), lists))
        }
        let total = strata.reduce(0) { $0 + $1.share }
        guard total <= 1 + 1e-9 else { throw TrainingDataError("source shares add up to \(total), more than 1") }
        if !strata.isEmpty, !rest.isEmpty, total < 1 {
            var lists = [[Int32]](repeating: [], count: data.languages.count)
            for index in rest.sorted() { lists[Int(data.languageIDs[index])].append(Int32(index)) }
            strata.append((1 - total, LanguageSampler(counts: lists.map(\.count), alpha: languageAlpha), lists))
        }
        self.strata = strata
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
                let pairs: [Int32]
                if strata.isEmpty {
                    pairs = byLanguage[sampler.draw(&random)]
                } else {
                    var u = Double(random.nextUniform()), chosen = strata.count - 1
                    for (i, stratum) in strata.enumerated() {
                        if u < stratum.share { chosen = i; break }
                        u -= stratum.share
                    }
                    pairs = strata[chosen].byLanguage[strata[chosen].sampler.draw(&random)]
                }
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
