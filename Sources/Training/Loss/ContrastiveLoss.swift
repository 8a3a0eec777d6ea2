import Foundation
import TextTower

/// Symmetric multi-positive InfoNCE over a batch of text and image embeddings.
///
/// With unit rows `tᵢ`, `iⱼ` and logit scale `s = e^{logScale}` (the inverse temperature), the
/// logits are `Lᵢⱼ = s·tᵢ·iⱼ`. Row `i` of the batch has concept `cᵢ`; every pair with `cᵢ = cⱼ`
/// is a positive, so two captions (or images) of one concept are never pushed apart. Each
/// direction's target is uniform over the positives, `Qᵢⱼ = [cᵢ = cⱼ]/nᵢ` with `nᵢ` the number of
/// rows sharing `cᵢ`, and
///
///     loss = ½·(1/B)·Σᵢ CE(Qᵢ·, softmaxⱼ Lᵢ·) + ½·(1/B)·Σⱼ CE(Q·ⱼ, softmaxᵢ L·ⱼ).
///
/// With distinct concepts this is CLIP's loss. Gradient: `∂loss/∂Lᵢⱼ = (Pʳᵢⱼ − Qᵢⱼ + Pᶜᵢⱼ − Qᵢⱼ)/(2B)`
/// where `Pʳ`, `Pᶜ` are the row- and column-softmaxes; `∂loss/∂logScale = Σᵢⱼ ∂loss/∂Lᵢⱼ·Lᵢⱼ`.
public enum ContrastiveLoss {
    /// The loss and its gradients for one batch.
    public struct Result: Sendable {
        public var loss: Float
        public var logScaleGradient: Float
        /// Fraction of texts whose highest-scoring image in the batch shares their concept.
        public var textToImageAccuracy: Float
    }

    /// Evaluates the loss, writing `∂loss/∂text` and `∂loss/∂images` (`[count × dimension]`).
    ///
    /// `scratch` holds at least `4·count²` floats.
    /// - Complexity: O(count²·dimension) on BLAS plus O(count²) exps.
    public static func evaluate(
        text: UnsafePointer<Float>, images: UnsafePointer<Float>, concepts: UnsafePointer<Int>,
        count b: Int, dimension d: Int, logScale: Float,
        textGradient: UnsafeMutablePointer<Float>, imageGradient: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) -> Result {
        let scale = Foundation.exp(logScale)
        let (rows, columns, gradient, logits) = (scratch, scratch + b * b, scratch + 2 * b * b, scratch + 3 * b * b)
        gemm(text, images, transposeB: true, rows, m: b, n: b, k: d, alpha: scale)
        logits.update(from: rows, count: b * b)
        gemm(images, text, transposeB: true, columns, m: b, n: b, k: d, alpha: scale)
        var positives = [Int](repeating: 0, count: b)
        for i in 0..<b { for j in 0..<b where concepts[i] == concepts[j] { positives[i] += 1 } }

        var loss = 0.0, correct = 0, scaleGradient = 0.0
        for i in 0..<b {
            let row = rows + i * b
            var best = 0
            for j in 1..<max(b, 1) where row[j] > row[best] { best = j }
            if concepts[best] == concepts[i] { correct += 1 }
            loss += crossEntropy(row, count: b, target: { concepts[$0] == concepts[i] }, positives: positives[i])
            loss += crossEntropy(columns + i * b, count: b, target: { concepts[$0] == concepts[i] }, positives: positives[i])
        }
        // `rows`, `columns` now hold the row- and column-softmaxes (columns transposed).
        let norm = 1 / Float(2 * b)
        for i in 0..<b {
            for j in 0..<b {
                let target: Float = concepts[i] == concepts[j] ? 1 / Float(positives[i]) : 0
                let g = (rows[i * b + j] + columns[j * b + i] - 2 * target) * norm
                gradient[i * b + j] = g
                scaleGradient += Double(g) * Double(logits[i * b + j])
            }
        }
        gemm(gradient, images, textGradient, m: b, n: d, k: b, alpha: scale)
        gemm(gradient, transposeA: true, text, imageGradient, m: b, n: d, k: b, alpha: scale)
        return Result(loss: Float(loss / Double(2 * b)), logScaleGradient: Float(scaleGradient),
                      textToImageAccuracy: Float(correct) / Float(max(b, 1)))
    }

    /// `−Σⱼ Qⱼ·log softmax(logits)ⱼ` with `Q` uniform over the `positives` entries where `target`
    /// holds; replaces `logits` by their softmax.
    ///
    /// - Complexity: O(count).
    private static func crossEntropy(_ logits: UnsafeMutablePointer<Float>, count: Int, target: (Int) -> Bool,
                                     positives: Int) -> Double {
        var maximum = -Float.infinity
        for j in 0..<count { maximum = max(maximum, logits[j]) }
        var targetLogits = 0.0, sum = 0.0
        for j in 0..<count {
            if target(j) { targetLogits += Double(logits[j]) }
            let e = Foundation.exp(logits[j] - maximum)
            logits[j] = e
            sum += Double(e)
        }
        let inverse = Float(1 / sum)
        for j in 0..<count { logits[j] *= inverse }
        return Double(maximum) + log(sum) - targetLogits / Double(positives)
    }
}
