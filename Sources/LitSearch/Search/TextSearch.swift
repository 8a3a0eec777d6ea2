import Catalog
import ConceptBridge
import TextTower

/// Text → images: a caption embedded by the text tower (and the concept bridge) against every
/// indexed image mapped through the checkpoint's image head (and the locked classifier).
///
/// `query --image` keeps comparing raw locked embeddings (image to image needs no head); only
/// text queries and zero-shot classification use the learned joint space.
public struct TextSearch: Sendable {
    public let model: TextImageModel
    public let encoder: CaptionEncoder
    /// Towers averaged with `model` (see `CompanionTower`).
    public var companions: [CompanionTower] = []
    /// Centre the images by their own mean (`.collection`) or by the checkpoint's centre.
    public var centring: Centring
    /// The concept bridge scored beside the tower, or nil.
    public var bridge: ConceptBridge?
    /// The installed bridge, whose classes the joint index holds even when `bridge` is nil
    /// (`--no-bridge` queries add zeros there); nil: `bridge`.
    public var indexBridge: ConceptBridge?

    /// What the image head subtracts from the searched images' locked embeddings.
    public enum Centring: String, Sendable, CaseIterable {
        /// The checkpoint's centre (the mean of the photo-like training targets).
        case model
        /// The mean of the searched collection itself, so that what all its images share (their
        /// domain: photos, scans, icons) does not swamp what tells them apart. Falls back to the
        /// model's centre below `minimumCollection` images.
        case collection
    }

    /// Fewer images than this are centred by the model's centre even under `.collection`.
    public static let minimumCollection = 8

    public init(model: TextImageModel, encoder: CaptionEncoder, companions: [CompanionTower] = [], centring: Centring = .model,
                bridge: ConceptBridge? = nil) {
        self.model = model
        self.encoder = encoder
        self.companions = companions
        self.centring = centring
        self.bridge = bridge
    }

    /// The joint space the index of these towers holds (centred on the collection).
    public func jointSpace(imageModelID: String) -> JointSpace {
        JointSpace(embedder: ModelEmbedder(model: model, encoder: encoder, companions: companions, centring: .collection,
                                           bridge: indexBridge ?? bridge),
                   imageModelID: imageModelID)
    }

    /// The `k` images of an index directory nearest to `text`, best first, through its joint
    /// vector file (`joint.lsvi`) when that holds these towers and is in sync, else by the exact
    /// scan (the answer's `note` says why).
    ///
    /// - Parameters:
    ///   - exact: scan exactly even when the file is usable. Under `.model` centring the scan is
    ///     always exact, since the file's vectors are centred on the collection.
    ///   - refresh: when the file is missing or holds another model, build it for these towers
    ///     (`JointRefresh`; the installed model, so that `index` keeps it) and search it.
    /// - Throws: `NormalizationError` for an unknown language or invalid text; catalog errors.
    /// - Complexity: one text-tower pass, then `IndexedSearch.nearest(toVector:k:)`.
    public func nearest(to text: String, language: String?, directory: IndexDirectory, catalog: Catalog,
                        imageModelID: String, k: Int, exact: Bool = false, refresh: Bool = false) throws -> IndexedSearch.Answer {
        try prepared(directory: directory, catalog: catalog, imageModelID: imageModelID, exact: exact, refresh: refresh)
            .nearest(to: text, language: language, k: k)
    }

    /// A searcher of one index directory for many text queries (see `Prepared`); `nearest(to:…)`
    /// is one query through it.
    public func prepared(directory: IndexDirectory, catalog: Catalog, imageModelID: String, exact: Bool = false,
                         refresh: Bool = false) -> Prepared {
        var queries = ModelEmbedder(model: model, encoder: encoder, companions: companions, centring: centring, bridge: bridge)
        queries.strictLanguage = true
        var space = jointSpace(imageModelID: imageModelID)
        if centring == .model { space = space.centred(on: nil) }
        var search = IndexedSearch(file: .joint(directory), catalog: catalog, imageModelID: imageModelID, space: space)
        search.forceExact = exact || centring == .model
        search.keepsCentre = centring == .model
        if refresh {
            search.repair = { problem in
                guard JointRefresh.repairs(problem), (try catalog.statusCounts()[.ok] ?? 0) > 0,
                      let report = try JointRefresh.rebuild(directory: directory, space: space, imageModelID: imageModelID) else {
                    return nil
                }
                let why = problem == .missing ? "there was none" : "it held another text model"
                return String(format: "built the joint vector index for the installed text model (%@) from %d stored image features in %.1f s; no image was decoded",
                              why, report.vectors, report.seconds)
            }
        }
        return Prepared(queries: queries, space: space, search: search)
    }

    /// Text queries against one index directory: the query embedder, the joint space and the
    /// search path, made once.
    ///
    /// A long-lived caller (a server, `bench search`) opens the joint file once and keeps it in
    /// `search.opened`; each query then costs one text-tower pass and one index search.
    ///
    /// ```swift
    /// var searcher = search.prepared(directory: dir, catalog: catalog, imageModelID: tower.modelID)
    /// searcher.search.opened = try VectorFile.joint(dir).load()
    /// let answer = try searcher.nearest(to: "Hund", language: "de", k: 10)
    /// ```
    public struct Prepared {
        /// Embeds the query texts.
        public let queries: ModelEmbedder
        /// The joint space the file holds.
        public let space: JointSpace
        /// The search path (the joint file, or the exact scan).
        public var search: IndexedSearch

        /// The vector of `text` in the joint space.
        ///
        /// - Throws: `NormalizationError` for an unknown language or invalid text.
        public func vector(_ text: String, language: String?) throws -> [Float] {
            try space.queryVector(text, language: language, embeddedBy: queries)
        }

        /// The `k` images nearest to `text`, best first.
        ///
        /// - Throws: `NormalizationError` for an unknown language or invalid text; catalog errors.
        /// - Complexity: one text-tower pass, then `IndexedSearch.nearest(toVector:k:)`.
        public func nearest(to text: String, language: String?, k: Int) throws -> IndexedSearch.Answer {
            try search.nearest(toVector: vector(text, language: language), k: k)
        }
    }

    /// The `k` images of `matrix` (locked embeddings) nearest to `text`, best first.
    ///
    /// - Parameter language: BCP-47 tag for normalisation; an unknown tag is an error.
    /// - Throws: `NormalizationError` for an unknown language or invalid text.
    /// - Complexity: O(n · imageDimension · dimension) to project the n images, plus O(n · dimension).
    public func nearest(to text: String, language: String?, in matrix: EmbeddingMatrix, k: Int) throws -> [SearchHit] {
        var queries = ModelEmbedder(model: model, encoder: encoder, companions: companions, centring: centring, bridge: bridge)
        queries.strictLanguage = true
        var space = jointSpace(imageModelID: "")
        space = centring == .model ? space.centred(on: nil) : space.fitted(to: matrix.values, count: matrix.count)
        let query = try space.queryVector(text, language: language, embeddedBy: queries)
        guard matrix.count > 0 else { return [] }
        let joint = EmbeddingMatrix(dimension: space.dimension, ids: matrix.ids, paths: matrix.paths,
                                    values: space.mapRows(matrix.values, count: matrix.count))
        return ExactSearch(matrix: joint).nearest(to: query, k: k)
    }
}

extension TextSearch.Centring {
    /// The centre to pass to `TextImageModel.embedImages` for these locked features: their mean
    /// under `.collection` (with at least `TextSearch.minimumCollection` rows), else nil (the
    /// model's own centre).
    ///
    /// - Complexity: O(count · dimension).
    public func centre(of features: [Float], dimension d: Int) -> [Float]? {
        let count = features.count / max(d, 1)
        guard self == .collection, count >= TextSearch.minimumCollection else { return nil }
        return features.withUnsafeBufferPointer { ImageProjection.centre(of: $0.baseAddress!, count: count, dimension: d) }
    }
}
