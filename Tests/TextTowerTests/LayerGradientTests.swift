import SeededRandom
import XCTest
@testable import TextTower

/// Finite-difference checks of each layer's backward pass.
final class LayerGradientTests: XCTestCase {
    var random = SeededGenerator(seed: 42)

    func testLinear() {
        var layout = ParameterLayout()
        let layer = Linear("l", input: 5, output: 3, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        layer.initialise(p.pointer, standardDeviation: 0.5, random: &random)
        for i in 0..<3 { p[layer.bias!.offset + i] = random.nextNormal() }
        let x = FloatBuffer(GradientCheck.normals(4 * 5, random: &random))
        let weights = GradientCheck.normals(4 * 3, random: &random)
        let y = FloatBuffer(count: 12), dx = FloatBuffer(count: 20)
        let objective = { () -> Double in
            layer.forward(x.pointer, rows: 4, into: y.pointer, parameters: p.pointer)
            return GradientCheck.weightedSum(y.pointer, weights)
        }
        layer.backward(x.pointer, outputGradient: weights, rows: 4, inputGradient: dx.pointer,
                       parameters: p.pointer, gradients: g.pointer)
        GradientCheck.compare("linear.params", values: p.pointer, count: p.count, analytic: g.pointer, objective: objective)
        GradientCheck.compare("linear.input", values: x.pointer, count: x.count, analytic: dx.pointer, objective: objective)
    }

    func testLayerNorm() {
        var layout = ParameterLayout()
        let norm = LayerNorm("n", dimension: 12, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        for i in 0..<p.count { p[i] = 1 + 0.5 * random.nextNormal() }
        let rows = 3
        let x = FloatBuffer(GradientCheck.normals(rows * 12, scale: 2, random: &random))
        let weights = GradientCheck.normals(rows * 12, random: &random)
        let y = FloatBuffer(count: rows * 12), dx = FloatBuffer(count: rows * 12)
        let stats = FloatBuffer(count: 2 * rows), scratch = FloatBuffer(count: 24)
        let objective = { () -> Double in
            norm.forward(x.pointer, rows: rows, into: y.pointer, mean: stats.pointer, rstd: stats.pointer + rows, parameters: p.pointer)
            return GradientCheck.weightedSum(y.pointer, weights)
        }
        _ = objective()
        norm.backward(x.pointer, outputGradient: weights, rows: rows, mean: stats.pointer, rstd: stats.pointer + rows,
                      addingInto: dx.pointer, scratch: scratch.pointer, parameters: p.pointer, gradients: g.pointer)
        GradientCheck.compare("layernorm.params", values: p.pointer, count: p.count, analytic: g.pointer, objective: objective)
        GradientCheck.compare("layernorm.input", values: x.pointer, count: x.count, analytic: dx.pointer, objective: objective)
    }

    func testEmbedding() {
        var layout = ParameterLayout()
        let embedding = Embedding(vocabularySize: 7, dimension: 4, maxLength: 3, positions: true, decays: false, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        embedding.initialise(p.pointer, standardDeviation: 1, random: &random)
        let ids: [Int32] = [1, 5, 5, 1, 6, 0], lengths = [3, 2]
        let weights = GradientCheck.normals(2 * 3 * 4, random: &random)
        let x = FloatBuffer(count: 24)
        ids.withUnsafeBufferPointer { ids in
            lengths.withUnsafeBufferPointer { lengths in
                let batch = TokenBatch(ids: ids.baseAddress!, lengths: lengths.baseAddress!, count: 2, stride: 3)
                // The padded position (row 1, t = 2) carries weight but must get no gradient.
                let objective = { () -> Double in
                    embedding.forward(batch, length: 3, into: x.pointer, parameters: p.pointer)
                    var masked = weights
                    for j in 20..<24 { masked[j] = 0 }
                    return GradientCheck.weightedSum(x.pointer, masked)
                }
                weights.withUnsafeBufferPointer { embedding.backward(batch, length: 3, outputGradient: $0.baseAddress!, gradients: g.pointer) }
                GradientCheck.compare("embedding", values: p.pointer, count: p.count, analytic: g.pointer, samples: 100, objective: objective)
            }
        }
    }

    func testSelfAttentionWithPaddingMask() {
        var layout = ParameterLayout()
        let (d, heads, batch, length) = (8, 2, 2, 5)
        let attention = SelfAttention("a", dimension: d, heads: heads, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        for i in 0..<p.count { p[i] = 0.4 * random.nextNormal() }
        let rows = batch * length
        let lengths = [3, 5]
        let y = FloatBuffer(GradientCheck.normals(rows * d, random: &random))
        let weights = GradientCheck.normals(rows * d, random: &random)
        let qkv = FloatBuffer(count: rows * 3 * d), probs = FloatBuffer(count: batch * heads * length * length)
        let context = FloatBuffer(count: rows * d), out = FloatBuffer(count: rows * d)
        let activations = SelfAttention.Activations(qkv: qkv.pointer, probabilities: probs.pointer, context: context.pointer)
        // The scratch buffers must outlive every use of their pointers (withExtendedLifetime below).
        let scratchBuffers = (context: FloatBuffer(count: rows * d), qkv: FloatBuffer(count: rows * 3 * d),
                              scores: FloatBuffer(count: length * length))
        let scratch = SelfAttention.Scratch(context: scratchBuffers.context.pointer, qkv: scratchBuffers.qkv.pointer,
                                            scores: scratchBuffers.scores.pointer)
        let dy = FloatBuffer(count: rows * d)
        lengths.withUnsafeBufferPointer { lengthsPointer in
            let l = lengthsPointer.baseAddress!
            let objective = { () -> Double in
                out.zero()
                attention.forward(y.pointer, lengths: l, batch: batch, length: length, activations: activations,
                                  addingInto: out.pointer, parameters: p.pointer)
                return GradientCheck.weightedSum(out.pointer, weights)
            }
            _ = objective()
            // Masked keys get exactly zero probability.
            for h in 0..<heads { for row in 0..<length { for col in 3..<length {
                XCTAssertEqual(probs[(0 * heads + h) * 25 + row * length + col], 0)
            } } }
            weights.withUnsafeBufferPointer {
                attention.backward(y.pointer, outputGradient: $0.baseAddress!, lengths: l, batch: batch, length: length,
                                   activations: activations, scratch: scratch, inputGradient: dy.pointer,
                                   parameters: p.pointer, gradients: g.pointer)
            }
            GradientCheck.compare("attention.params", values: p.pointer, count: p.count, analytic: g.pointer, samples: 80, objective: objective)
            GradientCheck.compare("attention.input", values: y.pointer, count: y.count, analytic: dy.pointer, samples: 80, objective: objective)
            // Padded keys of caption 0 (t = 3, 4) must not influence caption 0's real rows.
            let saved = y[3 * d]
            let before = objective()
            y[3 * d] += 1
            var maskedWeights = weights
            for i in 3 * d..<rows * d { maskedWeights[i] = 0 }
            _ = objective()
            let moved = GradientCheck.weightedSum(out.pointer, maskedWeights)
            y[3 * d] = saved
            _ = objective()
            XCTAssertEqual(moved, GradientCheck.weightedSum(out.pointer, maskedWeights), accuracy: 1e-6)
            _ = before
        }
        withExtendedLifetime((scratchBuffers, qkv, probs, context)) {}
    }

    func testFeedForward() {
        var layout = ParameterLayout()
        let mlp = FeedForward("m", dimension: 6, hidden: 12, layout: &layout)
        let (p, g) = (FloatBuffer(count: layout.count), FloatBuffer(count: layout.count))
        for i in 0..<p.count { p[i] = 0.5 * random.nextNormal() }
        let rows = 3
        let y = FloatBuffer(GradientCheck.normals(rows * 6, random: &random))
        let weights = GradientCheck.normals(rows * 6, random: &random)
        let hidden = FloatBuffer(count: rows * 12), activated = FloatBuffer(count: rows * 12)
        let out = FloatBuffer(count: rows * 6), scratch = FloatBuffer(count: rows * 12), dy = FloatBuffer(count: rows * 6)
        let objective = { () -> Double in
            out.zero()
            mlp.forward(y.pointer, rows: rows, hidden: hidden.pointer, activated: activated.pointer,
                        addingInto: out.pointer, parameters: p.pointer)
            return GradientCheck.weightedSum(out.pointer, weights)
        }
        _ = objective()
        mlp.backward(y.pointer, outputGradient: weights, rows: rows, hidden: hidden.pointer, activated: activated.pointer,
                     scratch: scratch.pointer, inputGradient: dy.pointer, parameters: p.pointer, gradients: g.pointer)
        GradientCheck.compare("mlp.params", values: p.pointer, count: p.count, analytic: g.pointer, samples: 80, objective: objective)
        GradientCheck.compare("mlp.input", values: y.pointer, count: y.count, analytic: dy.pointer, objective: objective)
    }

    func testPoolingMeanAndFirst() {
        let (batch, length, d) = (2, 4, 3)
        let lengths = [2, 4]
        let x = FloatBuffer(GradientCheck.normals(batch * length * d, random: &random))
        let weights = GradientCheck.normals(batch * d, random: &random)
        let pooled = FloatBuffer(count: batch * d)
        for mode in [TextTowerConfig.Pooling.mean, .first] {
            let dx = FloatBuffer(count: x.count)
            lengths.withUnsafeBufferPointer { l in
                let objective = { () -> Double in
                    Pooling.forward(x.pointer, lengths: l.baseAddress!, batch: batch, length: length, dimension: d,
                                    mode: mode, into: pooled.pointer)
                    return GradientCheck.weightedSum(pooled.pointer, weights)
                }
                Pooling.backward(weights, lengths: l.baseAddress!, batch: batch, length: length, dimension: d,
                                 mode: mode, addingInto: dx.pointer)
                GradientCheck.compare("pooling.\(mode)", values: x.pointer, count: x.count, analytic: dx.pointer, objective: objective)
                // Padded tokens (caption 0, t = 2, 3) get no gradient.
                for i in 2 * d..<4 * d { XCTAssertEqual(dx[i], 0) }
            }
        }
    }

    func testL2Normalization() {
        let (rows, d) = (3, 5)
        let z = FloatBuffer(GradientCheck.normals(rows * d, random: &random))
        let weights = GradientCheck.normals(rows * d, random: &random)
        let y = FloatBuffer(count: rows * d), norms = FloatBuffer(count: rows), dz = FloatBuffer(count: rows * d)
        let objective = { () -> Double in
            L2Normalization.forward(z.pointer, rows: rows, dimension: d, into: y.pointer, norms: norms.pointer)
            return GradientCheck.weightedSum(y.pointer, weights)
        }
        _ = objective()
        for row in 0..<rows { XCTAssertEqual(VectorMath.dot(y.pointer + row * d, y.pointer + row * d, count: d), 1, accuracy: 1e-5) }
        L2Normalization.backward(y.pointer, outputGradient: weights, rows: rows, dimension: d, norms: norms.pointer, into: dz.pointer)
        GradientCheck.compare("l2", values: z.pointer, count: z.count, analytic: dz.pointer, objective: objective)
    }
}
