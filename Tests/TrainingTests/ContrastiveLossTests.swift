import Foundation
import SeededRandom
import XCTest
import TextTower
@testable import Training

/// The multi-positive symmetric InfoNCE loss: hand-computed values and finite differences.
final class ContrastiveLossTests: XCTestCase {
    func evaluate(_ text: [Float], _ images: [Float], concepts: [Int], dimension: Int, logScale: Float)
        -> (ContrastiveLoss.Result, [Float], [Float]) {
        let b = concepts.count
        var dText = [Float](repeating: 0, count: b * dimension), dImage = dText
        let scratch = FloatBuffer(count: 4 * b * b)
        let result = ContrastiveLoss.evaluate(text: text, images: images, concepts: concepts, count: b, dimension: dimension,
                                              logScale: logScale, textGradient: &dText, imageGradient: &dImage,
                                              scratch: scratch.pointer)
        return (result, dText, dImage)
    }

    func testTwoByTwoByHand() {
        let identity: [Float] = [1, 0, 0, 1]
        let (result, dText, dImage) = evaluate(identity, identity, concepts: [0, 1], dimension: 2, logScale: 0)
        // Each row and column: −log(e/(e+1)) = log(1 + 1/e).
        XCTAssertEqual(Double(result.loss), log(1 + exp(-1.0)), accuracy: 1e-6)
        XCTAssertEqual(result.textToImageAccuracy, 1)
        // ∂/∂L = (P − Q)/2 per entry (both directions agree), and ∂t₀ = ∂L₀·· · I.
        let e = exp(1.0)
        XCTAssertEqual(Double(dText[0]), -1 / (2 * (e + 1)), accuracy: 1e-6)
        XCTAssertEqual(Double(dText[1]), 1 / (2 * (e + 1)), accuracy: 1e-6)
        XCTAssertEqual(Double(dImage[0]), -1 / (2 * (e + 1)), accuracy: 1e-6)
        // ∂/∂logScale = Σ ∂L·L = the diagonal: 2·(−1/(2(e+1))).
        XCTAssertEqual(Double(result.logScaleGradient), -1 / (e + 1), accuracy: 1e-6)
    }

    func testSameConceptIsNeverANegative() {
        let identity: [Float] = [1, 0, 0, 1]
        // Both rows share a concept: the target is uniform, loss = log(e + 1) − ½ per direction.
        let (shared, _, _) = evaluate(identity, identity, concepts: [5, 5], dimension: 2, logScale: 0)
        XCTAssertEqual(Double(shared.loss), log(exp(1.0) + 1) - 0.5, accuracy: 1e-6)
        // Two captions of one concept and their (identical) images: pushing the captions apart
        // cannot lower the loss, so the gradient along t₀ − t₁ vanishes.
        let text: [Float] = [0.6, 0.8, 0.6, 0.8, 1, 0]
        let images: [Float] = [0.6, 0.8, 0.6, 0.8, 1, 0]
        let (_, dText, _) = evaluate(text, images, concepts: [1, 1, 2], dimension: 2, logScale: 1)
        XCTAssertEqual(dText[0], dText[2], accuracy: 1e-7)
        XCTAssertEqual(dText[1], dText[3], accuracy: 1e-7)
    }

    func testGradientsMatchFiniteDifferences() {
        var random = SeededGenerator(seed: 11)
        let (b, d) = (6, 4)
        let concepts = [0, 1, 0, 2, 1, 3]
        var text = (0..<(b * d)).map { _ in random.nextNormal() * 0.5 }
        var images = (0..<(b * d)).map { _ in random.nextNormal() * 0.5 }
        var logScale: Float = 0.7
        let (result, dText, dImage) = evaluate(text, images, concepts: concepts, dimension: d, logScale: logScale)
        let loss = { [self] () -> Double in Double(evaluate(text, images, concepts: concepts, dimension: d, logScale: logScale).0.loss) }
        func numeric(_ change: (Float) -> Void) -> Double {
            let h: Float = 1e-2
            change(h); let plus = loss()
            change(-2 * h); let minus = loss()
            change(h)
            return (plus - minus) / (2 * Double(h))
        }
        for i in 0..<(b * d) {
            XCTAssertEqual(numeric { text[i] += $0 }, Double(dText[i]), accuracy: 2e-3 + 2e-2 * abs(Double(dText[i])), "text \(i)")
            XCTAssertEqual(numeric { images[i] += $0 }, Double(dImage[i]), accuracy: 2e-3 + 2e-2 * abs(Double(dImage[i])), "image \(i)")
        }
        XCTAssertEqual(numeric { logScale += $0 }, Double(result.logScaleGradient), accuracy: 2e-3)
    }
}
