import ArgumentParser
import Foundation
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

    @Option(name: .customLong("bench-file"), help: ArgumentHelp(
        "Time encoding every line of FILE (one thread) and print throughput as JSON.", visibility: .hidden))
    var benchFile: String?

    @Argument(help: "Texts to tokenize.")
    var texts: [String] = []

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
            if let benchFile {
                print(try TokenizerThroughput.measure(file: benchFile, tokenizer: tokenizer).json)
            } else if texts.isEmpty {
                // Raw bytes, not readLine(): readLine would silently repair invalid UTF-8.
                let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
                if lines.last?.isEmpty == true { lines.removeLast() }
                for (number, line) in lines.enumerated() {
                    do {
                        try emit(tokenizer.tokenize(bytes: Array(line)))
                    } catch let error as NormalizationError {
                        throw TokenizeFailure(message: "line \(number + 1): \(error)")
                    }
                }
            } else {
                for text in texts { try emit(tokenizer.tokenize(bytes: Array(text.utf8))) }
            }
        } catch let error as NormalizationError {
            throw TokenizeFailure(message: "\(error)")
        } catch let error as ModelFormatError {
            throw TokenizeFailure(message: "\(error)")
        }
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
        try VocabularyListing.text(for: model).write(toFile: vocabPath, atomically: true, encoding: .utf8)
        trainer.progress("wrote \(out) (\(model.pieces.count) pieces) and \(vocabPath)")
    }
}
