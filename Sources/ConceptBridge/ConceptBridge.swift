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
    public func textVector(normalized text: String, language: String?, borrowing: Bool = false) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        for (id, value) in lexicon.match(text, language: language, borrowing: borrowing).classWeights where Int(id) < dimension {
            vector[Int(id)] = weight * value
        }
        return vector
    }

    /// Whether a query should borrow other languages' terms: neither the class lexicon nor the
    /// pictures' has a term of its own language in it. A word the language's own lexicon lacks
    /// is often another's: a loanword ("ein smartphone"), a neighbour's spelling (Occitan
    /// "gat", Catalan's), or a name in a language CLDR knows only a few of. Both lexicons then
    /// borrow together; when either knows a word of the query, neither does, so one lexicon's
    /// gap ("coral" is a picture's name but reaches no class) does not let in another
    /// language's sense of the word.
    ///
    /// ```swift
    /// bridge.borrows(normalized: "un frosch.", language: "oc")   // true: no Occitan term
    /// bridge.borrows(normalized: "una granhòta.", language: "oc")   // false
    /// ```
    ///
    /// - Complexity: `ConceptLexicon.match` on each lexicon.
    public func borrows(normalized text: String, language: String?) -> Bool {
        guard language != nil else { return false }   // no language: every language's terms already
        return lexicon.match(text, language: language).isEmpty
            && pictures.map { $0.lexicon.match(text, language: language).isEmpty } ?? true
    }

    /// The image side: class probabilities of each locked feature, `count × classCount`.
    ///
    /// - Complexity: see `ClassProbabilities.probabilities`.
    public func imageVectors(_ features: [Float]) -> [Float] {
        classifier.probabilities(features)
    }
}
