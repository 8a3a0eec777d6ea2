import Foundation

/// A second scorer beside the text tower: query words reach ImageNet classes through the lexicon,
/// and images score by the locked tower's own probabilities of those classes.
///
/// Both sides are vectors over the 1,000 classes, so the bridge's score is a dot product and joins
/// the text tower's joint space by concatenation: a text becomes `[t; weight · q]`, an image
/// `[u; p]`, and their dot product is `cos(t, u) + weight · Σ q_c p_c`, the tower's cosine plus
/// `weight` times the probability that the image shows what the query names. Queries that reach no
/// class (most sentences about people or symbols) add zeros and rank by the tower alone.
///
/// ```swift
/// let bridge = try ConceptBridge(folder: models.appendingPathComponent("bridge"), classifier: probabilities)
/// bridge.textVector(normalized: "hund", language: "de")   // 1,000 values, the dog breeds non-zero
/// ```
public struct ConceptBridge: Sendable {
    public let lexicon: ConceptLexicon
    public let classifier: ClassProbabilities
    /// How much the bridge's probability counts against the tower's cosine.
    public var weight: Float
    /// The pictures that query words name, which move the tower's text embedding towards them
    /// (see `PictureBridge`); nil when none are installed.
    public var pictures: PictureBridge?

    /// The default `weight`, chosen on the multi-domain evaluation (docs/results/).
    public static let defaultWeight: Float = 16

    public init(lexicon: ConceptLexicon, classifier: ClassProbabilities, weight: Float = ConceptBridge.defaultWeight) {
        self.lexicon = lexicon
        self.classifier = classifier
        self.weight = weight
    }

    /// Loads `lexicon.tsv` and `classes.tsv` from `folder`.
    ///
    /// - Throws: `ConceptBridgeError`.
    public init(folder: URL, classifier: ClassProbabilities, weight: Float = ConceptBridge.defaultWeight) throws {
        let lexicon = try ConceptLexicon(lexicon: folder.appendingPathComponent("lexicon.tsv"),
                                         classes: folder.appendingPathComponent("classes.tsv"))
        self.init(lexicon: lexicon, classifier: classifier, weight: weight)
    }

    /// Width the bridge adds to the joint space.
    public var dimension: Int { classifier.classCount }

    /// The text side: `weight` times the query's class weights (zeros when no term matches).
    ///
    /// - Complexity: O(classCount) plus `ConceptLexicon.match`.
    public func textVector(normalized text: String, language: String?) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        for (id, value) in lexicon.match(text, language: language).classWeights where Int(id) < dimension {
            vector[Int(id)] = weight * value
        }
        return vector
    }

    /// The image side: class probabilities of each locked feature, `count × classCount`.
    ///
    /// - Complexity: see `ClassProbabilities.probabilities`.
    public func imageVectors(_ features: [Float]) -> [Float] {
        classifier.probabilities(features)
    }
}
