import CTokenizerShims

/// Which substrings may become pieces, after SentencePiece's `IsValidSentencePiece`.
///
/// A piece is at most `maxLength` characters; `▁` may only start it (pieces never span words) and
/// is not a piece's only content unless it is the single `▁`; all its characters share one script
/// (Han, Hiragana and Katakana count as one, as Japanese mixes them; combining marks fit any
/// script); and digits do not mix with other characters (`split_by_number`).
struct PieceValidity {
    let maxLength: Int
    private static let meta: UInt32 = 0x2581

    /// Whether the scalars form a valid piece.
    ///
    /// - Complexity: O(length).
    func isValid(_ scalars: ArraySlice<UInt32>) -> Bool {
        guard !scalars.isEmpty, scalars.count <= maxLength else { return false }
        var script: Int32 = -1
        var digits: Bool? = nil
        for (offset, value) in scalars.enumerated() {
            if value == Self.meta {
                if offset != 0 { return false }
                continue
            }
            if value >= 0x110000 { return false }
            let c = Int32(bitPattern: value)
            let isDigit = litsearch_is_digit(c) != 0
            if let d = digits, d != isDigit { return false }
            digits = isDigit
            var s = litsearch_script(c)
            if s == 1 { continue }  // Inherited: combining marks
            if s == 20 || s == 22 || value == 0x30FC { s = 17 }  // Hiragana, Katakana, ー → Han
            if script >= 0 && s != script { return false }
            script = s
        }
        return true
    }
}
