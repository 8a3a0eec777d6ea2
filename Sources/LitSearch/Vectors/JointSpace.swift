import VectorIndex

/// The joint image–text space as a `SearchSpace`: each locked image feature mapped through every
/// text tower's image head (and the concept bridge's class probabilities), which is what text
/// queries search.
///
/// The joint vector index (`joint.lsvi`) holds these vectors, so a text query encodes its text,
/// scans PQ codes and re-ranks a few candidates, and never reads the catalog's features. The
/// mapping depends on a centre (the collection's mean feature, removed before each head), chosen
/// when the index is built and stored in it; later additions are mapped with the same centre.
///
/// Only the image side defines the space: the towers' heads in order, the locked classifier (when
/// the bridge is on) and the image model. The text side (text centre, bridge weight and lexicon,
/// `--no-bridge`) can change without a rebuild, since `queryVector` pads what a query leaves out
/// with zeros. Vectors are padded with zeros to a multiple of `JointSpace.alignment` so that the
/// default 64-byte PQ codes divide them.
///
/// ```swift
/// let space = JointSpace(embedder: embedder, imageModelID: tower.modelID).fitted(to: features, count: n)
/// let vectors = space.mapRows(features, count: n)               // n × space.dimension
/// let query = try space.queryVector("hund", language: "de")    // dot product = fused score
/// ```
public struct JointSpace: CentredSpace {
    /// The embedder whose image side this is (its `imageCentre` is the space's centre).
    public private(set) var embedder: ModelEmbedder
    public let id: String
    public let inputDimension: Int
    public let dimension: Int
    /// Width of the embedder's own vectors, before the zero padding.
    public let unpaddedDimension: Int
    /// `VectorIndexParameters.anisotropicWeight` of the joint index's codes (see `tuned`).
    public var anisotropicWeight: Double = 1

    /// Vector widths are rounded up to a multiple of this.
    public static let alignment = 64

    /// The space of `embedder`'s towers (and bridge, if it has one) over `imageModelID` features,
    /// centred by `embedder.imageCentre` (nil: each tower's own model centre until `fitted`).
    public init(embedder: ModelEmbedder, imageModelID: String) {
        self.embedder = embedder
        id = Self.id(imageModelID: imageModelID, towerIDs: embedder.towers.map(\.model.modelID), bridge: embedder.bridge != nil)
        inputDimension = embedder.model.imageDimension
        unpaddedDimension = embedder.dimension
        dimension = (unpaddedDimension + Self.alignment - 1) / Self.alignment * Self.alignment
    }

    /// The id of the space of towers `towerIDs` (in order), with or without the bridge's classes.
    public static func id(imageModelID: String, towerIDs: [String], bridge: Bool) -> String {
        "joint/\(imageModelID)/" + towerIDs.joined(separator: "+") + (bridge ? "+classes" : "")
    }

    /// The centre the heads subtract (nil: each tower's model centre).
    public var centre: [Float]? { embedder.imageCentre }

    /// This space centred on the mean of `features` (`count × inputDimension`), the collection the
    /// index is built over; below `TextSearch.minimumCollection` images, on the models' centres.
    ///
    /// - Complexity: O(count · inputDimension).
    public func fitted(to features: [Float], count: Int) -> JointSpace {
        var copy = self
        precondition(features.count == count * inputDimension, "features must be count × \(inputDimension)")
        copy.embedder.imageCentre = TextSearch.Centring.collection.centre(of: features, dimension: inputDimension)
        return copy
    }

    /// This space with `centre` (what an index file stored; nil: the models' centres).
    public func centred(on centre: [Float]?) -> JointSpace {
        var copy = self
        copy.embedder.imageCentre = centre?.count == inputDimension ? centre : nil
        return copy
    }

    public func map(_ embedding: ArraySlice<Float>) -> [Float] {
        mapRows(Array(embedding), count: 1)
    }

    /// The joint vectors of `count` locked features, each padded to `dimension`.
    ///
    /// - Complexity: O(count · inputDimension · unpaddedDimension) on BLAS.
    public func mapRows(_ embeddings: [Float], count: Int) -> [Float] {
        guard count > 0 else { return [] }
        let (n, d) = (inputDimension, dimension)
        var out = [Float]()
        out.reserveCapacity(count * d)
        // A chunk at a time, so that the heads' and the classifier's intermediates stay small.
        for start in stride(from: 0, to: count, by: Self.chunk) {
            let rows = min(Self.chunk, count - start)
            let mapped = embedder.embedImages(Array(embeddings[(start * n)..<((start + rows) * n)]))
            out += Self.pad(mapped, from: unpaddedDimension, to: d)
        }
        return out
    }

    /// Rows mapped at a time by `mapRows`.
    static let chunk = 4096

    /// The search vector of a text in this space, embedded by `queries` (the same towers, with or
    /// without the bridge); the dot product with an image's vector is `queries`' fused score.
    ///
    /// - Throws: `NormalizationError` for text or a language tag the normaliser refuses.
    /// - Precondition: `queries` is compatible (`accepts(queries)`).
    public func queryVector(_ text: String, language: String?, embeddedBy queries: ModelEmbedder) throws -> [Float] {
        precondition(accepts(queries), "the query embedder does not match the joint space")
        let vector = try queries.embedTexts([text], language: language)
        return Self.pad(vector, from: queries.dimension, to: dimension)
    }

    /// Whether a query embedder's texts live in this space: the same towers in the same order, and
    /// a bridge only if the space has the classes (a query without one adds zeros there).
    public func accepts(_ queries: ModelEmbedder) -> Bool {
        let mine = embedder.towers.map(\.model.modelID), theirs = queries.towers.map(\.model.modelID)
        return mine == theirs && (queries.bridge == nil || embedder.bridge != nil)
    }

    /// Text queries are not shaped like the images' joint vectors (their norm and direction follow
    /// the bridge's class weights), so IVF lists are probed by inner product, a quarter of them
    /// (`bench search` at 200,000 images: recall@10 0.954 with 3,000 re-ranked and 256 of 1,024
    /// lists, against 0.63 with the image index's 100 and 16). The 1,000 class probabilities are
    /// diffuse (a median image spreads half its mass over 16 classes), which PQ codes resolve
    /// coarsely, while a text query weighs a few classes or none. On an IVF index they are a
    /// sparse tail of each image's 16 largest (32 bytes), and 48-byte codes cover the towers' 512
    /// values (same run, 50 queries, re-ranking 1,000: 0.922 with 64-byte codes over everything,
    /// 0.948 with the tail; 1,000,000 images: 0.958 at the defaults, against 0.934 before with
    /// 10,000 re-ranked). Re-ranking then reads only the coordinates a query weighs, so 1% of the
    /// images are re-ranked (at least 3,000). A flat index (below 200,000 images) codes the whole
    /// vector in 64 bytes: without IVF residuals the tail lost there (100,000 images, 3,000
    /// re-ranked: 0.966 with it, 0.984 without). No OPQ rotation: on these vectors it
    /// costs recall (100,000 images, flat, re-ranking 1,000: 0.922 with it, 0.936 without) and
    /// most of the build (151 s against 34 s). Codes are the nearest centroids
    /// (`anisotropicWeight` 1). Anisotropic codes pay off when a vector's best queries point
    /// roughly along it, as image queries do; text queries do not, and the ADC order got worse:
    /// at 100,000 images (fit to the 326 evaluation photos, `bench search --anisotropy 2 --sweep
    /// 100,300,1000`) recall@10 re-ranking 100 fell from 0.630 to 0.430 and re-ranking 300 from
    /// 0.744 to 0.728; only at 1,000 (0.852 → 0.854) and the default 3,000 (0.964 → 0.974) did it
    /// not lose.
    public func tuned(_ parameters: VectorIndexParameters) -> VectorIndexParameters {
        var tuned = parameters
        tuned.rotation = false
        tuned.anisotropicWeight = anisotropicWeight
        tuned.probesByInnerProduct = true
        tuned.rerankCandidates = max(parameters.rerankCandidates, Self.rerankCandidates)
        tuned.rerankPerMillion = Self.rerankPerMillion
        tuned.preciseRerank = Self.preciseCandidates
        if parameters.coarseLists > 0 { tuned.probes = max(parameters.probes, parameters.coarseLists / 4) }
        if let bridge = embedder.bridge, parameters.coarseLists > 0 {
            // The class block (and the zero padding after it) is the sparse tail.
            tuned.sparseDimensions = dimension - (unpaddedDimension - bridge.dimension)
            tuned.sparseEntries = Self.classEntries
            tuned.bytesPerVector = Self.leadingBytes
        }
        return tuned
    }

    /// Class probabilities each image keeps exactly (the sparse tail's entries, 2 bytes each).
    public static let classEntries = 16

    /// Bytes of PQ code for the towers' part of the vector.
    public static let leadingBytes = 48

    /// Candidates a text query re-ranks with the float16 vectors, at least.
    public static let rerankCandidates = 3000

    /// Re-ranked candidates scored once more with the float16 rows' rounding errors added back
    /// (`VectorIndexParameters.preciseRerank`). A million synthetic images drawn from 40 kinds
    /// of picture tie within float16's precision at the top: an exhaustive float16 scan agreed
    /// with the float32 top 10 on 0.952 of the answers (`bench search --images 1000000`, fit to
    /// the 326 evaluation photos), the index on 0.938 at the defaults.
    public static let preciseCandidates = 100

    /// Candidates re-ranked per million images, when more than `rerankCandidates` (1%).
    public static let rerankPerMillion = 10_000

    /// Rows of width `width` widened to `padded` with zeros.
    static func pad(_ rows: [Float], from width: Int, to padded: Int) -> [Float] {
        guard padded != width, width > 0 else { return rows }
        let count = rows.count / width
        var out = [Float](repeating: 0, count: count * padded)
        for row in 0..<count {
            out.replaceSubrange((row * padded)..<(row * padded + width), with: rows[(row * width)..<((row + 1) * width)])
        }
        return out
    }
}
