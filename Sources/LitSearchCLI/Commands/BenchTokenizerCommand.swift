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
        let installation = Installation.current()
        guard let modelPath = model ?? ModelLocation.defaultModelPath() else {
            throw ValidationError("no model: pass --model FILE or set LITSEARCH_TOKENIZER_MODEL")
        }
        let tokenizer = try TextTokenizer(model: SentencePieceModel(contentsOf: modelPath))
        let sentences = try Self.readSentences(lines, repetitions: max(1, repetitions))
        let linesFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("litsearch-bench-tokenizer-\(getpid()).txt")
        try Data(sentences.joined(separator: "\n").utf8).write(to: linesFile)
        defer { try? FileManager.default.removeItem(at: linesFile) }
        let peer = TokenizerPeer(python: python, script: installation.home.appendingPathComponent(
            "benchmarks/peers/spm_bench.py").path, model: modelPath, lines: linesFile.path, passes: passes)

        var swiftRounds: [TokenizerPass] = [], peerRounds: [TokenizerPeer.Result] = []
        for _ in 0..<max(1, rounds) {
            swiftRounds.append(TokenizerPass.best(of: passes) { TokenizerPass.encode(sentences, with: tokenizer.encoder) })
            if !python.isEmpty { peerRounds.append(try peer.run()) }
        }
        let pipeline = TokenizerPass.best(of: passes) { TokenizerPass.tokenize(sentences, with: tokenizer) }
        let swift = swiftRounds.max { $0.sentencesPerSecond < $1.sentencesPerSecond }!
        let best = peerRounds.max { $0.sentencesPerSecond < $1.sentencesPerSecond }
        let report = TokenizerBenchReport(
            model: modelPath, sentences: sentences.count, bytes: swift.bytes, swift: swift, swiftPipeline: pipeline,
            sentencepiece: best, ratio: best.map { swift.sentencesPerSecond / $0.sentencesPerSecond },
            swiftRounds: swiftRounds.map(\.sentencesPerSecond), sentencepieceRounds: peerRounds.map(\.sentencesPerSecond))
        print(json ? try report.json() : report.text)
        if let best, best.ids != swift.ids {
            throw ValidationError("id counts differ: swift \(swift.ids), sentencepiece \(best.ids)")
        }
    }

    /// The benchmark sentences: the `text` fields of a .jsonl file, or a text file's lines; lines
    /// holding a newline are dropped (the peer reads one sentence per line).
    ///
    /// - Complexity: O(file size × repetitions).
    static func readSentences(_ path: String, repetitions: Int) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        let rows = data.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        var sentences = rows
        if path.hasSuffix(".jsonl") {
            sentences = try rows.map { row in
                let object = try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any]
                guard let text = object?["text"] as? String else { throw ValidationError("\(path): a line has no \"text\"") }
                return text
            }
        }
        sentences = sentences.filter { !$0.utf8.contains(UInt8(ascii: "\n")) }
        return Array([[String]](repeating: sentences, count: repetitions).joined())
    }
}
