import Foundation
import ParallelLoops

/// Pairs ready for training: fixed-stride token ids, a locked feature row per pair, and integer
/// concept and language ids.
///
/// Features live once in `features` (each distinct picture or prototype one row); pairs point at
/// rows, so 800k captions of 9k pictures cost 9k rows.
public struct PairDataset: Sendable {
    /// `count × stride` token ids, zero-padded.
    public let tokens: [Int32]
    public let lengths: [Int]
    public let stride: Int
    /// Row of `features` for each pair.
    public let featureRows: [Int32]
    /// `rows × dimension` locked features.
    public let features: [Float]
    public let dimension: Int
    /// Concept id of each pair (index into `conceptNames`).
    public let concepts: [Int32]
    public let conceptNames: [String]
    /// Language id of each pair (index into `languages`).
    public let languageIDs: [Int32]
    public let languages: [String]

    /// What was added to every picture's feature so that the pictures' mean equals the
    /// prototypes' mean (nil when not aligned). See `init(…, alignPictures:)`.
    public let pictureShift: [Float]?

    public var count: Int { lengths.count }
    public var featureCount: Int { features.count / max(dimension, 1) }

    /// Tokenizes `pairs` (in parallel) and resolves their pictures through `cache` and their
    /// prototypes through `prototypes` (`classes × dimension`, empty when no pair uses one).
    ///
    /// - Throws: `TrainingDataError` for a picture missing from the cache or a prototype out of range.
    /// - Complexity: O(total caption bytes · L) tokenization plus O(distinct features · dimension).
    ///
    /// - Parameter alignPictures: `.computed` moves the pictures' features so that their mean is
    ///   the prototypes' mean (when both kinds are present); `.given(shift)` adds a shift computed
    ///   on another dataset (the held-out pairs use the training pairs' shift). Emoji and flag
    ///   renders and photo-like class features have different means; one centre cannot centre
    ///   both, and a badly centred kind collapses to one direction after the image head.
    public init(pairs: [TrainingPair], encoder: CaptionEncoder, cache: ImageEmbeddingCache, prototypes: [Float],
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, alignPictures: PictureAlignment = .none) throws {
        let d = cache.dimension
        dimension = d
        stride = encoder.maxLength
        var features: [Float] = []
        var featureRow: [String: Int32] = [:]
        var rows: [Int32] = []
        rows.reserveCapacity(pairs.count)
        for pair in pairs {
            let key = pair.image.map { "i:" + $0 } ?? "p:\(pair.prototype!)"
            if let row = featureRow[key] { rows.append(row); continue }
            let row = Int32(featureRow.count)
            if let image = pair.image {
                guard let cached = cache.row(path: image) else {
                    throw TrainingDataError("picture \(image) (concept \(pair.concept)) has no cached embedding")
                }
                features += cache.embedding(cached)
            } else {
                let index = pair.prototype!
                guard index >= 0, (index + 1) * d <= prototypes.count else {
                    throw TrainingDataError("prototype \(index) (concept \(pair.concept)) is not a class of the image model")
                }
                features += prototypes[(index * d)..<((index + 1) * d)]
            }
            featureRow[key] = row
            rows.append(row)
        }
        var shift: [Float]?
        switch alignPictures {
        case .none: shift = nil
        case .given(let given): shift = given
        case .computed:
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: 2), counts = [0, 0]
            for (key, row) in featureRow {
                let kind = key.hasPrefix("i:") ? 0 : 1
                counts[kind] += 1
                for j in 0..<d { sums[kind][j] += Double(features[Int(row) * d + j]) }
            }
            if counts[0] > 0, counts[1] > 0 {
                shift = (0..<d).map { Float(sums[1][$0] / Double(counts[1]) - sums[0][$0] / Double(counts[0])) }
            }
        }
        if let shift {
            precondition(shift.count == d, "picture shift has \(shift.count) values, features \(d)")
            for (key, row) in featureRow where key.hasPrefix("i:") {
                for j in 0..<d { features[Int(row) * d + j] += shift[j] }
            }
        }
        pictureShift = shift
        self.features = features
        featureRows = rows
        var conceptIndex: [String: Int32] = [:], names: [String] = []
        var languageIndex: [String: Int32] = [:], tags: [String] = []
        concepts = pairs.map { pair in
            if let id = conceptIndex[pair.concept] { return id }
            conceptIndex[pair.concept] = Int32(names.count)
            names.append(pair.concept)
            return Int32(names.count - 1)
        }
        languageIDs = pairs.map { pair in
            if let id = languageIndex[pair.lang] { return id }
            languageIndex[pair.lang] = Int32(tags.count)
            tags.append(pair.lang)
            return Int32(tags.count - 1)
        }
        conceptNames = names
        languages = tags
        (tokens, lengths) = try Self.tokenize(pairs, encoder: encoder, threads: threads)
    }

    /// Every caption's ids at stride `encoder.maxLength`, split over `threads` threads.
    static func tokenize(_ pairs: [TrainingPair], encoder: CaptionEncoder, threads: Int) throws -> ([Int32], [Int]) {
        let stride = encoder.maxLength
        final class Output: @unchecked Sendable {
            var tokens: [Int32]
            var lengths: [Int]
            var failure: String?
            let lock = NSLock()
            init(_ n: Int, _ stride: Int) { tokens = Array(repeating: 0, count: n * stride); lengths = Array(repeating: 0, count: n) }
        }
        let output = Output(pairs.count, stride)
        forEachChunk(of: pairs.count, workers: threads) { _, range in
            var local: [Int32] = [], lengths: [Int] = []
            local.reserveCapacity(range.count * stride)
            for index in range {
                var ids: [Int32]
                do { ids = try encoder.encode(pairs[index].text, language: pairs[index].lang) } catch {
                    output.lock.lock()
                    output.failure = output.failure ?? "caption \(index + 1) (\(pairs[index].text.debugDescription)): \(error)"
                    output.lock.unlock()
                    ids = [0]
                }
                lengths.append(ids.count)
                local += ids
                local += repeatElement(0, count: stride - ids.count)
            }
            output.lock.lock()
            output.tokens.replaceSubrange((range.lowerBound * stride)..<(range.upperBound * stride), with: local)
            output.lengths.replaceSubrange(range, with: lengths)
            output.lock.unlock()
        }
        if let failure = output.failure { throw TrainingDataError(failure) }
        return (output.tokens, output.lengths)
    }
}

/// How `PairDataset` moves picture features relative to prototype features.
public enum PictureAlignment: Sendable {
    /// Leave every feature as it is.
    case none
    /// Shift pictures so that their mean equals the prototypes' mean.
    case computed
    /// Add this shift to every picture.
    case given([Float])
}
