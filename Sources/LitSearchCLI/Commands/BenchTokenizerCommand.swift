import ArgumentParser
import Foundation
import LitSearch
import Tokenizer

/// `litsearch bench tokenizer`: the Swift unigram encoder against Python `sentencepiece`.
struct BenchTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Sentences/s and MB/s of the subword encoder, against Python sentencepiece, one thread.",
        discussion: """
        Both sides encode the same lines with the same model: the Swift side calls UnigramEncoder.encode \
        on each line; the peer (benchmarks/peers/spm_bench.py --peer, pip install sentencepiece) calls \
        SentencePieceProcessor.encode(lines, num_threads=1). Neither side runs ICU normalization (the \
        models use identity normalization; the Swift ICU + encoder figure is printed for reference). \
        The sides alternate for --rounds rounds; each round keeps its best of --passes passes, and the \
        ratio is Swift's best sentences/s over the peer's best. Total id counts are compared as a check \
        that both sides did the same work.
        """)

    @Option(help: "SentencePiece .model file (default: the shipped tokenizer/litsearch.model).")
    var model: String?

    @Option(help: "Sentences: a .jsonl file with a \"text\" field per line, or a text file with one per line.")
    var lines = "Tests/TokenizerTests/Fixtures/compat.jsonl"

    @Option(name: .customLong("repeat"), help: "Concatenate the lines this many times.") var repetitions = 4
    @Option(help: "Rounds; the two sides alternate.") var rounds = 3
    @Option(help: "Passes over all lines per round; a round reports its fastest pass.") var passes = 3
    @Option(help: "Python interpreter for the peer; pass an empty string to skip the peer.") var python = "python3"
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        do {
            let installation = Installation.current()
            guard let modelPath = model ?? ModelLocation.defaultModelPath() else {
                throw ValidationError("no model: pass --model FILE or set LITSEARCH_TOKENIZER_MODEL")
            }
            let tokenizer = try TextTokenizer(model: SentencePieceModel(contentsOf: modelPath))
            let sentences = try TokenizerBenchmark.sentences(from: lines, repetitions: repetitions)
            let linesFile = FileManager.default.temporaryDirectory
                .appendingPathComponent("litsearch-bench-tokenizer-\(getpid()).txt")
            try Data(sentences.joined(separator: "\n").utf8).write(to: linesFile)
            defer { try? FileManager.default.removeItem(at: linesFile) }
            let peer = python.isEmpty ? nil : TokenizerPeer(
                python: python, script: installation.home.appendingPathComponent("benchmarks/peers/spm_bench.py").path,
                model: modelPath, lines: linesFile.path, passes: passes)
            let benchmark = TokenizerBenchmark(modelPath: modelPath, tokenizer: tokenizer, sentences: sentences,
                                               rounds: rounds, passes: passes)
            let report = try benchmark.run(peer: peer)
            print(json ? try JSONOutput.text(report) : report.text)
            if let mismatch = report.mismatch { throw ValidationError(mismatch) }
        } catch let error as TokenizerBenchError {
            throw ValidationError(error.description)
        }
    }
}
