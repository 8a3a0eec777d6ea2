import CTokenizerShims

/// The character tests behind the normalizer's keep-or-drop rules for format characters.
enum CharacterClasses {
    /// Whether a ZWJ between `previous` and `next` is part of an emoji ZWJ sequence.
    static func joinsEmoji(_ previous: Unicode.Scalar?, _ next: Unicode.Scalar?) -> Bool {
        guard let previous, let next else { return false }
        let p = Int32(bitPattern: previous.value), n = Int32(bitPattern: next.value)
        return litsearch_is_emoji_part(p) != 0 && litsearch_is_pictographic(n) != 0
    }

    /// Whether a ZWNJ between `previous` and `next` touches a script in which it matters.
    static func joinsScript(_ previous: Unicode.Scalar?, _ next: Unicode.Scalar?) -> Bool {
        [previous, next].contains { scalar in
            guard let scalar else { return false }
            return litsearch_is_zwnj_script(Int32(bitPattern: scalar.value)) != 0
        }
    }

    /// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
    static func isNoncharacter(_ value: UInt32) -> Bool {
        (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// Visible format characters (Prepended_Concatenation_Mark) that are part of the text.
    static func isPrependedConcatenationMark(_ value: UInt32) -> Bool {
        (0x0600...0x0605).contains(value) || value == 0x06DD || value == 0x070F || value == 0x0890
            || value == 0x0891 || value == 0x08E2 || value == 0x110BD || value == 0x110CD
    }
}
