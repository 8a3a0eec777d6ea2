/// Settings of the unigram trainer; defaults follow SentencePiece's `spm_train`.
public struct TrainerOptions: Sendable, Equatable {
    /// Final vocabulary size, control and byte pieces included.
    public var vocabSize = 16_000
    /// Share of character occurrences that must be covered by character pieces; the rest fall back to bytes.
    public var characterCoverage = 0.9995
    /// How many frequent substrings seed the vocabulary.
    public var seedSize = 300_000
    /// Longest piece, in characters.
    public var maxPieceLength = 16
    /// Each pruning round keeps this share of the pieces.
    public var shrinkingFactor = 0.75
    /// EM iterations between pruning rounds.
    public var subIterations = 2
    /// Language sampling temperature exponent: p(language) ∝ lines^alpha.
    public var alpha = 0.3
    /// Sentences drawn (with weights) from the corpus in total.
    public var sentenceBudget = 400_000
    /// Add `<0x00>`…`<0xFF>` pieces so that no input becomes `<unk>`.
    public var byteFallback = true

    public init() {}
}

/// Why training could not run.
public enum TrainerError: Error, Equatable, CustomStringConvertible {
    /// The corpus directory has no `*.txt` files or no text.
    case emptyCorpus(String)
    /// The requested vocabulary cannot hold the control, byte and character pieces.
    case vocabularyTooSmall(needed: Int)

    public var description: String {
        switch self {
        case .emptyCorpus(let path): return "no training text in \(path) (expected <lang>.txt files)"
        case .vocabularyTooSmall(let needed): return "vocabulary too small: at least \(needed) pieces are needed"
        }
    }
}
