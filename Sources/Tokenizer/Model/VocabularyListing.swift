/// The readable `.vocab` listing that SentencePiece writes beside a model: `piece<TAB>score` per line.
public enum VocabularyListing {
    /// One line per piece, in id order.
    ///
    /// - Complexity: O(vocabulary size).
    public static func text(for model: SentencePieceModel) -> String {
        model.pieces.map { "\($0.text)\t\(formatted($0.score))" }.joined(separator: "\n") + "\n"
    }

    /// Scores as SentencePiece prints them: integers bare, others with up to 6 significant digits.
    private static func formatted(_ score: Float) -> String {
        score == score.rounded() ? String(Int(score)) : String(score)
    }
}
