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
        do {
            let language = try lang.map { try LanguageTag($0) }
            guard let path = model ?? ModelLocation.defaultModelPath() else {
                throw ValidationError("no model: pass --model FILE or set LITSEARCH_TOKENIZER_MODEL")
            }
            let tokenizer = try TextTokenizer(model: SentencePieceModel(contentsOf: path), language: language)
            if let benchFile {
                print(try TokenizerThroughput.measure(file: benchFile, tokenizer: tokenizer).json)
                return
            }
            if texts.isEmpty {
                var lineNumber = 0
                while let line = readLine(strippingNewline: true) {
                    lineNumber += 1
                    do {
                        try emit(tokenizer.tokenize(bytes: Array(line.utf8)))
                    } catch let error as NormalizationError {
                        throw ValidationError("line \(lineNumber): \(error)")
                    }
                }
            } else {
                for text in texts {
                    try emit(tokenizer.tokenize(bytes: Array(text.utf8)))
                }
            }
        } catch let error as NormalizationError {
            throw ValidationError("\(error)")
        } catch let error as ModelFormatError {
            throw ValidationError("\(error)")
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
