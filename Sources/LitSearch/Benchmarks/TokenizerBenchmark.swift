import Foundation
import Tokenizer

/// `litsearch bench tokenizer`: the Swift unigram encoder against Python `sentencepiece`, one thread.
///
/// Both sides encode the same sentences with the same model. The sides alternate for `rounds`
/// rounds; each round keeps its best of `passes` passes, and the ratio is Swift's best
/// sentences/s over the peer's best.
///
/// ```swift
/// let sentences = try TokenizerBenchmark.sentences(from: "lines.jsonl", repetitions: 4)
/// let bench = TokenizerBenchmark(modelPath: path, tokenizer: tokenizer, sentences: sentences, rounds: 3, passes: 3)
/// let report = try bench.run(peer: peer)
/// ```
public struct TokenizerBenchmark {
    public let modelPath: String
    public let tokenizer: TextTokenizer
    public let sentences: [String]
    public let rounds: Int
    public let passes: Int

    public init(modelPath: String, tokenizer: TextTokenizer, sentences: [String], rounds: Int, passes: Int) {
        self.modelPath = modelPath
        self.tokenizer = tokenizer
        self.sentences = sentences
        self.rounds = max(1, rounds)
        self.passes = max(1, passes)
    }

    /// Runs the rounds, alternating with `peer` when there is one.
    ///
    /// - Throws: `TokenizerBenchError` when the peer fails or prints something unreadable.
    /// - Complexity: rounds × passes × O(total bytes × L) on each side.
    public func run(peer: TokenizerPeer?) throws -> TokenizerBenchReport {
        var swiftRounds: [TokenizerPass] = [], peerRounds: [TokenizerPeer.Result] = []
        for _ in 0..<rounds {
            swiftRounds.append(TokenizerPass.best(of: passes) { TokenizerPass.encode(sentences, with: tokenizer.encoder) })
            if let peer { peerRounds.append(try peer.run()) }
        }
        let pipeline = TokenizerPass.best(of: passes) { TokenizerPass.tokenize(sentences, with: tokenizer) }
        let swift = swiftRounds.max { $0.sentencesPerSecond < $1.sentencesPerSecond }!
        let best = peerRounds.max { $0.sentencesPerSecond < $1.sentencesPerSecond }
        return TokenizerBenchReport(
            model: modelPath, sentences: sentences.count, bytes: swift.bytes, swift: swift, swiftPipeline: pipeline,
            sentencepiece: best, ratio: best.map { swift.sentencesPerSecond / $0.sentencesPerSecond },
            swiftRounds: swiftRounds.map(\.sentencesPerSecond), sentencepieceRounds: peerRounds.map(\.sentencesPerSecond))
    }

    /// The benchmark sentences: the `text` fields of a .jsonl file, or a text file's lines, repeated
    /// `repetitions` times; lines holding a newline are dropped (the peer reads one sentence per line).
    ///
    /// - Throws: `TokenizerBenchError` for an unreadable file or a .jsonl line without `text`.
    /// - Complexity: O(file size × repetitions).
    public static func sentences(from path: String, repetitions: Int) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerBenchError("cannot read \(path); pass --lines with a .jsonl or text file")
        }
        let rows = data.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        var sentences = rows
        if path.hasSuffix(".jsonl") {
            sentences = try rows.enumerated().map { number, row in
                let object = try? JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any]
                guard let text = object?["text"] as? String else {
                    throw TokenizerBenchError("\(path): line \(number + 1) has no \"text\" string; each line should be {\"text\": \"…\"}")
                }
                return text
            }
        }
        sentences = sentences.filter { !$0.utf8.contains(UInt8(ascii: "\n")) }
        return Array([[String]](repeating: sentences, count: max(1, repetitions)).joined())
    }
}

/// One timed pass of the Swift side of the tokenizer benchmark.
public struct TokenizerPass: Codable, Sendable {
    public let sentences: Int
    public let bytes: Int
    /// Total ids produced, to check that both sides did the same work.
    public let ids: Int
    public let seconds: Double

    public var sentencesPerSecond: Double { Double(sentences) / seconds }
    public var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }

    /// The fastest of `passes` runs of `body`.
    ///
    /// - Complexity: `passes` × the cost of `body`.
    public static func best(of passes: Int, _ body: () -> TokenizerPass) -> TokenizerPass {
        (0..<max(1, passes)).map { _ in body() }.min { $0.seconds < $1.seconds }!
    }

    /// Encodes every sentence with the encoder alone (what the peer does).
    ///
    /// - Complexity: O(total bytes × L).
    public static func encode(_ sentences: [String], with encoder: UnigramEncoder) -> TokenizerPass {
        timed(sentences) { encoder.encode($0).count }
    }

    /// ICU normalization plus encoding, for reference.
    ///
    /// - Complexity: O(total bytes × L).
    public static func tokenize(_ sentences: [String], with tokenizer: TextTokenizer) -> TokenizerPass {
        timed(sentences) { (try? tokenizer.tokenize($0).ids.count) ?? 0 }
    }

    private static func timed(_ sentences: [String], _ body: (String) -> Int) -> TokenizerPass {
        let start = DispatchTime.now().uptimeNanoseconds
        var ids = 0
        for sentence in sentences { ids += body(sentence) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TokenizerPass(sentences: sentences.count, bytes: sentences.reduce(0) { $0 + $1.utf8.count },
                             ids: ids, seconds: seconds)
    }
}

/// The Python `sentencepiece` side: one round is one run of `spm_bench.py --peer`.
public struct TokenizerPeer: Sendable {
    public let python: String
    public let script: String
    public let model: String
    public let lines: String
    public let passes: Int

    public init(python: String, script: String, model: String, lines: String, passes: Int) {
        self.python = python
        self.script = script
        self.model = model
        self.lines = lines
        self.passes = passes
    }

    /// What the peer prints.
    public struct Result: Codable, Sendable {
        public let sentencesPerSecond: Double
        public let megabytesPerSecond: Double
        public let sentences: Int
        public let bytes: Int
        public let ids: Int
        public let version: String
        enum CodingKeys: String, CodingKey {
            case sentencesPerSecond = "sentences_per_s", megabytesPerSecond = "mb_per_s", sentences, bytes, ids, version
        }
    }

    /// Runs one round of the peer and parses its JSON line.
    ///
    /// - Throws: `TokenizerBenchError` when the peer cannot start, fails or prints no result.
    public func run() throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--peer", "--model", model, "--lines", lines, "--passes", String(passes)]
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch {
            throw TokenizerBenchError("cannot start the sentencepiece peer \(python) \(script): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TokenizerBenchError("the sentencepiece peer failed (exit \(process.terminationStatus)); is `pip install sentencepiece` done?")
        }
        do { return try JSONDecoder().decode(Result.self, from: data) } catch {
            throw TokenizerBenchError("the sentencepiece peer printed no result line (\(error.localizedDescription)); run \(script) --peer by hand to see why")
        }
    }
}

/// Why the tokenizer benchmark could not run; says what to do.
public struct TokenizerBenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
