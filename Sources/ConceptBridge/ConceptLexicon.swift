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
    let terms: [String: [String: [Sense]]]
    /// The ImageNet classes below each synset.
    let synsetClasses: [Int: [Int32]]
    /// Languages with at least one term (primary subtags).
    public let languages: Set<String>
    /// Longest term, in matching units (words, or characters of unspaced scripts).
    let longestTerm: Int

    /// Reads the two files.
    ///
    /// - Throws: `ConceptBridgeError.unreadable` or `.malformed` (with the line number).
    /// - Complexity: O(file sizes).
    public init(lexicon: URL, classes: URL) throws {
        var synsetClasses: [Int: [Int32]] = [:]
        try Self.lines(of: classes) { fields, line in
            guard fields.count == 2, let synset = Int(fields[0]) else { throw ConceptBridgeError.malformed(classes.path, line: line) }
            let ids = fields[1].split(separator: ",").compactMap { Int32($0) }
            guard !ids.isEmpty, ids.allSatisfy({ (0..<1000).contains($0) }) else { throw ConceptBridgeError.malformed(classes.path, line: line) }
            synsetClasses[synset] = ids
        }
        var terms: [String: [String: [Sense]]] = [:]
        var languages = Set<String>()
        var longest = 1
        try Self.lines(of: lexicon) { fields, line in
            guard fields.count == 3, !fields[1].isEmpty else { throw ConceptBridgeError.malformed(lexicon.path, line: line) }
            var senses: [Sense] = []
            for item in fields[2].split(separator: ",") {
                let parts = item.split(separator: ":")
                guard parts.count == 2, let synset = Int(parts[0]), let weight = Float(parts[1]), weight > 0 else {
                    throw ConceptBridgeError.malformed(lexicon.path, line: line)
                }
                guard synsetClasses[synset] != nil else { continue }
                senses.append(Sense(synset: synset, weight: weight))
            }
            guard !senses.isEmpty else { return }
            let language = String(fields[0])
            let term = String(fields[1])
            terms[term, default: [:]][language] = senses
            languages.insert(String(language.prefix { $0 != "-" }))
            longest = max(longest, TermUnits(term).count)
        }
        self.init(terms: terms, synsetClasses: synsetClasses, languages: languages, longestTerm: min(longest, 8))
    }

    init(terms: [String: [String: [Sense]]], synsetClasses: [Int: [Int32]], languages: Set<String>, longestTerm: Int) {
        self.terms = terms
        self.synsetClasses = synsetClasses
        self.languages = languages
        self.longestTerm = longestTerm
    }

    /// Number of distinct terms.
    public var termCount: Int { terms.count }

    /// The senses of `term` (already normalised) for `language`: that language's entry (its primary
    /// subtag, then any regional variant); with no language, or a language the lexicon has no
    /// words for, the entries of every language, averaged.
    ///
    /// - Complexity: O(languages of the term).
    public func senses(of term: String, language: String?) -> [Sense]? {
        guard let byLanguage = terms[term] else { return nil }
        let primary = language.map { String($0.lowercased().prefix { $0 != "-" && $0 != "_" }) }
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

    /// Calls `body` with the tab-separated fields of each non-empty line that is not a `#` comment.
    private static func lines(of url: URL, _ body: ([Substring], Int) throws -> Void) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ConceptBridgeError.unreadable(url.path, error.localizedDescription)
        }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            try body(line.split(separator: "\t", omittingEmptySubsequences: false), offset + 1)
        }
    }
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
