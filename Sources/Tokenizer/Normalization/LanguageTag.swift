import CTokenizerShims

/// A well-formed BCP-47 language tag and the locale-sensitive casing it selects.
///
/// Any tag that follows the BCP-47 grammar is accepted (`de`, `pt-BR`, `zh-Hant`, `sr-Latn-BA`,
/// `oc`, `nso`, `x-private`). Only the language subtag changes normalization today: Turkish and
/// Azeri (dotted/dotless i), Lithuanian (dot above kept on i before accents), Greek (final sigma).
/// A language ICU has no locale data for (Occitan, Inuktitut, Northern Sotho, …) normalizes with
/// the root rules; `hasLocaleData` tells callers so that they can say it.
///
/// ```swift
/// let tag = try LanguageTag("nso")   // accepted
/// tag.hasLocaleData                   // false: root rules
/// try LanguageTag("en US")            // throws .unknownLanguage
/// ```
public struct LanguageTag: Sendable, Equatable, CustomStringConvertible {
    /// Casing rules that differ from the language-neutral default.
    public enum Casing: Sendable, Equatable {
        /// Unicode default full case folding.
        case neutral
        /// Turkish/Azeri: I folds to ı and İ folds to i.
        case turkic
        /// Lithuanian: lowercase with the `lt` rules (keeps the dot above on i with accents).
        case lithuanian
        /// Greek: σ at the end of a word is written as final ς.
        case greek
    }

    /// The tag as given, with `_` written as `-`, e.g. `pt-BR`.
    public let tag: String
    /// ICU's locale ID for the tag, e.g. `pt_BR` (the root locale's empty ID when ICU cannot map it).
    public let localeID: String
    /// The primary language subtag in lower case, e.g. `pt` (`x` for a private-use tag).
    public let language: String
    /// Whether ICU has locale data for the language; without it the root rules apply.
    public let hasLocaleData: Bool
    /// The casing rules the language selects.
    public let casing: Casing

    public var description: String { tag }

    /// Parses `tag`; throws `.unknownLanguage` unless it is a well-formed BCP-47 tag.
    ///
    /// - Complexity: O(tag length), plus a set look-up in ICU's languages.
    public init(_ tag: String) throws {
        let trimmed = tag.trimmingSpaces()
        let bcp = trimmed.replacingUnderscores()
        guard trimmed.utf8.count < 100, let language = BCP47.primaryLanguage(of: bcp) else {
            throw NormalizationError.unknownLanguage(tag: tag)
        }
        self.tag = bcp
        self.language = language
        hasLocaleData = LanguageTag.supportedLanguages.contains(language)
        localeID = hasLocaleData ? LanguageTag.icuLocaleID(bcp) ?? language : ""
        switch language {
        case "tr", "az": casing = .turkic
        case "lt": casing = .lithuanian
        case "el": casing = .greek
        default: casing = .neutral
        }
    }

    /// ICU's locale ID for a well-formed tag, or nil when ICU does not parse all of it.
    private static func icuLocaleID(_ bcp: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 160)
        var parsed: Int32 = 0
        var status: Int32 = 0
        let length = litsearch_locale_for_tag(bcp, &buffer, Int32(buffer.count), &parsed, &status)
        guard status <= 0, Int(parsed) == bcp.utf8.count, length > 0 else { return nil }
        return String(cString: buffer)
    }

    /// The language codes ICU has locale data for (about 200 in ICU 72), sorted.
    public static let supportedLanguages: Set<String> = {
        var languages = Set<String>()
        for index in 0..<litsearch_locale_count() {
            guard let id = litsearch_locale_at(index) else { continue }
            let locale = String(cString: id)
            languages.insert(String(locale.prefix { $0 != "_" }))
        }
        return languages
    }()
}

extension String {
    /// The string without leading and trailing ASCII spaces.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// The string with `_` written as `-`, as BCP-47 wants.
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
