import CBLAS
import Foundation

extension ImageTower {
    /// Photo-like class features: one pooled feature per ImageNet class that a photo of the class
    /// could have, L2-normalised like the embeddings (`classCount × embeddingDimension`).
    ///
    /// The classifier's rows (`classPrototypes`) point towards their class, but they do not look
    /// like the features of photos: they have negative entries and no common part, while every
    /// pooled feature is non-negative (ReLU6) and shares a large mean with all others. A head
    /// trained on the rows learns nothing about where photos lie. These features are built from the
    /// checkpoint alone, in the photos' own domain:
    ///
    /// 1. The mean pooled feature of ImageNet, μ. The head batch norm says that each channel,
    ///    before ReLU6, is about N(β, γ²) over the training images, so μₖ = E[clip(z, 0, 6)] and
    ///    vₖ = Var[clip(z, 0, 6)] have closed forms.
    /// 2. For class c, step from μ along v ⊙ (w_c − w̄) (the direction that raises class c's logit
    ///    fastest under independent channels of variance v), clipped to [0, 6], just far enough that
    ///    the locked classifier gives class c the probability `confidence`.
    ///
    /// ```swift
    /// let features = tower.classFeatures()        // 1000 × 1280, unit rows
    /// ```
    ///
    /// - Complexity: about 40 products of 1000 × 1280 by 1280 × 1000 (a second or two).
    public func classFeatures(confidence: Float = 0.7) -> [Float] {
        let d = Self.embeddingDimension, classes = Self.classCount
        let weights = network.classifierWeights, bias = network.classifierBias
        let moments = (0..<d).map { Self.clippedGaussianMoments(mean: Double(network.headShift[$0]),
                                                                 deviation: Double(abs(network.headScale[$0]))) }
        var meanRow = [Float](repeating: 0, count: d)
        for c in 0..<classes { for k in 0..<d { meanRow[k] += weights[c * d + k] / Float(classes) } }
        var directions = [Float](repeating: 0, count: classes * d)
        for c in 0..<classes {
            for k in 0..<d { directions[c * d + k] = Float(moments[k].variance) * (weights[c * d + k] - meanRow[k]) }
        }

        var features = [Float](repeating: 0, count: classes * d)
        var logits = [Float](repeating: 0, count: classes * classes)
        /// Fills `features` for the step sizes `alpha` and returns p(c | feature of c) per class.
        func probabilities(_ alpha: [Float]) -> [Float] {
            for c in 0..<classes {
                for k in 0..<d {
                    features[c * d + k] = min(max(Float(moments[k].mean) + alpha[c] * directions[c * d + k], 0), 6)
                }
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(classes), Int32(classes), Int32(d), 1,
                        features, Int32(d), weights, Int32(d), 0, &logits, Int32(classes))
            return (0..<classes).map { c in
                var top = -Float.infinity
                for j in 0..<classes { top = max(top, logits[c * classes + j] + bias[j]) }
                var sum: Float = 0
                for j in 0..<classes { sum += expf(logits[c * classes + j] + bias[j] - top) }
                return expf(logits[c * classes + c] + bias[c] - top) / sum
            }
        }

        var low = [Float](repeating: 0, count: classes), high = [Float](repeating: 1, count: classes)
        for _ in 0..<16 {
            let p = probabilities(high)
            guard p.contains(where: { $0 < confidence }) else { break }
            for c in 0..<classes where p[c] < confidence { low[c] = high[c]; high[c] *= 2 }
        }
        for _ in 0..<24 {
            let middle = zip(low, high).map { ($0 + $1) / 2 }
            let p = probabilities(middle)
            for c in 0..<classes { if p[c] < confidence { low[c] = middle[c] } else { high[c] = middle[c] } }
        }
        _ = probabilities(high)
        for c in 0..<classes {
            var norm: Float = 0
            for k in 0..<d { norm += features[c * d + k] * features[c * d + k] }
            let inverse = 1 / max(norm.squareRoot(), .leastNormalMagnitude)
            for k in 0..<d { features[c * d + k] *= inverse }
        }
        return features
    }

    /// Mean and variance of clip(z, 0, 6) for z ~ N(mean, deviation²).
    static func clippedGaussianMoments(mean m: Double, deviation s: Double) -> (mean: Double, variance: Double) {
        guard s > 0 else { let y = min(max(m, 0), 6); return (y, 0) }
        func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        func pdf(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
        let a = -m / s, b = (6 - m) / s
        let inside = cdf(b) - cdf(a), above = 1 - cdf(b)
        let first = m * inside + s * (pdf(a) - pdf(b)) + 6 * above
        let second = m * m * inside + 2 * m * s * (pdf(a) - pdf(b)) + s * s * (inside + a * pdf(a) - b * pdf(b)) + 36 * above
        return (first, max(second - first * first, 0))
    }
}
