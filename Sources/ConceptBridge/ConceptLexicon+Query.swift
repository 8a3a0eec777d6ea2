extension ConceptLexicon {
    /// What a query reaches: the terms found in it and one weight per ImageNet class.
    public struct Match: Sendable, Equatable {
        /// The matched terms, in query order.
        public let terms: [String]
        /// Class index → weight in (0, 1]; the mean over the terms of each term's class weights.
        public let classWeights: [Int32: Float]

        /// No term matched.
        public var isEmpty: Bool { terms.isEmpty }
    }

    /// The terms of a normalised query, found greedily from the left, longest first ("ice cream"
    /// before "ice"), and the classes they reach. Words that are no term are skipped (articles,
    /// colours, "a photo of"). English plurals fall back to their singular ("dogs" → "dog"),
    /// Arabic words to their form without the article and vowel marks ("القطة" → "قطة").
    ///
    /// With `borrowing`, when none of the words is a term of the query's language, terms of every
    /// language of at least `minimumBorrowedLength` characters are tried: a loanword, a
    /// neighbour's spelling, or a language the lexicon knows only a few names of.
    /// (`ConceptBridge.borrows` decides it for both lexicons at once.)
    ///
    /// ```swift
    /// lexicon.match("ein hund.", language: "de").terms                  // ["hund"]
    /// lexicon.match("un frosch", language: "oc", borrowing: true).terms  // ["frosch"], German's
    /// ```
    ///
    /// - Parameter normalized: the query after the tokenizer's normaliser (case-folded NFKC).
    /// - Complexity: O(units · longest term) dictionary look-ups.
    public func match(_ normalized: String, language: String?, borrowing: Bool = false) -> Match {
        let units = TermUnits(Self.foldingFinalSigma(normalized))
        var found = terms(in: units, language: language, minimumLength: 1)
        if borrowing, found.isEmpty, let primary = Self.primarySubtag(of: language), languages.contains(primary) {
            found = terms(in: units, language: nil, minimumLength: Self.minimumBorrowedLength)
        }
        guard !found.isEmpty else { return Match(terms: [], classWeights: [:]) }
        var weights: [Int32: Float] = [:]
        for (_, senses) in found {
            for (id, weight) in classWeights(of: senses) { weights[id, default: 0] += weight / Float(found.count) }
        }
        return Match(terms: found.map(\.term), classWeights: weights)
    }

    /// The shortest term (in characters) taken from another language when the query's own language
    /// has none of its words: shorter ones are mostly another language's function words.
    static let minimumBorrowedLength = 4

    /// The terms found greedily from the left, longest first, of at least `minimumLength` characters.
    private func terms(in units: TermUnits, language: String?, minimumLength: Int) -> [(term: String, senses: [Sense])] {
        var found: [(term: String, senses: [Sense])] = []
        var start = 0
        while start < units.count {
            var matched = false
            for end in stride(from: min(units.count, start + longestTerm), to: start, by: -1) {
                let term = units.term(start..<end)
                guard term.count >= minimumLength else { continue }
                if let (entry, senses) = lookUp(term, language: language, single: end - start == 1 && !units.unspaced[start]) {
                    found.append((entry, senses))
                    start = end
                    matched = true
                    break
                }
            }
            if !matched { start += 1 }
        }
        return found
    }

    /// The lexicon's term for `term` and its senses, trying English singulars of a single word,
    /// and Arabic words without their vowel marks and definite article, when the word itself is
    /// unknown.
    private func lookUp(_ term: String, language: String?, single: Bool) -> (String, [Sense])? {
        if let senses = senses(of: term, language: language) { return (term, senses) }
        let candidates: [String]
        switch Self.primarySubtag(of: language) {
        case "en", nil: candidates = single && term.count > 3 ? Self.englishSingulars(term) : []
        case "ar": candidates = Self.arabicBareForms(term)
        default: candidates = []
        }
        for candidate in candidates {
            if let senses = senses(of: candidate, language: language) { return (candidate, senses) }
        }
        return nil
    }

    /// An Arabic term as the lexicon writes it: without vowel marks (U+064B…U+0652, U+0670) and
    /// without the definite article on each word ("الزّهرة" → "زهرة"), most specific first.
    static func arabicBareForms(_ term: String) -> [String] {
        let unmarked = String(String.UnicodeScalarView(term.unicodeScalars.filter {
            !(0x064B...0x0652).contains($0.value) && $0.value != 0x0670
        }))
        let words = unmarked.split(separator: " ", omittingEmptySubsequences: false)
        let bare = words.map { $0.hasPrefix("ال") && $0.count > 3 ? $0.dropFirst(2) : $0 }.joined(separator: " ")
        var forms: [String] = []
        for form in [unmarked, bare] where form != term && !forms.contains(form) { forms.append(form) }
        return forms
    }

    /// `text` with Greek final sigma (ς) as σ. The query normaliser lower-cases Greek by its
    /// language rules and keeps the final form ("σκύλος"); the lexicons' terms are case-folded,
    /// which writes every sigma as σ ("σκύλοσ"). Without this, no Greek word ending in -ς (most
    /// masculine nouns: -ος, -ας, -ης) matched a term.
    ///
    /// - Complexity: O(n) for n bytes; no copy when the text has no ς.
    static func foldingFinalSigma(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{03C2}") else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{03C2}" ? "\u{03C3}" : $0 }))
    }

    /// Candidate singulars of an English plural, most specific first.
    static func englishSingulars(_ word: String) -> [String] {
        var candidates: [String] = []
        if word.hasSuffix("ies") { candidates.append(String(word.dropLast(3)) + "y") }
        if word.hasSuffix("ves") { candidates += [String(word.dropLast(3)) + "f", String(word.dropLast(3)) + "fe"] }
        if word.hasSuffix("es") { candidates.append(String(word.dropLast(2))) }
        if word.hasSuffix("s"), !word.hasSuffix("ss") { candidates.append(String(word.dropLast())) }
        if word.hasSuffix("men") { candidates.append(String(word.dropLast(3)) + "man") }
        return candidates
    }
}
