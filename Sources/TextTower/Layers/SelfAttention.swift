/// Multi-head self-attention with a key padding mask.
///
/// One fused projection makes `[Q | K | V]` per token (`[tokens × 3·dimension]`); each head of each
/// caption attends with `softmax(Q·Kᵀ/√d_h)` over the caption's real tokens only, and the heads'
/// outputs, side by side, go through the output projection, which is added to the residual stream.
struct SelfAttention: Sendable {
    let dimension: Int
    let heads: Int
    let projectQKV: Linear
    let projectOutput: Linear

    init(_ name: String, dimension: Int, heads: Int, layout: inout ParameterLayout) {
        self.dimension = dimension
        self.heads = heads
        projectQKV = Linear("\(name).qkv", input: dimension, output: 3 * dimension, layout: &layout)
        projectOutput = Linear("\(name).out", input: dimension, output: dimension, layout: &layout)
    }

    var headDimension: Int { dimension / heads }
    var scale: Float { 1 / Float(headDimension).squareRoot() }

    /// Buffers one layer's attention keeps from forward to backward.
    struct Activations {
        /// `[tokens × 3·dimension]` fused Q, K, V.
        let qkv: UnsafeMutablePointer<Float>
        /// `[batch × heads × length × length]` attention probabilities (masked keys are 0).
        let probabilities: UnsafeMutablePointer<Float>
        /// `[tokens × dimension]` heads' outputs before the output projection.
        let context: UnsafeMutablePointer<Float>
    }

    /// Adds attention over `y` (the normalised states) into `residual`.
    ///
    /// - Complexity: O(tokens·dimension² + batch·length²·dimension) on BLAS.
    func forward(_ y: UnsafePointer<Float>, lengths: UnsafePointer<Int>, batch: Int, length: Int,
                 activations a: Activations, addingInto residual: UnsafeMutablePointer<Float>,
                 parameters: UnsafeMutablePointer<Float>) {
        let (d, dh, t, rows) = (dimension, headDimension, length, batch * length)
        projectQKV.forward(y, rows: rows, into: a.qkv, parameters: parameters)
        for b in 0..<batch {
            let keys = lengths[b]
            let base = a.qkv + b * t * 3 * d
            for h in 0..<heads {
                let q = base + h * dh
                let p = a.probabilities + (b * heads + h) * t * t
                gemm(q, lda: 3 * d, q + d, transposeB: true, ldb: 3 * d, p, ldc: t,
                     m: t, n: keys, k: dh, alpha: scale)
                for row in 0..<t {
                    VectorMath.softmax(p + row * t, count: keys)
                    for col in keys..<t { p[row * t + col] = 0 }
                }
                gemm(p, lda: t, q + 2 * d, ldb: 3 * d, a.context + b * t * d + h * dh, ldc: d,
                     m: t, n: dh, k: keys)
            }
        }
        projectOutput.forward(a.context, rows: rows, into: residual, accumulate: true, parameters: parameters)
    }

    /// Scratch buffers for the backward pass.
    struct Scratch {
        /// `[tokens × dimension]`.
        let context: UnsafeMutablePointer<Float>
        /// `[tokens × 3·dimension]`.
        let qkv: UnsafeMutablePointer<Float>
        /// `[length × length]`.
        let scores: UnsafeMutablePointer<Float>
    }

    /// Back from the residual gradient `dResidual` to the gradient of `y`, written into `dy`.
    ///
    /// With `P` the probabilities and `dP = dO·Vᵀ`: `dV = Pᵀ·dO`, `dS = P ⊙ (dP − rowsum(dP ⊙ P))/√d_h`,
    /// `dQ = dS·K`, `dK = dSᵀ·Q`.
    /// - Complexity: O(tokens·dimension² + batch·length²·dimension) on BLAS.
    func backward(_ y: UnsafePointer<Float>, outputGradient dResidual: UnsafePointer<Float>,
                  lengths: UnsafePointer<Int>, batch: Int, length: Int, activations a: Activations,
                  scratch s: Scratch, inputGradient dy: UnsafeMutablePointer<Float>,
                  parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let (d, dh, t, rows) = (dimension, headDimension, length, batch * length)
        projectOutput.backward(a.context, outputGradient: dResidual, rows: rows, inputGradient: s.context,
                               parameters: parameters, gradients: gradients)
        s.qkv.update(repeating: 0, count: rows * 3 * d)
        for b in 0..<batch {
            let keys = lengths[b]
            let (base, dBase) = (a.qkv + b * t * 3 * d, s.qkv + b * t * 3 * d)
            for h in 0..<heads {
                let (q, k, v) = (base + h * dh, base + d + h * dh, base + 2 * d + h * dh)
                let (dq, dk, dv) = (dBase + h * dh, dBase + d + h * dh, dBase + 2 * d + h * dh)
                let p = a.probabilities + (b * heads + h) * t * t
                let dOut = s.context + b * t * d + h * dh
                gemm(p, transposeA: true, lda: t, dOut, ldb: d, dv, ldc: 3 * d, m: keys, n: dh, k: t)
                gemm(dOut, lda: d, v, transposeB: true, ldb: 3 * d, s.scores, ldc: t, m: t, n: keys, k: dh)
                for row in 0..<t {
                    let (pRow, dRow) = (p + row * t, s.scores + row * t)
                    let centre = VectorMath.dot(pRow, dRow, count: keys)
                    for col in 0..<keys { dRow[col] = pRow[col] * (dRow[col] - centre) * scale }
                }
                gemm(s.scores, lda: t, k, ldb: 3 * d, dq, ldc: 3 * d, m: t, n: dh, k: keys)
                gemm(s.scores, transposeA: true, lda: t, q, ldb: 3 * d, dk, ldc: 3 * d, m: keys, n: dh, k: t)
            }
        }
        projectQKV.backward(y, outputGradient: s.qkv, rows: rows, inputGradient: dy,
                            parameters: parameters, gradients: gradients)
    }
}
