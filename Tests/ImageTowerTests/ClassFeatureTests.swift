import Foundation
import ImageIO
@testable import ImageTower
import XCTest

/// `classFeatures()` gives photo-like features: non-negative, unit, classified as their own class,
/// and closer to the features of real photos than the classifier's rows are.
final class ClassFeatureTests: XCTestCase {
    static let features: [Float] = (try? TowerFixture.tower().classFeatures()) ?? []
    let d = ImageTower.embeddingDimension

    func testTheMomentsOfAClippedGaussianMatchACloseFormAndASum() {
        // z ~ N(1, 2²) clipped to [0, 6]: integrate numerically.
        var mean = 0.0, square = 0.0, steps = 200_000
        for i in 0..<steps {
            let u = -10 + 20 * (Double(i) + 0.5) / Double(steps)
            let weight = exp(-0.5 * u * u) / (2 * Double.pi).squareRoot() * 20 / Double(steps)
            let y = min(max(1 + 2 * u, 0), 6)
            mean += weight * y
            square += weight * y * y
        }
        let moments = ImageTower.clippedGaussianMoments(mean: 1, deviation: 2)
        XCTAssertEqual(moments.mean, mean, accuracy: 1e-6)
        XCTAssertEqual(moments.variance, square - mean * mean, accuracy: 1e-6)
    }

    func testEveryFeatureIsUnitNonNegativeAndClassifiedAsItsClass() throws {
        let rows = try TowerFixture.tower().classPrototypes
        let features = Self.features
        XCTAssertEqual(features.count, ImageTower.classCount * d)
        XCTAssertGreaterThanOrEqual(features.min() ?? -1, 0)
        var right = 0
        for c in 0..<ImageTower.classCount {
            let row = Array(features[(c * d)..<((c + 1) * d)])
            XCTAssertEqual(row.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-3)
            // The class whose (unit) classifier row is nearest.
            var best = 0, bestScore = -Float.infinity
            for j in 0..<ImageTower.classCount {
                var score: Float = 0
                for k in 0..<d { score += rows[j * d + k] * row[k] }
                if score > bestScore { (best, bestScore) = (j, score) }
            }
            if best == c { right += 1 }
        }
        XCTAssertGreaterThanOrEqual(right, 950, "classes whose own feature is nearest their own classifier row")
    }

    func testAPhotoOfACatIsNearerTheCatFeatureThanPhotosOfOtherThings() throws {
        let tower = try TowerFixture.tower()
        let photos = ["chelsea.jpg", "coffee.jpg", "rocket.jpg", "astronaut.jpg"]
        var embeddings: [[Float]] = []
        for photo in photos {
            let bytes = [UInt8](try Data(contentsOf: TowerFixture.repository.appendingPathComponent("samples/\(photo)")))
            embeddings.append(tower.run(batch: Preprocessor().tensor(from: try ImageDecoder().decode(bytes).image), count: 1).embedding(0).map { $0 })
        }
        // Class 281 is "tabby, tabby cat"; 967 "espresso". Cosines after removing the features' mean.
        var centre = [Float](repeating: 0, count: d)
        for c in 0..<ImageTower.classCount { for k in 0..<d { centre[k] += Self.features[c * d + k] / Float(ImageTower.classCount) } }
        func cosine(_ a: [Float], _ b: ArraySlice<Float>) -> Float {
            let x = zip(a, centre).map(-), y = zip(b, centre).map(-)
            let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            return dot / (x.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }).squareRoot()
        }
        for (photo, cls) in [(0, 281), (1, 967)] {
            let scores = embeddings.map { cosine($0, Self.features[(cls * d)..<((cls + 1) * d)]) }
            XCTAssertEqual(scores.indices.max { scores[$0] < scores[$1] }, photo, "\(photos[photo]): \(scores)")
        }
    }
}
