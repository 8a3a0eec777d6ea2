/// The results of `litsearch eval`: recall@k per language and direction, zero-shot classification,
/// and what was skipped. `json` renders the stable format documented in docs/eval.md.
public struct EvalReport: Sendable {
    /// What produced the numbers.
    public struct ModelInfo: Sendable, Equatable {
        public var imageTower: String
        public var textTower: String
        public var tokenizer: String

        public init(imageTower: String, textTower: String, tokenizer: String) {
            self.imageTower = imageTower
            self.textTower = textTower
            self.tokenizer = tokenizer
        }
    }

    /// Retrieval in one language and direction.
    public struct Recall: Sendable, Equatable {
        public var queries: Int
        /// Recall@k by k.
        public var recall: [Int: Double]
        /// Expected recall@k of a random ranking, by k.
        public var chance: [Int: Double]
    }

    /// Zero-shot classification in one language.
    public struct Classification: Sendable, Equatable {
        public var images: Int
        public var classes: Int
        public var top1: Double
        public var top5: Double
    }

    /// One result shown for a sample query.
    public struct SampleHit: Sendable, Equatable {
        /// Position of the image in `EvalInput.images`.
        public var image: Int
        public var score: Float
        public var correct: Bool
    }

    /// A text→image query shown in the HTML report.
    public struct Sample: Sendable, Equatable {
        public var language: String
        public var query: String
        /// The right image (position in `EvalInput.images`).
        public var expected: Int
        /// 0-based rank of the right image.
        public var rank: Int
        public var hits: [SampleHit]
    }

    /// An image that is in the manifest but could not be embedded.
    public struct FailedImage: Sendable, Equatable {
        public var line: Int
        public var id: String
        public var message: String
    }

    public var model: ModelInfo
    /// The k values, ascending.
    public var ks: [Int]
    /// Images evaluated (embedded).
    public var images: Int
    /// Manifest lines skipped: bad lines plus images that could not be embedded.
    public var skipped: Int
    public var problems: [ManifestProblem] = []
    public var failedImages: [FailedImage] = []
    public var textToImage: [String: Recall] = [:]
    public var imageToText: [String: Recall] = [:]
    /// Text→image through the approximate (PQ) index, when one was used.
    public var textToImageIndex: [String: Recall] = [:]
    /// The approximate index's kind (`pq`, `ivf-pq`), or nil when only the exact scan ran.
    public var indexKind: String?
    /// Why the approximate index was not compared, when it was not.
    public var indexNote: String?
    public var classification: [String: Classification] = [:]
    public var samples: [Sample] = []
    /// The evaluated images' ids and paths, for the HTML page.
    public var imageIDs: [String] = []
    public var imagePaths: [String] = []

    /// Languages with text→image results, sorted.
    public var languages: [String] { textToImage.keys.sorted() }

    /// Mean text→image recall@k over the languages (0 when there are none).
    public func meanTextToImageRecall(at k: Int) -> Double {
        let values = textToImage.values.compactMap { $0.recall[k] }
        return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
