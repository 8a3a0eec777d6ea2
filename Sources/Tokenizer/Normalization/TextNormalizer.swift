import CTokenizerShims

/// The text front end's normalization: NFKC_Casefold plus the rules search needs.
///
/// The pipeline, in order (docs/tokenizer.md explains why each rule exists):
/// 1. Strict UTF-8 decoding (bad bytes are an error with their offset).
/// 2. Every White_Space character (tabs, newlines, NBSP, ideographic space…) becomes U+0020.
/// 3. Control characters (Cc, NUL included) and format characters (Cf: bidi marks, soft hyphen,
///    BOM…) are removed, except ZWJ between two emoji (it builds 👩‍💻) and ZWNJ next to Arabic-script
///    or Indic letters (it changes spelling in Persian and Hindi). Noncharacters are removed.
/// 4. Combining marks after the 30th in a row are dropped (UAX #15's stream-safe limit), so a
///    "combining-mark storm" cannot make canonical reordering quadratic.
/// 5. Locale casing where a language needs it (`LanguageTag.Casing`), then ICU's NFKC_Casefold.
/// 6. Greek only: σ at the end of a word becomes ς.
/// 7. Runs of spaces collapse to one; leading and trailing spaces are removed.
public struct TextNormalizer: Sendable {
    /// The language whose casing rules apply, or nil for language-neutral normalization.
    public let language: LanguageTag?

    /// Private-use stand-ins that carry a kept ZWJ/ZWNJ through NFKC_Casefold (which deletes both).
    private static let zwjStandIn: UInt16 = 0xFDD0
    private static let zwnjStandIn: UInt16 = 0xFDD1
    /// The longest run of combining marks kept (UAX #15 stream-safe text format).
    public static let maxCombiningRun = 30

    /// A normalizer for `language` (nil: language-neutral).
    public init(language: LanguageTag? = nil) {
        self.language = language
    }

    /// Normalizes raw bytes; throws `.invalidUTF8(offset:)` for bytes that are not UTF-8.
    ///
    /// - Complexity: O(n) in the length of the input.
    public func normalize<Bytes: Collection>(bytes: Bytes) throws -> String where Bytes.Element == UInt8 {
        try normalize(scalars: UTF8Decoding.scalars(bytes))
    }

    /// Normalizes a Swift string (which is always valid Unicode).
    ///
    /// - Complexity: O(n) in the length of the input.
    public func normalize(_ text: String) throws -> String {
        try normalize(scalars: Array(text.unicodeScalars))
    }

    /// Normalizes decoded scalars through steps 2–7.
    ///
    /// - Complexity: O(n).
    public func normalize(scalars: [Unicode.Scalar]) throws -> String {
        var units = filtered(scalars)
        if units.isEmpty { return "" }
        switch language?.casing ?? .neutral {
        case .turkic:
            units = try ICUCalls.transform(units) { litsearch_fold_case($0, $1, $2, $3, 1, $4) }
        case .lithuanian:
            let locale = language?.localeID ?? "lt"
            units = try ICUCalls.transform(units) { litsearch_to_lower($0, $1, $2, $3, locale, $4) }
        case .neutral, .greek:
            break
        }
        units = try ICUCalls.transform(units, litsearch_nfkc_casefold)
        var scalarsOut = Array(String(decoding: units, as: UTF16.self).unicodeScalars)
        if language?.casing == .greek { GreekSigma.applyFinalForm(&scalarsOut) }
        return collapsed(scalarsOut)
    }

    /// Steps 2–4: whitespace to U+0020, controls and most format characters removed, mark runs capped.
    ///
    /// - Complexity: O(n).
    private func filtered(_ scalars: [Unicode.Scalar]) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(scalars.count + 8)
        var previous: Unicode.Scalar? = nil
        var markRun = 0
        for (index, scalar) in scalars.enumerated() {
            let value = Int32(bitPattern: scalar.value)
            if litsearch_is_white_space(value) != 0 {
                out.append(0x20); previous = " "; markRun = 0
                continue
            }
            if litsearch_is_control(value) != 0 { continue }
            if CharacterClasses.isNoncharacter(scalar.value) { continue }
            if litsearch_is_format(value) != 0 {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if scalar.value == 0x200D, CharacterClasses.joinsEmoji(previous, next) {
                    out.append(Self.zwjStandIn)
                } else if scalar.value == 0x200C, CharacterClasses.joinsScript(previous, next) {
                    out.append(Self.zwnjStandIn)
                } else if CharacterClasses.isPrependedConcatenationMark(scalar.value) {
                    out.append(contentsOf: UTF16.encode(scalar))
                }
                continue
            }
            if litsearch_combining_class(value) != 0 {
                markRun += 1
                if markRun > Self.maxCombiningRun { continue }
            } else {
                markRun = 0
            }
            out.append(contentsOf: UTF16.encode(scalar))
            previous = scalar
        }
        return out
    }

    /// Step 7 plus restoring kept joiners: spaces collapsed and trimmed.
    ///
    /// - Complexity: O(n).
    private func collapsed(_ scalars: [Unicode.Scalar]) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar.value == 0x20 || litsearch_is_white_space(Int32(bitPattern: scalar.value)) != 0 {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" "); pendingSpace = false }
            switch scalar.value {
            case UInt32(Self.zwjStandIn): result.append("\u{200D}")
            case UInt32(Self.zwnjStandIn): result.append("\u{200C}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

extension UTF16 {
    /// The UTF-16 code units of one scalar.
    fileprivate static func encode(_ scalar: Unicode.Scalar) -> [UInt16] {
        Array(String(scalar).utf16)
    }
}
