import SeededRandom

/// A fully connected layer `y = x·W + b` with `W` stored `[input × output]` row-major.
///
/// Rows of `x` are independent examples (tokens); both directions are one `sgemm` each plus a
/// bias loop.
struct Linear: Sendable {
    let input: Int
    let output: Int
    let weight: ParameterSlice
    let bias: ParameterSlice?

    init(_ name: String, input: Int, output: Int, bias hasBias: Bool = true, layout: inout ParameterLayout) {
        self.input = input
        self.output = output
        weight = layout.allocate("\(name).weight", count: input * output, decays: true)
        bias = hasBias ? layout.allocate("\(name).bias", count: output, decays: false) : nil
    }

    /// Weights from N(0, std²), biases zero.
    func initialise(_ parameters: UnsafeMutablePointer<Float>, standardDeviation: Float, random: inout SeededGenerator) {
        let w = weight.pointer(parameters)
        for i in 0..<weight.count { w[i] = standardDeviation * random.nextNormal() }
        if let bias { bias.pointer(parameters).update(repeating: 0, count: bias.count) }
    }

    /// `y = x·W + b`, or `y += x·W + b` when `accumulate` (a residual connection).
    ///
    /// - Complexity: O(rows·input·output) on BLAS.
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>,
                 accumulate: Bool = false, parameters: UnsafeMutablePointer<Float>) {
        if let bias {
            let b = bias.pointer(parameters)
            for row in 0..<rows {
                let target = y + row * output
                if accumulate { for j in 0..<output { target[j] += b[j] } }
                else { target.update(from: b, count: output) }
            }
        }
        let beta: Float = (accumulate || bias != nil) ? 1 : 0
        gemm(x, weight.pointer(parameters), y, m: rows, n: output, k: input, beta: beta)
    }

    /// Adds `xᵀ·dy` to the weight gradient and the column sums of `dy` to the bias gradient; writes
    /// `dy·Wᵀ` into `dx` (adds to it when `accumulateInput`), or skips the input gradient if `dx` is nil.
    ///
    /// - Complexity: O(rows·input·output) on BLAS.
    func backward(_ x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                  inputGradient dx: UnsafeMutablePointer<Float>?, accumulateInput: Bool = false,
                  parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        gemm(x, transposeA: true, dy, weight.pointer(gradients), m: input, n: output, k: rows, beta: 1)
        if let bias {
            let db = bias.pointer(gradients)
            for row in 0..<rows {
                let source = dy + row * output
                for j in 0..<output { db[j] += source[j] }
            }
        }
        if let dx {
            gemm(dy, weight.pointer(parameters), transposeB: true, dx,
                 m: rows, n: input, k: output, beta: accumulateInput ? 1 : 0)
        }
    }
}
