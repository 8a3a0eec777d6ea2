import AtomicFiles
import ArgumentParser
import Foundation
import SeededRandom
import Tokenizer

/// `litsearch tokenize`: show how the text front end normalizes and segments text.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Normalize text and split it into the subword pieces and ids the text tower reads.",
        discussion: """
        Each TEXT argument is tokenized on its own; with no TEXT, standard input is read line by line. \
        Invalid UTF-8 is reported with its byte offset.
        """)

    @Option(name: .long, help: "BCP-47 language tag for locale-sensitive casing (tr, az, lt, el, …).")
    var lang: String?

    @Option(name: .long, help: "SentencePiece .model file (default: the shipped tokenizer/litsearch.model).")
    var model: String?

    @Flag(help: "Print one JSON object per text.")
    var json = false

    @Flag(name: .customLong("list-languages"), help: "List the language codes --lang accepts, then exit.")
    var listLanguages = false

    @Option(name: .customLong("nbest"), help: ArgumentHelp(
        "Print the K best segmentations, best first, with their scores.", valueName: "K"))
    var nbest: Int?

    @Option(name: .customLong("sample"), help: ArgumentHelp(
        "Print one segmentation sampled with probability ∝ P^ALPHA (subword regularization; 0.1–0.5 is typical).",
        valueName: "ALPHA"))
    var sampleAlpha: Float?

    @Option(help: "Random seed for --sample; the same seed gives the same segmentations.")
    var seed: UInt64 = 0

    @Option(name: .customLong("bench-file"), help: ArgumentHelp(
        "Time encoding every line of FILE (one thread) and print throughput as JSON.", visibility: .hidden))
    var benchFile: String?

    @Argument(help: "Texts to tokenize.")
    var texts: [String] = []

    func validate() throws {
        if let nbest, !(1...1024).contains(nbest) { throw ValidationError("--nbest must be between 1 and 1024") }
        if nbest != nil && sampleAlpha != nil { throw ValidationError("use either --nbest or --sample, not both") }
        if let sampleAlpha, !sampleAlpha.isFinite { throw ValidationError("--sample needs a finite ALPHA") }
    }

    func run() throws {
        if listLanguages {
            print(LanguageTag.supportedLanguages.sorted().joined(separator: " "))
            return
        }
        let language: LanguageTag?
        do {
            language = try lang.map { try LanguageTag($0) }
        } catch {
            throw ValidationError("\(error)")
        }
        guard let path = model ?? ModelLocation.defaultModelPath() else {
            throw ValidationError("no model: pass --model FILE or set LITSEARCH_TOKENIZER_MODEL")
        }
        do {
            let tokenizer = try TextTokenizer(model: SentencePieceModel(contentsOf: path), language: language)
            var generator = SeededGenerator(seed: seed)
            if let benchFile {
                print(try TokenizerThroughput.measure(file: benchFile, tokenizer: tokenizer).json)
            } else if texts.isEmpty {
                // Raw bytes, not readLine(): readLine would silently repair invalid UTF-8.
                let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
                if lines.last?.isEmpty == true { lines.removeLast() }
                for (number, line) in lines.enumerated() {
                    do {
                        try emit(segmentations(Array(line), tokenizer, &generator))
                    } catch let error as NormalizationError {
                        throw TokenizeFailure(message: "line \(number + 1): \(error)")
                    }
                }
            } else {
                for text in texts { try emit(segmentations(Array(text.utf8), tokenizer, &generator)) }
            }
        } catch let error as NormalizationError {
            throw TokenizeFailure(message: "\(error)")
        } catch let error as ModelFormatError {
            throw TokenizeFailure(message: "\(error)")
        }
    }

    /// The Viterbi result, the n-best list, or one sample, as the options ask.
    private func segmentations(_ bytes: [UInt8], _ tokenizer: TextTokenizer, _ generator: inout SeededGenerator) throws
        -> [TextTokenizer.Result] {
        if let nbest { return try tokenizer.nbest(bytes: bytes, k: nbest) }
        if let sampleAlpha { return [try tokenizer.sample(bytes: bytes, alpha: sampleAlpha, using: &generator)] }
        return [try tokenizer.tokenize(bytes: bytes)]
    }

    private func emit(_ results: [TextTokenizer.Result]) throws {
        for result in results { try emit(result) }
    }

    private func emit(_ result: TextTokenizer.Result) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("normalized: \(result.normalized)")
            print("pieces:     \(result.pieces.joined(separator: " "))")
            print("ids:        \(result.ids.map(String.init).joined(separator: " "))")
            if let score = result.score { print("score:      \(score)") }
        }
    }
}

/// A failure reported as `Error: message` with exit status 1.
struct TokenizeFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// `litsearch tokenizer`: tools for the tokenizer model.
struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Train the subword tokenizer model.",
        subcommands: [TokenizerTrainCommand.self])
}

/// `litsearch tokenizer train`: train a unigram model on a corpus directory.
struct TokenizerTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a SentencePiece-compatible unigram model on a directory of <lang>.txt files.",
        discussion: "Build a corpus with scripts/tokenizer/build_corpus.py. Training is deterministic.")

    @Option(help: "Directory of <lang>.txt files, one sentence per line.")
    var corpus: String

    @Option(name: .customLong("vocab-size"), help: "Vocabulary size, control and byte pieces included.")
    var vocabSize = 16_000

    @Option(help: "Where to write the .model file (a .vocab listing is written beside it).")
    var out: String

    @Option(name: .customLong("character-coverage"), help: "Share of character occurrences given character pieces.")
    var characterCoverage = 0.9995

    @Option(name: .customLong("sentence-budget"), help: "Weighted sentences drawn from the corpus.")
    var sentenceBudget = 400_000

    @Option(help: "Language sampling temperature exponent (p ∝ lines^alpha).")
    var alpha = 0.3

    func run() throws {
        var options = TrainerOptions()
        options.vocabSize = vocabSize
        options.characterCoverage = characterCoverage
        options.sentenceBudget = sentenceBudget
        options.alpha = alpha
        let start = Date()
        let corpusData = try TrainingCorpus(directory: corpus, options: options)
        var trainer = UnigramTrainer(options: options)
        trainer.progress = { message in
            let line = String(format: "[%6.1fs] ", Date().timeIntervalSince(start)) + message + "\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        trainer.progress("\(corpusData.languages.count) languages")
        let model = try trainer.train(corpusData)
        try model.write(to: out)
        let vocabPath = (out.hasSuffix(".model") ? String(out.dropLast(6)) : out) + ".vocab"
        try AtomicFileWriter.write(Data(VocabularyListing.text(for: model).utf8), to: vocabPath)
        trainer.progress("wrote \(out) (\(model.pieces.count) pieces) and \(vocabPath)")
    }
}
