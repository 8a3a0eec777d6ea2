import SeededRandom

/// One pre-LayerNorm transformer block: `x + Attention(LN₁(x))`, then `h + MLP(LN₂(h))`.
struct EncoderLayer: Sendable {
    let norm1: LayerNorm
    let attention: SelfAttention
    let norm2: LayerNorm
    let mlp: FeedForward

    init(index: Int, config: TextTowerConfig, layout: inout ParameterLayout) {
        let name = "layer\(index)"
        norm1 = LayerNorm("\(name).norm1", dimension: config.dimension, layout: &layout)
        attention = SelfAttention("\(name).attention", dimension: config.dimension, heads: config.heads, layout: &layout)
        norm2 = LayerNorm("\(name).norm2", dimension: config.dimension, layout: &layout)
        mlp = FeedForward("\(name).mlp", dimension: config.dimension, hidden: config.hiddenDimension, layout: &layout)
    }

    /// GPT-2 style: matrices N(0, 0.02²), the two projections into the residual stream scaled by
    /// 1/√(2·layers) so the stream's variance does not grow with depth.
    func initialise(_ parameters: UnsafeMutablePointer<Float>, layers: Int, random: inout SeededGenerator) {
        let residualScale = 0.02 / Float(2 * max(layers, 1)).squareRoot()
        norm1.initialise(parameters)
        norm2.initialise(parameters)
        attention.projectQKV.initialise(parameters, standardDeviation: 0.02, random: &random)
        attention.projectOutput.initialise(parameters, standardDeviation: residualScale, random: &random)
        mlp.up.initialise(parameters, standardDeviation: 0.02, random: &random)
        mlp.down.initialise(parameters, standardDeviation: residualScale, random: &random)
    }

    /// Pointers to one layer's saved activations (all `[rows × …]`, rows = batch·length).
    struct Activations {
        let input, middle, output: UnsafeMutablePointer<Float>
        let normalised1, normalised2: UnsafeMutablePointer<Float>
        let mean1, rstd1, mean2, rstd2: UnsafeMutablePointer<Float>
        let attention: SelfAttention.Activations
        let hidden, activated: UnsafeMutablePointer<Float>
    }

    /// Scratch shared by all layers' backward passes.
    struct Scratch {
        let attention: SelfAttention.Scratch
        let hidden: UnsafeMutablePointer<Float>
        let normalised: UnsafeMutablePointer<Float>
        let norm: UnsafeMutablePointer<Float>
    }

    /// Computes `a.output` from `a.input`.
    ///
    /// - Complexity: O(rows·dimension² · (3 + mlpRatio·2 + 1) + batch·length²·dimension) on BLAS.
    func forward(_ a: Activations, lengths: UnsafePointer<Int>, batch: Int, length: Int,
                 parameters: UnsafeMutablePointer<Float>) {
        let rows = batch * length
        let d = norm1.dimension
        norm1.forward(a.input, rows: rows, into: a.normalised1, mean: a.mean1, rstd: a.rstd1, parameters: parameters)
        a.middle.update(from: a.input, count: rows * d)
        attention.forward(a.normalised1, lengths: lengths, batch: batch, length: length,
                          activations: a.attention, addingInto: a.middle, parameters: parameters)
        norm2.forward(a.middle, rows: rows, into: a.normalised2, mean: a.mean2, rstd: a.rstd2, parameters: parameters)
        a.output.update(from: a.middle, count: rows * d)
        mlp.forward(a.normalised2, rows: rows, hidden: a.hidden, activated: a.activated,
                    addingInto: a.output, parameters: parameters)
    }

    /// Turns `residual` from the gradient of the layer's output into that of its input.
    ///
    /// - Complexity: about twice the forward pass.
    func backward(_ a: Activations, residual: UnsafeMutablePointer<Float>, lengths: UnsafePointer<Int>,
                  batch: Int, length: Int, scratch s: Scratch,
                  parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let rows = batch * length
        mlp.backward(a.normalised2, outputGradient: residual, rows: rows, hidden: a.hidden, activated: a.activated,
                     scratch: s.hidden, inputGradient: s.normalised, parameters: parameters, gradients: gradients)
        norm2.backward(a.middle, outputGradient: s.normalised, rows: rows, mean: a.mean2, rstd: a.rstd2,
                       addingInto: residual, scratch: s.norm, parameters: parameters, gradients: gradients)
        attention.backward(a.normalised1, outputGradient: residual, lengths: lengths, batch: batch, length: length,
                           activations: a.attention, scratch: s.attention, inputGradient: s.normalised,
                           parameters: parameters, gradients: gradients)
        norm1.backward(a.input, outputGradient: s.normalised, rows: rows, mean: a.mean1, rstd: a.rstd1,
                       addingInto: residual, scratch: s.norm, parameters: parameters, gradients: gradients)
    }
}
