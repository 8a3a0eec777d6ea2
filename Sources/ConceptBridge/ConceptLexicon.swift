import Foundation

/// Words in many languages → WordNet noun senses → the ImageNet classes at or below each sense.
///
/// The lexicon is two tab-separated files built by `scripts/bridge/build_lexicon.py` from CLDR,
/// WordNet and FreeDict (see `models/bridge/SOURCES.md`):
///
/// ```text
/// classes.tsv   02084071<TAB>151,152,153,…          a synset and the classes in its hyponym closure
/// lexicon.tsv   de<TAB>hund<TAB>02084071:1          a language, a normalised term, its senses and weights
/// ```
///
/// `classWeights(of:)` turns a term's senses into one weight per class: a class reached by senses
/// whose weights add up to w gets w (at most 1), so a word's weights over an image's class
/// probabilities give the probability that the image shows that word.
public struct ConceptLexicon: Sendable {
    /// One sense of a term, with its share of the term's uses.
    public struct Sense: Sendable, Equatable {
        public let synset: Int
        public let weight: Float
    }

    /// The senses of each normalised term, by language tag.
    let terms: any TermLookup
    /// The ImageNet classes below each synset.
    let synsetClasses: [Int: [Int32]]
    /// Languages with at least one term (primary subtags).
    public let languages: Set<String>
    /// Longest term, in matching units (words, or characters of unspaced scripts).
    let longestTerm: Int

    /// Reads the two files. A lexicon that starts with `SortedTermFile.signature` (what
    /// build_lexicon.py writes) is mapped and searched in place instead of parsed.
    ///
    /// - Throws: `ConceptBridgeError.unreadable` or `.malformed` (with the line number).
    /// - Complexity: O(classes.tsv) for a sorted lexicon, else O(file sizes).
    public init(lexicon: URL, classes: URL) throws {
        var synsetClasses: [Int: [Int32]] = [:]
        try Self.rows(of: Self.read(classes), path: classes.path) { fields, line in
            guard fields.count == 2, let synset = Self.integer(fields[0]) else { throw ConceptBridgeError.malformed(classes.path, line: line) }
            let ids = fields[1].split(separator: UInt8(ascii: ",")).compactMap { Self.integer($0).map(Int32.init) }
            guard !ids.isEmpty, ids.allSatisfy({ (0..<1000).contains($0) }) else { throw ConceptBridgeError.malformed(classes.path, line: line) }
            synsetClasses[synset] = ids
        }
        if let sorted = try Self.sortedFile(at: lexicon) {
            self.init(terms: sorted, synsetClasses: synsetClasses, languages: sorted.languages, longestTerm: Self.longestMatch)
        } else {
            try self.init(lexicon: lexicon, synsetClasses: synsetClasses)
        }
    }

    /// The file at `url`, mapped, when it is sorted by term (it starts with the signature line).
    private static func sortedFile(at url: URL) throws -> SortedTermFile? {
        let text = try mapped(url)
        guard text.starts(with: Array(SortedTermFile.signature.utf8)) else { return nil }
        return try SortedTermFile(text: text, path: url.path)
    }

    /// The file at `url`, mapped into memory.
    ///
    /// - Throws: `ConceptBridgeError.unreadable`.
    private static func mapped(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw ConceptBridgeError.unreadable(url.path, error.localizedDescription)
        }
    }

    /// Opens a lexicon sorted by term (`SortedTermFile`, searched in place, nothing parsed) whose
    /// senses are targets themselves, `0..<targets`, each reaching only itself: the picture
    /// lexicon, whose "synsets" are rows of its prototype matrix.
    ///
    /// - Throws: `ConceptBridgeError.unreadable`, or `.malformed` when the header is missing.
    public init(sortedLexicon url: URL, targets: Int) throws {
        let file = try SortedTermFile(text: Self.mapped(url), path: url.path)
        self.init(terms: file, synsetClasses: Dictionary(uniqueKeysWithValues: (0..<targets).map { ($0, [Int32($0)]) }),
                  languages: file.languages, longestTerm: Self.longestMatch)
    }

    private init(lexicon: URL, synsetClasses: [Int: [Int32]]) throws {
        let text = try Self.read(lexicon)
        var rows: [TermTable.Row] = [], senses: [Sense] = [], tags: [String] = []
        var languages = Set<String>()
        var lastTag: ArraySlice<UInt8> = []
        try Self.rows(of: text, path: lexicon.path) { fields, line in
            guard fields.count == 3, !fields[1].isEmpty else { throw ConceptBridgeError.malformed(lexicon.path, line: line) }
            let first = senses.count
            guard Self.appendSenses(of: fields[2], to: &senses, keeping: { synsetClasses[$0] != nil }) else {
                throw ConceptBridgeError.malformed(lexicon.path, line: line)
            }
            guard senses.count > first else { return }
            // Rows come grouped by language: a tag's string is made once per group.
            if tags.isEmpty || !fields[0].elementsEqual(lastTag) {
                lastTag = fields[0]
                let language = String(decoding: fields[0], as: UTF8.self)
                tags.append(language)
                if let primary = fields[0].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false).first, primary.count != fields[0].count {
                    languages.insert(String(decoding: primary, as: UTF8.self))
                } else {
                    languages.insert(language)
                }
            }
            rows.append(TermTable.Row(term: fields[1].startIndex..<fields[1].endIndex, language: Int32(tags.count - 1),
                                      senses: Int32(first)..<Int32(senses.count)))
        }
        // Matching tries windows of at most this many units; windows longer than the lexicon's
        // longest term simply find nothing, so the cap serves without measuring every term.
        self.init(terms: TermTable(text: text, rows: rows, languages: tags, senses: senses), synsetClasses: synsetClasses,
                  languages: languages, longestTerm: Self.longestMatch)
    }

    init(terms: any TermLookup, synsetClasses: [Int: [Int32]], languages: Set<String>, longestTerm: Int) {
        self.terms = terms
        self.synsetClasses = synsetClasses
        self.languages = languages
        self.longestTerm = longestTerm
    }

    /// A lexicon of the given terms (for tests): term → language tag → senses.
    init(terms: [String: [String: [Sense]]], synsetClasses: [Int: [Int32]], languages: Set<String>, longestTerm: Int) {
        var text: [UInt8] = [], rows: [TermTable.Row] = [], senses: [Sense] = [], tags: [String] = []
        for (term, byLanguage) in terms {
            for (language, termSenses) in byLanguage {
                let start = text.count
                text += Array(term.utf8)
                tags.append(language)
                rows.append(TermTable.Row(term: start..<text.count, language: Int32(tags.count - 1),
                                          senses: Int32(senses.count)..<Int32(senses.count + termSenses.count)))
                senses += termSenses
            }
        }
        self.init(terms: TermTable(text: text, rows: rows, languages: tags, senses: senses), synsetClasses: synsetClasses,
                  languages: languages, longestTerm: longestTerm)
    }

    /// The primary language subtag of `language`, lower-cased ("pt-BR" → "pt", "zh_Hant" → "zh").
    ///
    /// - Complexity: O(tag length).
    public static func primarySubtag(of language: String?) -> String? {
        language.map { String($0.lowercased().prefix { $0 != "-" && $0 != "_" }) }
    }

    /// Number of distinct terms.
    public var termCount: Int { terms.termCount }

    /// The senses of `term` (already normalised) for `language`: that language's entry (its primary
    /// subtag, then any regional variant); with no language, or a language the lexicon has no
    /// words for, the entries of every language, averaged.
    ///
    /// - Complexity: O(languages of the term).
    public func senses(of term: String, language: String?) -> [Sense]? {
        guard let byLanguage = terms.senses(ofTerm: Array(term.utf8)) else { return nil }
        let primary = Self.primarySubtag(of: language)
        if let primary, languages.contains(primary) {
            if let exact = language.flatMap({ byLanguage[$0] }) { return exact }
            if let plain = byLanguage[primary] { return plain }
            return byLanguage.first { $0.key.hasPrefix(primary + "-") }?.value
        }
        var merged: [Int: Float] = [:]
        for senses in byLanguage.values {
            for sense in senses { merged[sense.synset, default: 0] += sense.weight / Float(byLanguage.count) }
        }
        return merged.sorted { $0.key < $1.key }.map { Sense(synset: $0.key, weight: $0.value) }
    }

    /// One weight per reached class: the summed weights of the senses that reach it, at most 1.
    ///
    /// - Complexity: O(classes below the senses).
    public func classWeights(of senses: [Sense]) -> [Int32: Float] {
        var weights: [Int32: Float] = [:]
        for sense in senses {
            for id in synsetClasses[sense.synset] ?? [] { weights[id] = min(1, weights[id, default: 0] + sense.weight) }
        }
        return weights
    }

    /// The bytes of `url`, checked to be UTF-8.
    private static func read(_ url: URL) throws -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw ConceptBridgeError.unreadable(url.path, error.localizedDescription)
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ConceptBridgeError.unreadable(url.path, "not UTF-8 text")
        }
        return bytes
    }

    /// Calls `body` with the tab-separated fields of each line of `bytes` that is neither empty nor
    /// a `#` comment, and its 1-based line number. Works on the UTF-8 bytes (the fields are slices
    /// of `bytes`, with its indices): the shipped lexicon has 54,000 lines, and every text query
    /// loads it.
    private static func rows(of bytes: [UInt8], path: String, _ body: ([ArraySlice<UInt8>], Int) throws -> Void) throws {
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard let first = line.first, first != UInt8(ascii: "#") else { continue }
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            try body(trimmed.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false), number)
        }
    }

    /// Appends the senses of a lexicon line's third field (`synset:weight,…`) whose synset
    /// `keeping` accepts; false, with `senses` partly appended, when the field is malformed.
    ///
    /// - Complexity: O(field length).
    static func appendSenses(of field: ArraySlice<UInt8>, to senses: inout [Sense], keeping: (Int) -> Bool = { _ in true }) -> Bool {
        for item in field.split(separator: UInt8(ascii: ",")) {
            let parts = item.split(separator: UInt8(ascii: ":"))
            guard parts.count == 2, let synset = integer(parts[0]), let weight = decimal(parts[1]), weight > 0 else { return false }
            if keeping(synset) { senses.append(Sense(synset: synset, weight: weight)) }
        }
        return true
    }

    /// A non-negative decimal integer, or nil.
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// A number such as `1`, `0.25` or `2.5e-3`.
    static func decimal(_ bytes: ArraySlice<UInt8>) -> Float? {
        Float(String(decoding: bytes, as: UTF8.self))
    }

    /// The most units (words, or unspaced characters) a query window spans when matching terms.
    static let longestMatch = 8
}

/// Why the concept bridge could not be loaded.
public enum ConceptBridgeError: Error, Equatable, CustomStringConvertible {
    /// A file could not be read.
    case unreadable(String, String)
    /// A line does not have the documented shape.
    case malformed(String, line: Int)
    /// The classifier does not match the lexicon's 1,000 classes or the features' width.
    case shape(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read the concept bridge file \(path): \(reason) (rebuild it with python3 scripts/bridge/build_lexicon.py)"
        case let .malformed(path, line):
            return "\(path): line \(line) is malformed (rebuild it with python3 scripts/bridge/build_lexicon.py)"
        case let .shape(message):
            return "concept bridge: \(message)"
        }
    }
}
