import ConceptBridge

/// The indefinite article a query may be worded with ("A frog.", "Ein Frosch.", "Igela bat."),
/// which says nothing about the picture and is taken off before the query is embedded.
///
/// The text towers learnt from bare names ("frog", "Frosch"), so an article is a word they read
/// as content: on the photo evaluation, "A dog." found its photos less often than "dog" in
/// English, German, Italian, Portuguese and Romanian. The concept bridges skip words they do not
/// know, but an article can be a word of their own lexicon (Basque "bat" is also "one").
///
/// ```swift
/// LeadingArticle.removed(from: "Ein Frosch.", language: "de")   // "Frosch."
/// LeadingArticle.removed(from: "un'anatra", language: "it")     // "anatra"
/// LeadingArticle.removed(from: "Igela bat.", language: "eu")    // "Igela."
/// LeadingArticle.removed(from: "a dog", language: nil)          // "dog" (English articles only)
/// LeadingArticle.removed(from: "A", language: "en")             // "A" (nothing would be left)
/// ```
public enum LeadingArticle {
    /// Indefinite articles (and English "the") that open a phrase, by primary language subtag.
    static let opening: [String: Set<String>] = [
        "en": ["a", "an", "the"], "de": ["ein", "eine", "einen", "einem", "einer"], "nl": ["een"],
        "fr": ["un", "une"], "es": ["un", "una"], "it": ["un", "uno", "una"], "pt": ["um", "uma"],
        "ca": ["un", "una"], "gl": ["un", "unha"], "ast": ["un", "una"], "oc": ["un", "una"],
        "ro": ["un", "o"], "el": ["ένας", "μια", "μία", "ένα"], "hu": ["egy"], "tr": ["bir"],
        "sq": ["një"], "af": ["'n", "’n"], "fil": ["isang"], "sv": ["en", "ett"], "da": ["en", "et"],
        "nb": ["en", "ei", "et"], "no": ["en", "ei", "et"], "nn": ["ein", "ei", "eit"],
        "lb": ["en", "eng"], "fy": ["in", "ien"], "br": ["ur", "un", "ul"],
    ]
    /// Articles written before the noun with an apostrophe and no space ("un'anatra").
    static let elided: [String: [String]] = ["it": ["un'", "un’"]]
    /// Articles that close a phrase ("igela bat").
    static let closing: [String: Set<String>] = ["eu": ["bat"]]

    /// `text` without its article, or `text` itself when it has none or would be left empty.
    /// `language` nil takes off English articles only.
    ///
    /// - Complexity: O(n) for n characters.
    public static func removed(from text: String, language: String?) -> String {
        let primary = ConceptLexicon.primarySubtag(of: language) ?? "en"
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let first = words.first else { return text }
        if words.count >= 2, opening[primary]?.contains(first.lowercased()) == true {
            return String(text[words[1].startIndex...])
        }
        for prefix in elided[primary] ?? [] where first.count > prefix.count && first.lowercased().hasPrefix(prefix) {
            return String(text[text.index(first.startIndex, offsetBy: prefix.count)...])
        }
        if words.count >= 2, let last = words.last, let closers = closing[primary] {
            let word = last.prefix { !$0.isPunctuation }
            if closers.contains(word.lowercased()) {
                let before = words[words.count - 2]
                return String(text[..<before.endIndex]) + String(last[word.endIndex...])
            }
        }
        return text
    }
}
