import Foundation
import ImageIO
import ImageTower
import XCTest

/// The tower behaves like an ImageNet classifier on real photos, through the full preprocessing.
final class ClassificationTests: XCTestCase {
    func top5Names(_ sample: String) throws -> [String] {
        let tower = try TowerFixture.tower()
        let classes = try ImageNetClasses(contentsOf: TowerFixture.repository.appendingPathComponent("weights/imagenet_classes.txt"))
        let bytes = [UInt8](try Data(contentsOf: TowerFixture.repository.appendingPathComponent("samples/\(sample)")))
        let tensor = Preprocessor().tensor(from: try ImageDecoder().decode(bytes).image)
        let output = tower.run(batch: tensor, count: 1)
        return output.topClasses(0, k: 5).map { classes.names[$0.index] }
    }

    func testTheTabbyCatIsACat() throws {
        let names = try top5Names("chelsea.jpg")
        XCTAssertTrue(names.contains { $0.contains("tabby") || $0.contains("tiger cat") || $0.contains("Egyptian cat") }, "\(names)")
    }

    func testTheCoffeeIsEspressoOrACup() throws {
        let names = try top5Names("coffee.jpg")
        XCTAssertTrue(names.contains { $0.contains("espresso") || $0.contains("cup") }, "\(names)")
    }

    func testTheSpanielsAreDogs() throws {
        let names = try top5Names("dogs.jpg")
        XCTAssertTrue(names.contains { $0.contains("spaniel") }, "\(names)")
    }

    func testTheStreetPhotoIsOfCars() throws {
        let cars = ["cab", "sports car", "convertible", "beach wagon", "minivan", "limousine", "police van", "racer", "jeep"]
        let names = try top5Names("cars.jpg")
        XCTAssertTrue(names.contains { name in cars.contains { name.contains($0) } }, "\(names)")
    }

    func testEmbeddingsAreUnitLengthAndDeterministic() throws {
        let tower = try TowerFixture.tower()
        let bytes = [UInt8](try Data(contentsOf: TowerFixture.repository.appendingPathComponent("samples/chelsea.jpg")))
        let tensor = Preprocessor().tensor(from: try ImageDecoder().decode(bytes).image)
        let single = tower.run(batch: tensor, count: 1)
        let norm = single.embedding(0).reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertEqual(norm, 1, accuracy: 1e-5)
        // The same image inside a batch gives the same embedding.
        let batched = tower.run(batch: tensor + tensor.map { -$0 } + tensor, count: 3)
        for (a, b) in zip(single.embedding(0), batched.embedding(2)) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testClassPrototypesAreUnitRowsOfTheClassifier() throws {
        let prototypes = try TowerFixture.tower().classPrototypes
        XCTAssertEqual(prototypes.count, ImageTower.classCount * ImageTower.embeddingDimension)
        let first = prototypes[0..<ImageTower.embeddingDimension].reduce(0) { $0 + $1 * $1 }
        XCTAssertEqual(first, 1, accuracy: 1e-4)
    }
}
