/// A batch-norm layer in inference mode, to be folded into the convolution before it.
struct BatchNorm {
    let scale: [Float]
    let shift: [Float]

    /// Builds the per-channel affine map `y = x·scale + shift` from the stored statistics.
    init(weight: [Float], bias: [Float], runningMean: [Float], runningVariance: [Float], epsilon: Float) {
        var scale = [Float](repeating: 0, count: weight.count)
        var shift = [Float](repeating: 0, count: weight.count)
        for c in 0..<weight.count {
            scale[c] = weight[c] / (runningVariance[c] + epsilon).squareRoot()
            shift[c] = bias[c] - runningMean[c] * scale[c]
        }
        self.scale = scale
        self.shift = shift
    }

    /// Folds the normalisation into convolution weights laid out `[Cout][rest]`.
    ///
    /// Returns the scaled weights and the bias the folded convolution must add.
    func fold(weights: [Float]) -> (weights: [Float], bias: [Float]) {
        let perChannel = weights.count / scale.count
        var folded = weights
        for c in 0..<scale.count {
            for i in 0..<perChannel { folded[c * perChannel + i] *= scale[c] }
        }
        return (folded, shift)
    }
}

/// `SAME` padding as TensorFlow computes it: output size `ceil(input / stride)`, the odd pixel on
/// the trailing side.
struct SamePadding {
    let before: Int
    let output: Int

    init(input: Int, kernel: Int, stride: Int) {
        output = (input + stride - 1) / stride
        let total = max((output - 1) * stride + kernel - input, 0)
        before = total / 2
    }
}
