import Foundation
@testable import ImageTower
import XCTest

final class SafeTensorsTests: XCTestCase {
    /// A file with the given header JSON and body bytes.
    func file(header: String, body: [Float]) -> Data {
        var data = Data()
        let json = Data(header.utf8)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        body.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    func testReadsTensorsAndMetadata() throws {
        let data = file(header: #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"model_id":"m"}}"#,
                        body: [1, 2, 3, 4])
        let tensors = try SafeTensors(data: data)
        XCTAssertEqual(try tensors.tensor("a", shape: [2, 2]).values, [1, 2, 3, 4])
        XCTAssertEqual(tensors.metadata["model_id"], "m")
        XCTAssertThrowsError(try tensors.tensor("a", shape: [4]))
        XCTAssertThrowsError(try tensors.tensor("b"))
    }

    func testRejectsTruncatedAndInconsistentFiles() {
        let good = file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, body: [1, 2, 3, 4])
        XCTAssertThrowsError(try SafeTensors(data: good.prefix(good.count - 4))) { error in
            XCTAssertTrue("\(error)".contains("inconsistent"), "\(error)")
        }
        XCTAssertThrowsError(try SafeTensors(data: good.prefix(5)))
        XCTAssertThrowsError(try SafeTensors(data: file(header: "[1]", body: [])))
        XCTAssertThrowsError(try SafeTensors(data: file(header: #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, body: [1])))
    }

    func testSamePaddingMatchesTensorFlow() {
        let stem = SamePadding(input: 224, kernel: 3, stride: 2)
        XCTAssertEqual(stem.output, 112)
        XCTAssertEqual(stem.before, 0)
        let wide = SamePadding(input: 56, kernel: 5, stride: 2)
        XCTAssertEqual(wide.output, 28)
        XCTAssertEqual(wide.before, 1)
        let flat = SamePadding(input: 14, kernel: 5, stride: 1)
        XCTAssertEqual(flat.output, 14)
        XCTAssertEqual(flat.before, 2)
    }
}

/// `TowerIdentity` reads what text search needs without building the network.
final class TowerIdentityTests: XCTestCase {
    func testMatchesTheFullTower() throws {
        let tower = try TowerFixture.tower()
        let identity = try TowerIdentity(contentsOf: TowerFixture.repository.appendingPathComponent("weights/efficientnet-lite0.safetensors"))
        XCTAssertEqual(identity.modelID, tower.modelID)
        XCTAssertTrue(identity.classifier.weights == tower.classifier.weights, "the same classifier weights")
        XCTAssertEqual(identity.classifier.bias, tower.classifier.bias)
        XCTAssertThrowsError(try TowerIdentity(contentsOf: URL(fileURLWithPath: "/nonexistent.safetensors")))
    }
}
