/// The sizes and kind of a text tower.
///
/// Stored as JSON in every checkpoint, so a saved tower is rebuilt with exactly its shapes.
public struct TextTowerConfig: Codable, Sendable, Equatable {
    /// Architecture of the tower.
    public enum Kind: String, Codable, Sendable {
        /// Pre-LayerNorm transformer encoder.
        case transformer
        /// Mean of token embeddings followed by the linear head (the LiT-paper baseline).
        case bagOfSubwords
    }

    /// How token states become one vector per caption.
    public enum Pooling: String, Codable, Sendable {
        /// Mean over the caption's real (non-padding) tokens.
        case mean
        /// The state of the first token (the tokenizer's BOS), like a CLS token.
        case first
    }

    public var kind: Kind
    /// Tokenizer vocabulary size (the shipped model has 32,000).
    public var vocabularySize: Int
    /// Width of token states.
    public var dimension: Int
    /// Number of encoder layers (ignored by the bag-of-subwords tower).
    public var layers: Int
    /// Attention heads per layer; must divide `dimension`.
    public var heads: Int
    /// Hidden width of each MLP as a multiple of `dimension`.
    public var mlpRatio: Int
    /// Longest token sequence (learned positions exist for this many).
    public var maxLength: Int
    /// Width of the joint embedding space the head maps to.
    public var outputDimension: Int
    public var pooling: Pooling
    /// Whether embeddings (token and position) receive AdamW weight decay.
    public var decayEmbeddings: Bool

    public init(
        kind: Kind = .transformer, vocabularySize: Int = 32_000, dimension: Int = 256, layers: Int = 4,
        heads: Int = 4, mlpRatio: Int = 4, maxLength: Int = 16, outputDimension: Int = 256,
        pooling: Pooling = .mean, decayEmbeddings: Bool = false
    ) {
        self.kind = kind
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.layers = layers
        self.heads = heads
        self.mlpRatio = mlpRatio
        self.maxLength = maxLength
        self.outputDimension = outputDimension
        self.pooling = pooling
        self.decayEmbeddings = decayEmbeddings
    }

    /// Hidden width of the MLPs.
    public var hiddenDimension: Int { dimension * mlpRatio }
    /// Width of one attention head.
    public var headDimension: Int { dimension / heads }

    /// Throws if the sizes cannot build a tower.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw TextTowerError(message: "invalid text tower config: \(message)") }
        }
        try check(vocabularySize > 3, "vocabularySize \(vocabularySize) must exceed the 4 special ids")
        try check(dimension > 0 && outputDimension > 0 && maxLength > 0, "sizes must be positive")
        // Bounds far above any tower litsearch trains, so that the parameter layout of a config
        // read from a file (a checkpoint's header) can never overflow or run for hours.
        let limits = Self.limits
        try check(vocabularySize <= limits.vocabularySize, "vocabularySize \(vocabularySize) exceeds \(limits.vocabularySize)")
        try check(dimension <= limits.width && outputDimension <= limits.width,
                  "dimension \(dimension) and outputDimension \(outputDimension) must be at most \(limits.width)")
        try check(maxLength <= limits.maxLength, "maxLength \(maxLength) exceeds \(limits.maxLength)")
        if kind == .transformer {
            try check(layers >= 0 && mlpRatio > 0, "layers ≥ 0 and mlpRatio > 0")
            try check(layers <= limits.layers && mlpRatio <= limits.mlpRatio,
                      "layers \(layers) and mlpRatio \(mlpRatio) must be at most \(limits.layers) and \(limits.mlpRatio)")
            try check(heads > 0 && dimension % heads == 0, "heads \(heads) must divide dimension \(dimension)")
        }
    }

    /// The largest sizes `validate()` accepts. With them a tower has at most about 2⁴¹
    /// parameters, so no size computation overflows; a checkpoint is then refused when its
    /// arrays do not match, before anything of that size is allocated.
    public static let limits = (vocabularySize: 1 << 24, width: 1 << 14, maxLength: 1 << 14, layers: 256, mlpRatio: 16)
}

/// A text tower could not be built or run with the given input.
public struct TextTowerError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
