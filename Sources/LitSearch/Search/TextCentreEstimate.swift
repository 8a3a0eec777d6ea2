import Foundation

/// Estimates a model's text centre: the mean joint-space embedding of short training captions.
///
/// Contrastive training leaves every caption embedding with a large shared component (for the
/// shipped model, the mean of short captions has norm ≈ 0.7, so two unrelated words already have a
/// cosine near 0.5). Ranking images for one caption, that component adds the same vote to every
/// query, so pictures lying along it ("hubs") come near the top of every search. Subtracting the
/// mean (`CheckpointHeader.textCentre`) removes it; short captions are used because queries and
/// labels are short.
///
/// ```swift
/// let pairs = try PairsFile.read(dataURL.appendingPathComponent("pairs.jsonl"))
/// let estimate = try TextCentreEstimate(pairs: pairs, model: model, encoder: encoder)
/// checkpoint.header.textCentre = estimate.centre
/// ```
public struct TextCentreEstimate: Sendable {
    /// The mean of the captions' embeddings (not normalised).
    public let centre: [Float]
    /// How many distinct captions it averages.
    public let captions: Int
    /// Its length; 0 would mean the captions share nothing.
    public var norm: Float { centre.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Averages up to `samples` distinct captions of at most `maxPieces` subword pieces, spread
    /// evenly over `pairs` (deterministic: the same pairs give the same centre).
    ///
    /// - Throws: `TrainingDataError` when no caption is short enough.
    /// - Complexity: O(pairs) tokenisations plus `samples` text-tower passes.
    public init(pairs: [TrainingPair], model: TextImageModel, encoder: CaptionEncoder, samples: Int = 4000,
                maxPieces: Int = 4) throws {
        let wrappers = (encoder.bos == nil ? 0 : 1) + (encoder.eos == nil ? 0 : 1)
        var seen = Set<String>()
        var eligible: [[Int32]] = []
        for pair in pairs where seen.insert(pair.lang + "\u{1F}" + pair.text).inserted {
            guard let ids = try? encoder.encode(pair.text, language: pair.lang), ids.count - wrappers <= maxPieces else { continue }
            eligible.append(ids)
        }
        guard !eligible.isEmpty else { throw TrainingDataError("no caption of at most \(maxPieces) pieces to estimate a text centre from") }
        let count = min(samples, eligible.count)
        let chosen = (0..<count).map { eligible[$0 * eligible.count / count] }
        let previous = model.centresText
        model.centresText = false
        defer { model.centresText = previous }
        let vectors = try model.embedTexts(chosen)
        let e = model.dimension
        var sum = [Double](repeating: 0, count: e)
        for row in 0..<count { for j in 0..<e { sum[j] += Double(vectors[row * e + j]) } }
        centre = sum.map { Float($0 / Double(count)) }
        captions = count
    }
}
