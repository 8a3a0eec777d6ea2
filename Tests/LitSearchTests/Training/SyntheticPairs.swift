import Foundation
import LitSearch
import SeededRandom
import TextTower

/// A fake locked tower: each picture's embedding is a seeded random unit vector derived from its
/// bytes, so tests need no weights. It counts what it embeds.
final class FakeEmbedder: LockedImageEmbedder {
    let modelID: String
    let dimension: Int
    private(set) var embeddedCount = 0

    init(modelID: String = "fake-v1", dimension: Int = 32) {
        self.modelID = modelID
        self.dimension = dimension
    }

    func embed(_ images: [(path: String, bytes: [UInt8])]) throws -> [Float] {
        embeddedCount += images.count
        return images.flatMap { image in Self.vector(seed: UInt64(truncatingIfNeeded: image.bytes.reduce(7) { $0 &* 31 &+ Int($1) }), dimension) }
    }

    func classPrototypes(_ kind: PrototypeKind) -> [Float] { (0..<10).flatMap { Self.vector(seed: 1000 + UInt64($0), dimension) } }

    static func vector(seed: UInt64, _ dimension: Int) -> [Float] {
        var random = SeededGenerator(seed: seed)
        let v = (0..<dimension).map { _ in random.nextNormal() }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}

/// Small synthetic data sets written to a temporary directory.
enum SyntheticPairs {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var tokenizerModel: URL { repository.appendingPathComponent("tokenizer/litsearch.model") }

    /// A fresh temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("images"), withIntermediateDirectories: true)
        return url
    }

    /// `concepts` concepts, each with one picture file (distinct bytes) and a caption in each of
    /// `languages` (language i gets `weights[i]` captions per concept).
    static func pairs(concepts: Int, languages: [(tag: String, captionsPerConcept: Int)], in directory: URL) throws -> [TrainingPair] {
        var pairs: [TrainingPair] = []
        for concept in 0..<concepts {
            let path = "images/c\(concept).bin"
            try Data("picture \(concept)".utf8).write(to: directory.appendingPathComponent(path))
            for (tag, count) in languages {
                for variant in 0..<count {
                    pairs.append(TrainingPair(concept: "c:\(concept)", lang: tag, text: "word\(concept) \(tag) \(variant)", image: path))
                }
            }
        }
        return pairs
    }

    static func write(_ pairs: [TrainingPair], to url: URL) throws {
        let encoder = JSONEncoder()
        let lines = try pairs.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
