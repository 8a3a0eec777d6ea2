import Foundation

/// Trains a unigram language-model tokenizer (Kudo 2018), the method of SentencePiece's trainer.
///
/// 1. Characters are counted; the most frequent ones covering `characterCoverage` of all occurrences
///    become required single-character pieces, the rest are left to byte fallback.
/// 2. Seeds: frequent substrings from a suffix array (`SeedPieces`), scored by log frequency.
/// 3. Rounds of EM (`subIterations` each, Bayesian M-step `ψ(count) − ψ(total)`, pieces expected
///    fewer than 0.5 times dropped) and pruning: each piece's loss is how much the corpus likelihood
///    drops when its occurrences are re-segmented without it; the lowest-loss pieces go until
///    `shrinkingFactor` of them remain, stopping at 1.1 × the target size.
/// 4. The final vocabulary: `<pad> <s> </s> <unk>`, the 256 byte pieces, then the required characters
///    and the best-scoring pieces, ordered by score. Everything is single-threaded with total orders
///    on ties, so the same corpus and options give the same bytes.
public struct UnigramTrainer {
    public let options: TrainerOptions
    /// Progress lines go here (stderr in the CLI).
    public var progress: (String) -> Void = { _ in }

    /// The four control pieces and their ids.
    public static let controlPieces = ["<pad>", "<s>", "</s>", "<unk>"]

    public init(options: TrainerOptions) { self.options = options }

    /// A piece under training: UTF-8 bytes, log probability, and whether it must stay.
    struct Candidate {
        var bytes: [UInt8]
        var score: Double
        var required: Bool
    }

    /// Trains on `corpus` and returns the model.
    ///
    /// - Complexity: about O(rounds × N × L) for N corpus characters, plus O(N log N) for seeding.
    public func train(_ corpus: TrainingCorpus) throws -> SentencePieceModel {
        let reserved = Self.controlPieces.count + (options.byteFallback ? 256 : 0)
        let words = corpus.words.map { Array(String(decoding: $0, as: UTF8.self).unicodeScalars.map(\.value)) }
        let required = requiredCharacters(words, corpus.frequencies)
        let budget = options.vocabSize - reserved
        guard budget >= 1 else { throw TrainerError.vocabularyTooSmall(needed: reserved + 1) }
        progress("\(corpus.words.count) distinct words, \(required.count) required characters")

        let validity = PieceValidity(maxLength: options.maxPieceLength)
        let seeds = SeedPieces.find(words: words, frequencies: corpus.frequencies, allowed: Set(required.map(\.0)),
                                    validity: validity, seedSize: options.seedSize)
        var candidates = required.map { Candidate(bytes: Self.utf8($0.0), score: $0.1, required: true) }
        candidates += seeds.map { Candidate(bytes: Self.utf8($0.scalars), score: $0.frequency, required: false) }
        let total = candidates.reduce(0) { $0 + $1.score }
        for i in candidates.indices { candidates[i].score = log(candidates[i].score) - log(total) }
        progress("\(seeds.count) seed pieces")

        let flat = WordTable(words: corpus.words, frequencies: corpus.frequencies)
        let desired = Int(Double(budget) * 1.1)
        var round = 0
        while true {
            for _ in 0..<options.subIterations { candidates = emStep(candidates, flat) }
            round += 1
            progress("round \(round): \(candidates.count) pieces")
            if candidates.count <= desired { break }
            let target = max(desired, Int(Double(candidates.count) * options.shrinkingFactor))
            candidates = prune(candidates, flat, to: target)
        }
        return model(from: finalPieces(candidates, budget: budget))
    }

    /// Characters by weighted frequency, cut where `characterCoverage` of occurrences is reached.
    func requiredCharacters(_ words: [[UInt32]], _ frequencies: [Double]) -> [(UInt32, Double)] {
        var counts: [UInt32: Double] = [:]
        for (word, frequency) in zip(words, frequencies) {
            for scalar in word { counts[scalar, default: 0] += frequency }
        }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let total = sorted.reduce(0) { $0 + $1.value }
        var covered = 0.0
        var result: [(UInt32, Double)] = []
        for (scalar, count) in sorted {
            if covered / total >= options.characterCoverage && scalar != 0x2581 { break }
            result.append((scalar, count))
            covered += count
        }
        return result
    }

    /// One EM iteration: expected counts (E), then Bayesian re-estimation with digamma (M).
    ///
    /// - Complexity: O(N × L).
    func emStep(_ candidates: [Candidate], _ table: WordTable) -> [Candidate] {
        let lattice = makeLattice(candidates)
        var expected = [Double](repeating: 0, count: candidates.count)
        var arcs: [TrainingLattice.Arc] = [], alpha: [Double] = [], beta: [Double] = []
        for w in 0..<table.count {
            _ = lattice.expect(table.word(w), frequency: table.frequencies[w], arcs: &arcs,
                               alpha: &alpha, beta: &beta, expected: &expected)
        }
        var kept: [Candidate] = []
        var sum = 0.0
        for (i, candidate) in candidates.enumerated() where expected[i] >= 0.5 || candidate.required {
            var next = candidate
            next.score = max(expected[i], 0.5)
            sum += next.score
            kept.append(next)
        }
        let logSum = Digamma.of(sum)
        for i in kept.indices { kept[i].score = Digamma.of(kept[i].score) - logSum }
        return kept
    }

    /// Keeps the `target` pieces whose removal would cost the corpus likelihood most.
    ///
    /// - Complexity: O(N × L + P × L²) for P pieces.
    func prune(_ candidates: [Candidate], _ table: WordTable, to target: Int) -> [Candidate] {
        let lattice = makeLattice(candidates)
        var arcs: [TrainingLattice.Arc] = []
        var frequency = [Double](repeating: 0, count: candidates.count)
        var inWords = [Double](repeating: 0, count: candidates.count)
        for w in 0..<table.count {
            let path = lattice.viterbi(table.word(w), arcs: &arcs)
            var seen = Set<Int32>()
            for id in path where id >= 0 {
                frequency[Int(id)] += table.frequencies[w]
                if seen.insert(id).inserted { inWords[Int(id)] += table.frequencies[w] }
            }
        }
        let total = frequency.reduce(0, +)
        let wordTotal = table.frequencies.reduce(0, +)
        var losses: [(index: Int, loss: Double)] = []
        for (i, candidate) in candidates.enumerated() where !candidate.required {
            if frequency[i] == 0 { continue }  // never on a best path: drop
            let alternatives = lattice.viterbi(candidate.bytes[...], banned: Int32(i), arcs: &arcs)
            if alternatives.isEmpty || alternatives.contains(-1) {
                losses.append((i, .infinity))
                continue
            }
            let logProb = log(frequency[i]) - log(total)
            let altTotal = total + frequency[i] * Double(alternatives.count - 1)
            var altLogProb = -Double(alternatives.count) * log(altTotal)
            for id in alternatives { altLogProb += log(frequency[Int(id)] + frequency[i]) }
            losses.append((i, inWords[i] / wordTotal * (logProb - altLogProb)))
        }
        losses.sort { $0.loss != $1.loss ? $0.loss > $1.loss : $0.index < $1.index }
        let requiredCount = candidates.filter(\.required).count
        var keep = Set(losses.prefix(max(0, target - requiredCount)).map(\.index))
        for (i, candidate) in candidates.enumerated() where candidate.required { keep.insert(i) }
        return candidates.indices.filter { keep.contains($0) }.map { candidates[$0] }
    }

    /// The required characters plus the best other pieces, `budget` in all, best score first.
    func finalPieces(_ candidates: [Candidate], budget: Int) -> [Candidate] {
        let required = candidates.filter(\.required)
        let others = candidates.filter { !$0.required }.sorted(by: Self.byScore)
        return (Array(required.prefix(budget)) + others.prefix(max(0, budget - required.count))).sorted(by: Self.byScore)
    }

    /// Assembles the `ModelProto` with identity normalization.
    func model(from pieces: [Candidate]) -> SentencePieceModel {
        var vocabulary = [
            Piece(text: "<pad>", score: 0, kind: .control), Piece(text: "<s>", score: 0, kind: .control),
            Piece(text: "</s>", score: 0, kind: .control), Piece(text: "<unk>", score: 0, kind: .unknown),
        ]
        if options.byteFallback {
            vocabulary += (0...255).map { Piece(text: Piece.byteText(UInt8($0)), score: 0, kind: .byte) }
        }
        vocabulary += pieces.map { Piece(text: String(decoding: $0.bytes, as: UTF8.self), score: Float($0.score)) }
        var trainer = ProtoFields()
        trainer.append(TrainerSpecField.modelType, int32: 1)
        trainer.append(TrainerSpecField.vocabSize, int32: Int32(vocabulary.count))
        trainer.append(TrainerSpecField.characterCoverage, float: Float(options.characterCoverage))
        trainer.append(TrainerSpecField.shrinkingFactor, float: Float(options.shrinkingFactor))
        trainer.append(TrainerSpecField.numSubIterations, int32: Int32(options.subIterations))
        trainer.append(TrainerSpecField.maxSentencepieceLength, int32: Int32(options.maxPieceLength))
        trainer.append(TrainerSpecField.byteFallback, bool: options.byteFallback)
        trainer.append(TrainerSpecField.unkId, int32: 3)
        trainer.append(TrainerSpecField.bosId, int32: 1)
        trainer.append(TrainerSpecField.eosId, int32: 2)
        trainer.append(TrainerSpecField.padId, int32: 0)
        var normalizer = ProtoFields()
        normalizer.append(NormalizerSpecField.name, string: "identity")
        normalizer.append(NormalizerSpecField.addDummyPrefix, bool: true)
        normalizer.append(NormalizerSpecField.removeExtraWhitespaces, bool: true)
        normalizer.append(NormalizerSpecField.escapeWhitespaces, bool: true)
        return SentencePieceModel(pieces: vocabulary, trainerSpec: trainer, normalizerSpec: normalizer)
    }

    private func makeLattice(_ candidates: [Candidate]) -> TrainingLattice {
        let trie = PieceTrie(entries: candidates.enumerated().map { ($0.element.bytes, Int32($0.offset)) })
        let minScore = candidates.map(\.score).min() ?? 0
        return TrainingLattice(trie: trie, scores: candidates.map(\.score), unknownScore: minScore - 10)
    }

    private static func byScore(_ a: Candidate, _ b: Candidate) -> Bool {
        a.score != b.score ? a.score > b.score : a.bytes.lexicographicallyPrecedes(b.bytes)
    }

    private static func utf8(_ scalar: UInt32) -> [UInt8] { utf8([scalar]) }

    private static func utf8(_ scalars: [UInt32]) -> [UInt8] {
        var s = String.UnicodeScalarView()
        for value in scalars { if let scalar = Unicode.Scalar(value) { s.append(scalar) } }
        return Array(String(s).utf8)
    }
}

/// All training words in one flat byte buffer, for cache-friendly passes.
struct WordTable {
    let bytes: [UInt8]
    let offsets: [Int]
    let frequencies: [Double]

    init(words: [[UInt8]], frequencies: [Double]) {
        var bytes: [UInt8] = [], offsets = [0]
        for word in words { bytes += word; offsets.append(bytes.count) }
        self.bytes = bytes
        self.offsets = offsets
        self.frequencies = frequencies
    }

    var count: Int { frequencies.count }

    /// The bytes of word `index`.
    func word(_ index: Int) -> ArraySlice<UInt8> { bytes[offsets[index]..<offsets[index + 1]] }
}
