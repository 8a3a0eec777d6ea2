/// Field numbers of SentencePiece's `TrainerSpec` that litsearch reads or writes.
public enum TrainerSpecField {
    public static let input = 1
    public static let modelPrefix = 2
    public static let modelType = 3
    public static let vocabSize = 4
    public static let characterCoverage = 10
    public static let inputSentenceSize = 11
    public static let seedSentencepieceSize = 14
    public static let shrinkingFactor = 15
    public static let numThreads = 16
    public static let numSubIterations = 17
    public static let maxSentenceLength = 18
    public static let maxSentencepieceLength = 20
    public static let splitByUnicodeScript = 21
    public static let splitByWhitespace = 22
    public static let splitByNumber = 23
    public static let treatWhitespaceAsSuffix = 24
    public static let splitDigits = 25
    public static let byteFallback = 35
    public static let unkId = 40
    public static let bosId = 41
    public static let eosId = 42
    public static let padId = 43
    public static let unkSurface = 44
}

/// Field numbers of SentencePiece's `NormalizerSpec`.
public enum NormalizerSpecField {
    public static let name = 1
    public static let precompiledCharsmap = 2
    public static let addDummyPrefix = 3
    public static let removeExtraWhitespaces = 4
    public static let escapeWhitespaces = 5
}
