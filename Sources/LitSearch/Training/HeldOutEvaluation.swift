import Foundation
import SeededRandom
import TextTower
import Training

/// Held-out text→image retrieval: captions of concepts never trained on, against every distinct
/// picture or prototype of those concepts.
///
/// A query counts as a hit at k when one of its k nearest gallery rows belongs to its concept.
/// Chance level at k is about k / (gallery concepts).
public struct HeldOutEvaluation: Sendable {
    /// The queries and the gallery (`data.features`, labelled by concept).
    public let data: PairDataset
    /// Indices of the query pairs (a fixed, seeded subset).
    public let queries: [Int]
    /// Concept of each gallery row.
    public let galleryLabels: [Int]

    /// At most `maxQueries` captions, chosen with `seed`.
    public init(data: PairDataset, maxQueries: Int, seed: UInt64) {
        self.data = data
        var indices = Array(0..<data.count)
        if indices.count > maxQueries {
            var random = SeededGenerator(seed: seed ^ 0xE7A1)
            random.shuffle(&indices)
            indices = Array(indices.prefix(maxQueries)).sorted()
        }
        queries = indices
        var labels = [Int](repeating: -1, count: data.featureCount)
        for pair in 0..<data.count { labels[Int(data.featureRows[pair])] = Int(data.concepts[pair]) }
        galleryLabels = labels
    }

    /// Recall@1 and @10 of `trainer`'s current towers.
    ///
    /// - Complexity: the text tower over the queries, the image head over the gallery, and
    ///   O(queries · gallery · (dimension + 10)).
    public func recall(_ trainer: Trainer) throws -> (at1: Double, at10: Double) {
        let stride = data.stride
        var tokens: [Int32] = [], lengths: [Int] = [], labels: [Int] = []
        for pair in queries {
            tokens += data.tokens[(pair * stride)..<((pair + 1) * stride)]
            lengths.append(data.lengths[pair])
            labels.append(Int(data.concepts[pair]))
        }
        let texts = try trainer.embedTexts(tokenIDs: tokens, lengths: lengths, stride: stride)
        let images = trainer.embedImages(features: data.features)
        let e = trainer.model.jointDimension
        return (Recall.atK(1, queries: texts, queryLabels: labels, gallery: images, galleryLabels: galleryLabels, dimension: e),
                Recall.atK(10, queries: texts, queryLabels: labels, gallery: images, galleryLabels: galleryLabels, dimension: e))
    }
}
