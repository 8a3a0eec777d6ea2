import CTokenizerShims

/// Greek final sigma: `σ` ending a word is written `ς`.
///
/// NFKC_Casefold folds both sigmas to σ. With `--lang el` the normalizer restores the written form,
/// so "ΟΔΟΣ", "Οδός" and "οδός" all become "οδός" and match Greek text typed in lowercase. A σ is
/// final when a letter precedes it and no letter follows it (combining marks are skipped both ways),
/// the rule of Unicode's Final_Sigma casing context.
enum GreekSigma {
    /// Rewrites final σ to ς in place.
    ///
    /// - Complexity: O(n) for ordinary text (each σ looks past adjacent combining marks only).
    static func applyFinalForm(_ scalars: inout [Unicode.Scalar]) {
        for i in scalars.indices where scalars[i].value == 0x03C3 {
            if isLetter(before: i, in: scalars) && !isLetter(after: i, in: scalars) {
                scalars[i] = "\u{03C2}"
            }
        }
    }

    private static func isLetter(before index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var j = index - 1
        while j >= 0 {
            let kind = category(scalars[j])
            if kind == .mark { j -= 1; continue }
            return kind == .letter
        }
        return false
    }

    private static func isLetter(after index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var j = index + 1
        while j < scalars.count {
            let kind = category(scalars[j])
            if kind == .mark { j += 1; continue }
            return kind == .letter
        }
        return false
    }

    private enum Kind { case letter, mark, other }

    private static func category(_ scalar: Unicode.Scalar) -> Kind {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .nonspacingMark, .enclosingMark, .spacingMark: return .mark
        default: return .other
        }
    }
}
