import Foundation

/// Query words → the training pictures they name → those pictures' locked features, which a text
/// model's image head then maps into its joint space.
///
/// The text tower is trained to reach, from "Frosch", the locked features of the frog emoji; on
/// pictures unlike emoji (drawings, cut-outs) it gets only part of the way there. The picture
/// bridge keeps the destination: each training emoji's mean locked feature (a *prototype*) and a
/// lexicon of the words that name it (CLDR short names in every language, then keywords). A query
/// that names pictures gets their prototypes' mean as a `target`; `ModelEmbedder` maps it through
/// each tower's image head and adds `weight` times it (at the tower embedding's length) to the
/// tower's text embedding. Images are untouched, so indexes need no rebuild.
///
/// ```swift
/// let pictures = try PictureBridge(lexicon: lexicon, prototypes: rows, centre: mean)
/// pictures.target(normalized: "ein frosch.", language: "de")   // the frog emoji's prototype
/// ```
public struct PictureBridge: Sendable {
    public let lexicon: ConceptLexicon
    /// `count × dimension` little-endian float16 values, one unit-length locked feature per
    /// picture (usually a slice of the mapped file: a query reads only the rows it names).
    public let prototypes: Data
    /// What a text model's image head subtracts from a target: the mean of the training pictures.
    public let centre: [Float]
    public let dimension: Int
    /// The target's length relative to the tower's own text embedding.
    public var weight: Float

    /// The default `weight`, chosen on the multi-domain evaluation (docs/results/).
    public static let defaultWeight: Float = 2

    /// - Parameter prototypes: little-endian float16 values, `count × centre.count`.
    /// - Throws: `ConceptBridgeError.shape` when the prototypes are not rows of `centre`'s width.
    public init(lexicon: ConceptLexicon, prototypes: Data, centre: [Float], weight: Float = PictureBridge.defaultWeight) throws {
        guard !centre.isEmpty, prototypes.count % (2 * centre.count) == 0 else {
            throw ConceptBridgeError.shape("the picture prototypes (\(prototypes.count / 2) values) are not rows of \(centre.count)")
        }
        self.lexicon = lexicon
        self.prototypes = prototypes
        self.centre = centre
        self.dimension = centre.count
        self.weight = weight
    }

    /// The same with prototypes given as values (tests, small tables).
    public init(lexicon: ConceptLexicon, prototypes: [Float16], centre: [Float], weight: Float = PictureBridge.defaultWeight) throws {
        try self.init(lexicon: lexicon, prototypes: prototypes.withUnsafeBytes { Data($0) }, centre: centre, weight: weight)
    }

    /// Number of pictures.
    public var count: Int { prototypes.count / (2 * dimension) }

    /// A query's destination among the pictures and how hard it pulls there.
    public struct Pull: Sendable, Equatable {
        /// The weighted mean of the named prototypes, at unit length (`dimension` values).
        public let target: [Float]
        /// In (0, 1]: the mean over the matched terms of their lexicon weights' sum. A term that
        /// names pictures has weights summing to 1; one that only reaches them through WordNet (a
        /// kind of thing no emoji names, "pelican" → the birds) sums to less, and pulls less.
        public let strength: Float
    }

    /// The weighted mean of the prototypes that the query's terms name, scaled to unit length like
    /// the locked features (`dimension` values), or nil when it names none. Terms are found as
    /// `ConceptLexicon.match` finds them, so articles and punctuation around a name do not matter.
    ///
    /// - Complexity: O(named pictures · dimension) plus `ConceptLexicon.match`.
    public func target(normalized text: String, language: String?) -> [Float]? {
        pull(normalized: text, language: language)?.target
    }

    /// The query's `target` with its `strength`, or nil when it names no picture.
    ///
    /// ```swift
    /// pictures.pull(normalized: "ein pelikan", language: "de")?.strength   // 0.5: a kind of bird
    /// ```
    ///
    /// - Complexity: as `target(normalized:language:)`.
    /// - Parameter borrowing: try every language's terms when the query's own names nothing
    ///   (`ConceptLexicon.match(_:language:borrowing:)`).
    public func pull(normalized text: String, language: String?, borrowing: Bool = false) -> Pull? {
        let named = lexicon.match(text, language: language, borrowing: borrowing).classWeights
        guard !named.isEmpty else { return nil }
        var target = [Float](repeating: 0, count: dimension)
        var total: Float = 0
        prototypes.withUnsafeBytes { raw in
            for (row, share) in named where Int(row) < count {
                total += share
                let start = Int(row) * dimension * 2
                for j in 0..<dimension { target[j] += share * Float(raw.loadUnaligned(fromByteOffset: start + 2 * j, as: Float16.self)) }
            }
        }
        let norm = target.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        return Pull(target: target.map { $0 / norm }, strength: min(1, total))
    }
}
