import CTokenizerShims

/// A validated BCP-47 language tag and the locale-sensitive casing it selects.
///
/// Only the language subtag changes normalization today: Turkish and Azeri (dotted/dotless i),
/// Lithuanian (dot above kept on i before accents), Greek (final sigma). Script and region subtags
/// (`sr-Latn`, `pt-BR`, `zh-Hant`) are validated and kept but normalize like the bare language,
/// because NFKC_Casefold has no script- or region-specific rules.
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

    /// The tag as given, e.g. `pt-BR`.
    public let tag: String
    /// ICU's locale ID for the tag, e.g. `pt_BR`.
    public let localeID: String
    /// The ISO 639 language code, e.g. `pt`.
    public let language: String
    /// The casing rules the language selects.
    public let casing: Casing

    public var description: String { tag }

    /// Parses and validates `tag`; throws `.unknownLanguage` unless ICU has data for its language.
    ///
    /// - Complexity: O(number of ICU locales) for the availability check.
    public init(_ tag: String) throws {
        let trimmed = tag.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.utf8.count < 100,
              trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw NormalizationError.unknownLanguage(tag: tag) }
        let bcp = trimmed.replacingUnderscores()
        var buffer = [CChar](repeating: 0, count: 160)
        var parsed: Int32 = 0
        var status: Int32 = 0
        let length = litsearch_locale_for_tag(bcp, &buffer, Int32(buffer.count), &parsed, &status)
        guard status <= 0, Int(parsed) == bcp.utf8.count, length > 0 else {
            throw NormalizationError.unknownLanguage(tag: tag)
        }
        let localeID = String(cString: buffer)
        var languageBuffer = [CChar](repeating: 0, count: 16)
        status = 0
        _ = litsearch_locale_language(localeID, &languageBuffer, Int32(languageBuffer.count), &status)
        let language = String(cString: languageBuffer)
        guard status <= 0, LanguageTag.supportedLanguages.contains(language) else {
            throw NormalizationError.unknownLanguage(tag: tag)
        }
        self.tag = bcp
        self.localeID = localeID
        self.language = language
        switch language {
        case "tr", "az": casing = .turkic
        case "lt": casing = .lithuanian
        case "el": casing = .greek
        default: casing = .neutral
        }
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
