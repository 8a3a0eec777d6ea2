import CBLAS
import Foundation

/// The locked tower's ImageNet class probabilities, computed back from stored unit-length features.
///
/// The catalog keeps each image's L2-normalised 1280-d feature, not its logits. The classifier is
/// linear, so `logits = ‖f‖ · W f̂ + b`; the norm ‖f‖ (12–19 on photos) acts as an inverse
/// temperature that the catalog no longer knows, and a fixed `scale` stands in for it. The class
/// ranking of each image is that of its true logits up to the bias.
///
/// ```swift
/// let classes = ClassProbabilities(weights: w, bias: b, scale: 15)
/// let p = classes.probabilities(features)   // count × 1000, rows sum to 1
/// ```
public struct ClassProbabilities: Sendable {
    /// The classifier's rows, `classCount × featureDimension`.
    public let weights: [Float]
    public let bias: [Float]
    /// Stands in for the features' norm.
    public let scale: Float
    public let classCount: Int
    public let featureDimension: Int

    /// - Precondition: `weights.count == bias.count · featureDimension`.
    public init(weights: [Float], bias: [Float], scale: Float = 15) {
        precondition(!bias.isEmpty && weights.count % bias.count == 0, "the classifier's weights must have one row per class")
        self.weights = weights
        self.bias = bias
        self.scale = scale
        classCount = bias.count
        featureDimension = weights.count / bias.count
    }

    /// Softmax class probabilities of each row of `features` (`count × featureDimension`).
    ///
    /// - Complexity: O(count · featureDimension · classCount) on BLAS.
    public func probabilities(_ features: [Float]) -> [Float] {
        let (d, c) = (featureDimension, classCount)
        precondition(features.count % d == 0, "features must be \(d)-d")
        let count = features.count / d
        guard count > 0 else { return [] }
        var logits = [Float](repeating: 0, count: count * c)
        for row in 0..<count { logits.replaceSubrange((row * c)..<((row + 1) * c), with: bias) }
        features.withUnsafeBufferPointer { f in
            weights.withUnsafeBufferPointer { w in
                logits.withUnsafeMutableBufferPointer { out in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(c), Int32(d), scale,
                                f.baseAddress!, Int32(d), w.baseAddress!, Int32(d), 1, out.baseAddress!, Int32(c))
                }
            }
        }
        for row in 0..<count {
            let range = (row * c)..<((row + 1) * c)
            let top = logits[range].max() ?? 0
            var total: Float = 0
            for i in range {
                logits[i] = expf(logits[i] - top)
                total += logits[i]
            }
            for i in range { logits[i] /= total }
        }
        return logits
    }
}
