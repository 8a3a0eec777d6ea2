import Foundation

/// One caption paired with a picture or with an ImageNet class prototype.
///
/// This is one line of `pairs.jsonl` / `heldout_pairs.jsonl` as `scripts/data/build.py` writes it
/// (see `docs/dataset.md`): exactly one of `image` (a path relative to the data directory) and
/// `prototype` (a class index of the locked tower) is set.
public struct TrainingPair: Codable, Sendable, Equatable {
    /// Concept id such as `emoji:1F436` or `imagenet:207`; pairs of one concept are positives.
    public var concept: String
    /// Where the pair comes from (`emoji`, `flag`, `imagenet`, …); informational.
    public var source: String?
    /// BCP-47 language tag of `text`.
    public var lang: String
    public var text: String
    /// Picture path relative to the data directory.
    public var image: String?
    /// ImageNet class index whose prototype stands in for a picture.
    public var prototype: Int?

    public init(concept: String, source: String? = nil, lang: String, text: String, image: String? = nil, prototype: Int? = nil) {
        self.concept = concept
        self.source = source
        self.lang = lang
        self.text = text
        self.image = image
        self.prototype = prototype
    }
}

/// Reading a JSON-lines file of `TrainingPair`s.
public enum PairsFile {
    /// Every pair in `url`, in file order. Blank lines are skipped.
    ///
    /// - Throws: `TrainingDataError` naming the file and line of the first malformed pair.
    /// - Complexity: O(bytes).
    public static func read(_ url: URL) throws -> [TrainingPair] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TrainingDataError("cannot read \(url.path): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        var pairs: [TrainingPair] = []
        var number = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let pair: TrainingPair
            do { pair = try decoder.decode(TrainingPair.self, from: Data(line)) } catch {
                throw TrainingDataError("\(url.path):\(number): not a pair line (\(error))")
            }
            guard (pair.image == nil) != (pair.prototype == nil) else {
                throw TrainingDataError("\(url.path):\(number): a pair needs exactly one of \"image\" and \"prototype\"")
            }
            pairs.append(pair)
        }
        return pairs
    }
}

/// Training data (pairs, pictures, config) is missing or malformed; the message says what and where.
public struct TrainingDataError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
