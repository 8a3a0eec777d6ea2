import Foundation
import ImageIO
@testable import ImageTower
import XCTest

/// The Swift tower against an independent implementation: the same checkpoint built as an ONNX
/// graph and run by onnxruntime (`benchmarks/peers/onnx_reference.py`, see the fixture's README).
final class ReferenceMatchTests: XCTestCase {
    struct Reference: Decodable {
        struct Normalization: Decodable { let mean: [Float]; let std: [Float] }
        struct Image: Decodable {
            let file: String
            let embedding: [Float]
            let logits_top5: [[Double]]
        }
        let normalization: Normalization
        let images: [Image]
    }

    func testEmbeddingsMatchOnnxRuntimeAtCosineAbove0_9999() throws {
        let tower = try TowerFixture.tower()
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/reference", withExtension: nil))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
        XCTAssertGreaterThanOrEqual(reference.images.count, 8)
        let preprocessor = Preprocessor(mean: reference.normalization.mean, std: reference.normalization.std)
        var batch: [Float] = []
        for image in reference.images {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(image.file)))
            let decoded = try ImageDecoder().decode(bytes)
            XCTAssertEqual(decoded.image.width, 224, image.file)
            XCTAssertEqual(decoded.image.height, 224, image.file)
            batch += preprocessor.tensor(from: decoded.image)
        }
        // Every kernel variant this CPU can run: AVX-512 and AVX2 on an AVX-512 machine.
        for bits in MatrixKernel.supportedWidths.isEmpty ? [0] : MatrixKernel.supportedWidths {
            let output = MatrixKernel.withWidth(bits) { tower.run(batch: batch, count: reference.images.count) }
            for (index, image) in reference.images.enumerated() {
                let ours = output.embedding(index)
                let cosine = zip(ours, image.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                XCTAssertGreaterThanOrEqual(cosine, 0.9999, "\(image.file): cosine \(cosine) with onnxruntime (\(bits)-bit kernels)")
                let topClass = output.topClasses(index, k: 1)[0].index
                XCTAssertEqual(topClass, Int(image.logits_top5[0][0]), "\(image.file): top-1 class differs from onnxruntime")
            }
        }
    }
}

/// Loads the tower once for all tests of this module.
enum TowerFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let shared: Result<ImageTower, Error> = Result {
        try ImageTower(contentsOf: repository.appendingPathComponent("weights/efficientnet-lite0.safetensors"))
    }

    /// The tower, or a failure telling how to get the weights.
    static func tower() throws -> ImageTower {
        do {
            return try shared.get()
        } catch {
            XCTFail("\(error) — run `bash scripts/install-deps.sh` first")
            throw error
        }
    }
}
