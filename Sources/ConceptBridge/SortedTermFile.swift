import Foundation

/// A lexicon file whose lines are sorted by term, searched in place: nothing is parsed at load.
///
/// The picture lexicon has 400,000 lines; parsing them into a `TermTable` took 0.4 s, on every
/// text query. Sorted by the term's UTF-8 bytes (then the tag), the file itself is the index: it
/// is mapped, a lookup bisects its bytes, stepping back to line starts, and parses only the lines
/// of the term it finds. The file starts with `#` lines, one of which lists the languages:
///
/// ```text
/// # litsearch lexicon sorted by term
/// # languages: af de en
/// de<TAB>frosch<TAB>12:1
/// en<TAB>frog<TAB>12:1
/// ```
///
/// A line that does not have the documented shape is skipped when a lookup meets it.
struct SortedTermFile: TermLookup {
    /// The first line of every such file.
    static let signature = "# litsearch lexicon sorted by term"

    /// The file, mapped: a lookup touches a few dozen of its pages.
    private let text: Data
    /// Where the first line after the `#` header starts.
    private let start: Int
    /// The primary subtags of every tag in the file (the `# languages:` line).
    let languages: Set<String>

    /// - Throws: `ConceptBridgeError.malformed` when the header is missing (line 1) or has no
    ///   `# languages:` line.
    init(text: Data, path: String) throws {
        self.text = text
        var position = 0, number = 0
        var languages: Set<String>?
        var signed = false
        while position < text.count, text[position] == UInt8(ascii: "#") {
            let end = text[position...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            let line = String(decoding: text[position..<end], as: UTF8.self)
            number += 1
            if number == 1 { signed = line == Self.signature }
            if line.hasPrefix("# languages:") {
                languages = Set(line.dropFirst("# languages:".count).split(separator: " ").map(String.init))
            }
            position = end + 1
        }
        guard signed, let languages else { throw ConceptBridgeError.malformed(path, line: signed ? number : 1) }
        start = min(position, text.count)
        self.languages = languages
    }

    /// The senses of `term` by language tag, or nil when the file does not have it.
    ///
    /// - Complexity: O(log n) line comparisons for a file of n bytes, plus the term's lines.
    func senses(ofTerm term: [UInt8]) -> [String: [ConceptLexicon.Sense]]? {
        var low = start, high = text.count
        while low < high {
            // The start of the line that holds the middle byte (never before `low`).
            var middle = (low + high) / 2
            while middle > low, text[middle - 1] != UInt8(ascii: "\n") { middle -= 1 }
            if compare(lineAt: middle, with: term) < 0 { low = nextLine(after: middle) } else { high = middle }
        }
        var found: [String: [ConceptLexicon.Sense]]?
        var line = low
        while line < text.count, compare(lineAt: line, with: term) == 0 {
            if let (tag, senses) = parse(lineAt: line) {
                found = found ?? [:]
                found![tag] = senses
            }
            line = nextLine(after: line)
        }
        return found
    }

    /// Number of distinct terms (a pass over the file).
    ///
    /// - Complexity: O(file size).
    var termCount: Int {
        var count = 0
        var previous: Range<Int>?
        var line = start
        while line < text.count {
            let term = termRange(lineAt: line)
            if let previous, text[previous].elementsEqual(text[term]) {} else { count += 1 }
            previous = term
            line = nextLine(after: line)
        }
        return count
    }

    private func nextLine(after line: Int) -> Int {
        var position = line
        while position < text.count, text[position] != UInt8(ascii: "\n") { position += 1 }
        return position + 1
    }

    /// The term field of the line at `line`: between its first and second tab (empty if none).
    private func termRange(lineAt line: Int) -> Range<Int> {
        var position = line
        while position < text.count, text[position] != UInt8(ascii: "\t"), text[position] != UInt8(ascii: "\n") { position += 1 }
        guard position < text.count, text[position] == UInt8(ascii: "\t") else { return position..<position }
        let begin = position + 1
        var end = begin
        while end < text.count, text[end] != UInt8(ascii: "\t"), text[end] != UInt8(ascii: "\n") { end += 1 }
        return begin..<end
    }

    /// The line's term against `term`, as unsigned bytes: negative, zero or positive.
    private func compare(lineAt line: Int, with term: [UInt8]) -> Int {
        let range = termRange(lineAt: line)
        for (a, b) in zip(text[range], term) where a != b { return Int(a) - Int(b) }
        return range.count - term.count
    }

    /// The tag and senses of the line at `line`, or nil when it is malformed.
    private func parse(lineAt line: Int) -> (String, [ConceptLexicon.Sense])? {
        let bytes = [UInt8](text[line..<min(nextLine(after: line) - 1, text.count)])
        let fields = bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        var senses: [ConceptLexicon.Sense] = []
        guard fields.count == 3, !fields[0].isEmpty, ConceptLexicon.appendSenses(of: fields[2], to: &senses), !senses.isEmpty else {
            return nil
        }
        return (String(decoding: fields[0], as: UTF8.self), senses)
    }
}
