/// The lexicon's rows, found by a term's UTF-8 bytes.
///
/// Every text query loads the shipped lexicon (54,000 rows) and then looks up a handful of
/// terms. A `[String: [String: [Sense]]]` made each load create and hash 108,000 Swift strings
/// (their hashing normalises Unicode), about 40 ms. This table keeps the rows as byte offsets,
/// sorted by a 64-bit hash of the term's bytes, and builds strings only for what a query finds.
/// Terms are compared as bytes: lexicon and queries are both normalised by the tokenizer's
/// normaliser (case-folded NFKC), so equal terms have equal bytes.
///
/// ```swift
/// let table = TermTable(text: bytes, rows: parsedRows, senses: allSenses)
/// table.senses(ofTerm: Array("hund".utf8))   // ["de": [02084071:1], "da": …]
/// ```
struct TermTable: TermLookup {
    /// One lexicon row: its term (a range of `text`), language and senses (a range of `senses`).
    struct Row: Sendable {
        let term: Range<Int>
        let language: Int32
        let senses: Range<Int32>
    }

    /// The lexicon file's bytes.
    private let text: [UInt8]
    private let rows: [Row]
    /// Language tags, indexed by `Row.language`.
    private let languages: [String]
    private let senses: [ConceptLexicon.Sense]
    /// Row numbers sorted by (term hash, row number), and the hash of each.
    private let order: [Int32]
    private let hashes: [UInt64]
    /// Number of distinct terms.
    let termCount: Int

    /// - Complexity: O(r log r) for r rows.
    init(text: [UInt8], rows: [Row], languages: [String], senses: [ConceptLexicon.Sense]) {
        self.text = text
        self.rows = rows
        self.languages = languages
        self.senses = senses
        let rowHashes = text.withUnsafeBufferPointer { bytes in rows.map { Self.hash(UnsafeBufferPointer(rebasing: bytes[$0.term])) } }
        let order = (0..<Int32(rows.count)).sorted { (a: Int32, b: Int32) -> Bool in
            let (x, y) = (rowHashes[Int(a)], rowHashes[Int(b)])
            return x != y ? x < y : a < b
        }
        self.order = order
        hashes = order.map { rowHashes[Int($0)] }
        var distinct = 0
        for (position, row) in order.enumerated() {
            // A term is new unless an earlier row of the same hash has the same bytes.
            var seen = false
            var earlier = position - 1
            while earlier >= 0, hashes[earlier] == hashes[position] {
                if text[rows[Int(order[earlier])].term] == text[rows[Int(row)].term] { seen = true; break }
                earlier -= 1
            }
            if !seen { distinct += 1 }
        }
        termCount = distinct
    }

    /// The senses of `term` by language tag (the last row wins when a language repeats), or nil
    /// when the lexicon does not have the term.
    ///
    /// - Complexity: O(log r + rows of the term).
    func senses(ofTerm term: [UInt8]) -> [String: [ConceptLexicon.Sense]]? {
        let key = term.withUnsafeBufferPointer { Self.hash($0) }
        var low = 0, high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < key { low = middle + 1 } else { high = middle }
        }
        var found: [String: [ConceptLexicon.Sense]]?
        var position = low
        while position < hashes.count, hashes[position] == key {
            let row = rows[Int(order[position])]
            if text[row.term].elementsEqual(term) {
                found = found ?? [:]
                found![languages[Int(row.language)]] = Array(senses[Int(row.senses.lowerBound)..<Int(row.senses.upperBound)])
            }
            position += 1
        }
        return found
    }

    /// FNV-1a, 64-bit, of `bytes`.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}

/// Where a lexicon finds the senses of a term: a parsed `TermTable` or a `SortedTermFile`.
protocol TermLookup: Sendable {
    /// The senses of `term` (normalised UTF-8 bytes) by language tag, or nil when it is not there.
    func senses(ofTerm term: [UInt8]) -> [String: [ConceptLexicon.Sense]]?
    /// Number of distinct terms.
    var termCount: Int { get }
}
