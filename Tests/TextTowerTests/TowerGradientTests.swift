import SeededRandom
import XCTest
@testable import TextTower

/// Finite-difference checks of whole towers at a tiny size, and of the image projection.
final class TowerGradientTests: XCTestCase {
    static let ids: [Int32] = [1, 4, 9, 2, 0, 0,
                               1, 5, 5, 7, 8, 2,
                               1, 2, 0, 0, 0, 0]
    static let lengths = [4, 6, 2]

    func checkTower(_ config: TextTowerConfig, file: StaticString = #filePath, line: UInt = #line) throws {
        var layout = ParameterLayout()
        let tower = try TextTower(config: config, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        var random = SeededGenerator(seed: 3)
        tower.initialise(p.pointer, random: &random)
        // Larger-than-default weights so every path carries gradient well above float32 noise.
        for slice in layout.slices where slice.decays {
            for i in 0..<slice.count { p[slice.offset + i] = 0.3 * random.nextNormal() }
        }
        for slice in layout.slices where slice.name.hasPrefix("embedding") {
            for i in 0..<slice.count { p[slice.offset + i] = random.nextNormal() }
        }
        let workspace = TextTowerWorkspace(config: config, batchCapacity: 3)
        let weights = GradientCheck.normals(3 * config.outputDimension, random: &random)
        try Self.ids.withUnsafeBufferPointer { ids in
            try Self.lengths.withUnsafeBufferPointer { lengths in
                let batch = TokenBatch(ids: ids.baseAddress!, lengths: lengths.baseAddress!, count: 3, stride: 6)
                let objective = { () -> Double in
                    GradientCheck.weightedSum(tower.run(batch, parameters: p.pointer, workspace: workspace), weights)
                }
                _ = try tower.forward(batch, parameters: p.pointer, workspace: workspace)
                weights.withUnsafeBufferPointer {
                    tower.backward($0.baseAddress!, tokens: batch, parameters: p.pointer, gradients: g.pointer, workspace: workspace)
                }
                for slice in layout.slices {
                    // Only the rows of ids that occur have gradient; check those for the token table.
                    if slice.name == "embedding.tokens" {
                        for id in [1, 2, 5, 9] {
                            let offset = slice.offset + id * config.dimension
                            GradientCheck.compare("\(config.kind).\(slice.name)[\(id)]", values: p.pointer + offset,
                                                  count: config.dimension, analytic: g.pointer + offset, samples: 8,
                                                  objective: objective, file: file, line: line)
                        }
                        continue
                    }
                    GradientCheck.compare("\(config.kind).\(slice.name)", values: p.pointer + slice.offset, count: slice.count,
                                          analytic: g.pointer + slice.offset, samples: 12, objective: objective,
                                          file: file, line: line)
                }
            }
        }
    }

    func testTransformerMeanPooling() throws {
        try checkTower(TextTowerConfig(vocabularySize: 12, dimension: 8, layers: 2, heads: 2, mlpRatio: 2,
                                       maxLength: 6, outputDimension: 5, pooling: .mean))
    }

    func testTransformerFirstTokenPooling() throws {
        try checkTower(TextTowerConfig(vocabularySize: 12, dimension: 8, layers: 1, heads: 4, mlpRatio: 2,
                                       maxLength: 6, outputDimension: 4, pooling: .first))
    }

    func testBagOfSubwords() throws {
        try checkTower(TextTowerConfig(kind: .bagOfSubwords, vocabularySize: 12, dimension: 8, maxLength: 6, outputDimension: 5))
    }

    func testImageProjection() {
        var layout = ParameterLayout()
        let head = ImageProjection(inputDimension: 10, outputDimension: 4, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        var random = SeededGenerator(seed: 5)
        head.initialise(p.pointer, random: &random)
        let features = GradientCheck.normals(3 * 10, random: &random)
        let centre = ImageProjection.centre(of: features, count: 3, dimension: 10)
        XCTAssertEqual(Double(centre[0]), Double(features[0] + features[10] + features[20]) / 3, accuracy: 1e-6)
        let workspace = ImageProjectionWorkspace(inputDimension: 10, outputDimension: 4, batchCapacity: 3)
        let weights = GradientCheck.normals(12, random: &random)
        let objective = { () -> Double in
            GradientCheck.weightedSum(head.forward(features, count: 3, centre: centre, parameters: p.pointer, workspace: workspace), weights)
        }
        _ = objective()
        head.backward(weights, parameters: p.pointer, gradients: g.pointer, workspace: workspace)
        GradientCheck.compare("image.head", values: p.pointer, count: p.count, analytic: g.pointer, objective: objective)
    }

    func testForwardRejectsBadInput() throws {
        let config = TextTowerConfig(vocabularySize: 12, dimension: 8, layers: 1, heads: 2, maxLength: 6, outputDimension: 4)
        var layout = ParameterLayout()
        let tower = try TextTower(config: config, layout: &layout)
        let p = FloatBuffer(count: layout.count)
        let workspace = TextTowerWorkspace(config: config, batchCapacity: 1)
        let ids: [Int32] = [1, 99, 2], lengths = [3]
        XCTAssertThrowsError(try tower.forward(TokenBatch(ids: ids, lengths: lengths, count: 1, stride: 3),
                                               parameters: p.pointer, workspace: workspace))
        XCTAssertThrowsError(try TextTower(config: TextTowerConfig(dimension: 10, heads: 4), layout: &layout))
    }
}
