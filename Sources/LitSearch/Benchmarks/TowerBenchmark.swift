import Foundation
import ImageTower

/// Measures the image tower's throughput on preprocessed 224×224 tensors.
///
/// The input is deterministic noise in the normalised range, so the measurement covers the
/// network alone, not decoding.
public struct TowerBenchmark: Sendable {
    public struct Result: Encodable, Sendable {
        public let batch: Int
        public let threads: Int
        public let images: Int
        public let seconds: Double
        public var imagesPerSecond: Double { Double(images) / seconds }

        enum CodingKeys: String, CodingKey { case batch, threads, images, seconds, imagesPerSecond = "images_per_second" }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(batch, forKey: .batch)
            try container.encode(threads, forKey: .threads)
            try container.encode(images, forKey: .images)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(imagesPerSecond, forKey: .imagesPerSecond)
        }
    }

    public let tower: ImageTower
    public let batch: Int
    public let seconds: Double
    /// When set, run exactly this many images (rounded up to whole batches) instead of timing.
    public let images: Int?

    public init(tower: ImageTower, batch: Int, seconds: Double, images: Int? = nil) {
        self.tower = tower
        self.batch = batch
        self.seconds = seconds
        self.images = images
    }

    /// Runs one warm-up batch, then batches until `seconds` have passed (or `images` are done).
    public func run() -> Result {
        let size = ImageTower.inputSize
        var state: UInt64 = 0x9E3779B97F4A7C15
        let input = (0..<(batch * 3 * size * size)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
        _ = tower.run(batch: input, count: batch)
        let start = Date()
        var done = 0
        repeat {
            _ = tower.run(batch: input, count: batch)
            done += batch
        } while self.images.map { done < $0 } ?? (Date().timeIntervalSince(start) < seconds)
        return Result(batch: batch, threads: tower.threads, images: done, seconds: Date().timeIntervalSince(start))
    }
}
