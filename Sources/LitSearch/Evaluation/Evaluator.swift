import Foundation

/// An approximate nearest-neighbour search over the gallery (the joint image embeddings), answering
/// gallery row numbers, best first.
public protocol ApproximateRanker {
    /// Kind shown in the report (`pq`, `ivf-pq`).
    var kind: String { get }
    func nearest(to query: [Float], k: Int) -> [Int]
}

/// Computes an `EvalReport` from the manifest's embedded images and a `JointEmbedder`.
///
/// - Text→image: every caption of a language asks for its own image among all evaluated images;
///   an image whose captions in that language include the very same text is as right (two photos
///   of dogs both captioned "Hund" answer each other's query).
/// - Image→text: every image with captions in a language asks among all that language's captions;
///   any of its own captions counts.
/// - Classification (entries with `labels`): each language's distinct labels are the classes.
///
/// ```swift
/// var evaluator = Evaluator(embedder: fake, ks: [1, 5, 10])
/// let report = try evaluator.run(entries: entries, features: locked, model: info)
/// ```
public struct Evaluator {
    public let embedder: any JointEmbedder
    /// Recall cut-offs, ascending and distinct.
    public let ks: [Int]
    /// Only these languages (nil: every tag in the manifest).
    public var languages: [String]?
    /// Sample text→image queries kept per language for the HTML page (failures first).
    public var samplesPerLanguage = 3
    /// Results kept per sample.
    public var sampleHits = 5
    /// Builds an approximate index over the joint image embeddings (nil: exact scan only).
    public var approximate: ((_ joint: [Float], _ dimension: Int) throws -> (any ApproximateRanker)?)?

    public init(embedder: any JointEmbedder, ks: [Int]) {
        self.embedder = embedder
        self.ks = Array(Set(ks.filter { $0 > 0 })).sorted()
    }

    /// Evaluates `entries` whose locked embeddings are the rows of `features` (same order).
    ///
    /// - Throws: `EvalError.noUsableImages` for no entries, `EvalError.noLanguages` when the language
    ///   filter leaves nothing, and the embedder's errors.
    /// - Complexity: text embedding of every caption and label, plus, per language, O(captions ·
    ///   images · dimension) for each direction (the rank search adds O(images) per query).
    public func run(entries: [ManifestEntry], features: [Float], model: EvalReport.ModelInfo,
                    problems: [ManifestProblem] = [], failedImages: [EvalReport.FailedImage] = []) throws -> EvalReport {
        guard !entries.isEmpty else { throw EvalError.noUsableImages("every manifest line was skipped") }
        let available = Set(entries.flatMap { $0.captions.keys }).sorted()
        let chosen = languages.map { wanted in available.filter { wanted.contains($0) } } ?? available
        guard !chosen.isEmpty else { throw EvalError.noLanguages(requested: languages ?? [], available: available) }

        var report = EvalReport(model: model, ks: ks, images: entries.count, skipped: problems.count + failedImages.count)
        report.problems = problems
        report.failedImages = failedImages
        report.imageIDs = entries.map(\.id)
        report.imagePaths = entries.map(\.imagePath)
        let e = embedder.dimension
        let gallery = try embedder.embedImages(features)
        let ranker = try approximate?(gallery, e)
        report.indexKind = ranker?.kind

        for language in chosen {
            var texts: [String] = [], owners: [Int] = []
            for (row, entry) in entries.enumerated() {
                for caption in entry.captions[language] ?? [] {
                    texts.append(caption)
                    owners.append(row)
                }
            }
            let captions = try embedder.embedTexts(texts, language: language)
            let t2i = textToImage(texts: texts, owners: owners, captions: captions, gallery: gallery, language: language, ranker: ranker)
            report.textToImage[language] = t2i.exact
            if let approximate = t2i.approximate { report.textToImageIndex[language] = approximate }
            report.samples += t2i.samples
            let labels = try embedder.embedLabels(texts, language: language)
            report.imageToText[language] = imageToText(owners: owners, captions: labels, gallery: gallery, images: entries.count)
        }
        report.classification = try classify(entries: entries, gallery: gallery, chosen: Set(chosen))
        return report
    }

    private func recall(ranks: [Int], chance: [Int: Double]) -> EvalReport.Recall {
        var values: [Int: Double] = [:]
        for k in ks {
            values[k] = ranks.isEmpty ? 0 : Double(ranks.filter { $0 < k }.count) / Double(ranks.count)
        }
        return EvalReport.Recall(queries: ranks.count, recall: values, chance: chance)
    }

    private func textToImage(texts: [String], owners: [Int], captions: [Float], gallery: [Float], language: String,
                             ranker: (any ApproximateRanker)?)
        -> (exact: EvalReport.Recall, approximate: EvalReport.Recall?, samples: [EvalReport.Sample]) {
        let e = embedder.dimension
        let images = gallery.count / max(e, 1)
        var ranks: [Int] = [], approximateRanks: [Int] = []
        var failures: [EvalReport.Sample] = [], successes: [EvalReport.Sample] = []
        let deepest = ks.last ?? 1
        var sameText: [String: Set<Int>] = [:]
        var chanceSum: [Int: Double] = [:]
        for (text, owner) in zip(texts, owners) { sameText[text, default: []].insert(owner) }
        for (query, owner) in owners.enumerated() {
            let scores = Ranking.scores(query: captions, row: query, gallery: gallery, dimension: e)
            let correct = sameText[texts[query]] ?? [owner]
            let rank = Ranking.firstCorrectRank(scores, correct: Array(correct)) ?? images
            for k in ks { chanceSum[k, default: 0] += Ranking.chance(right: correct.count, total: images, k: k) }
            ranks.append(rank)
            if let ranker {
                let vector = Array(captions[(query * e)..<((query + 1) * e)])
                let found = ranker.nearest(to: vector, k: deepest)
                approximateRanks.append(found.firstIndex(where: correct.contains) ?? Int.max)
            }
            let wanted = rank == 0 ? successes.count < samplesPerLanguage / 2 : failures.count < samplesPerLanguage - samplesPerLanguage / 2
            if wanted {
                let hits = topK(scores, k: sampleHits).map { EvalReport.SampleHit(image: $0, score: scores[$0], correct: correct.contains($0)) }
                let sample = EvalReport.Sample(language: language, query: texts[query], expected: owner, rank: rank, hits: hits)
                if rank == 0 { successes.append(sample) } else { failures.append(sample) }
            }
        }
        var chance: [Int: Double] = [:]
        for k in ks { chance[k] = owners.isEmpty ? Ranking.chance(right: 1, total: images, k: k) : chanceSum[k, default: 0] / Double(owners.count) }
        let samples = Array((failures + successes).prefix(samplesPerLanguage))
        return (recall(ranks: ranks, chance: chance), ranker == nil ? nil : recall(ranks: approximateRanks, chance: chance), samples)
    }

    private func imageToText(owners: [Int], captions: [Float], gallery: [Float], images: Int) -> EvalReport.Recall {
        let e = embedder.dimension
        var own = [[Int]](repeating: [], count: images)
        for (row, owner) in owners.enumerated() { own[owner].append(row) }
        var ranks: [Int] = []
        var chance = [Int: Double]()
        for k in ks { chance[k] = 0 }
        for image in 0..<images where !own[image].isEmpty {
            let scores = Ranking.scores(query: gallery, row: image, gallery: captions, dimension: e)
            ranks.append(Ranking.firstCorrectRank(scores, correct: own[image]) ?? owners.count)
            for k in ks { chance[k]! += Ranking.chance(right: own[image].count, total: owners.count, k: k) }
        }
        for k in ks { chance[k] = ranks.isEmpty ? 0 : chance[k]! / Double(ranks.count) }
        return recall(ranks: ranks, chance: chance)
    }

    private func classify(entries: [ManifestEntry], gallery: [Float], chosen: Set<String>) throws -> [String: EvalReport.Classification] {
        let e = embedder.dimension
        let tags = Set(entries.flatMap { $0.labels.keys }).filter { $0 == ManifestEntry.neutralTag || chosen.contains($0) }
        var result: [String: EvalReport.Classification] = [:]
        for tag in tags.sorted() {
            let classes = Set(entries.flatMap { $0.labels[tag] ?? [] }).sorted()
            let position = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, $0.offset) })
            let texts = try embedder.embedLabels(classes, language: tag == ManifestEntry.neutralTag ? nil : tag)
            var top1 = 0, top5 = 0, count = 0
            for (row, entry) in entries.enumerated() {
                guard let labels = entry.labels[tag] else { continue }
                count += 1
                let scores = Ranking.scores(query: gallery, row: row, gallery: texts, dimension: e)
                let rank = Ranking.firstCorrectRank(scores, correct: labels.compactMap { position[$0] }) ?? classes.count
                if rank < 1 { top1 += 1 }
                if rank < 5 { top5 += 1 }
            }
            result[tag] = EvalReport.Classification(images: count, classes: classes.count,
                                                    top1: Double(top1) / Double(max(count, 1)), top5: Double(top5) / Double(max(count, 1)))
        }
        return result
    }
}
