import SeededRandom

/// Token embeddings plus optional learned position embeddings.
///
/// Token `t` of caption `b` becomes `E[id] + P[t]`. Positions past a caption's length are filled
/// with the padding token's embedding; they never reach the loss (attention masks them as keys,
/// pooling skips them), so they receive no gradient.
struct Embedding: Sendable {
    let vocabularySize: Int
    let dimension: Int
    let maxLength: Int
    let tokens: ParameterSlice
    let positions: ParameterSlice?
    static let paddingID: Int32 = 0

    init(vocabularySize: Int, dimension: Int, maxLength: Int, positions hasPositions: Bool,
         decays: Bool, layout: inout ParameterLayout) {
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.maxLength = maxLength
        tokens = layout.allocate("embedding.tokens", count: vocabularySize * dimension, decays: decays)
        positions = hasPositions
            ? layout.allocate("embedding.positions", count: maxLength * dimension, decays: decays) : nil
    }

    /// Every entry from N(0, std²).
    func initialise(_ parameters: UnsafeMutablePointer<Float>, standardDeviation: Float, random: inout SeededGenerator) {
        for slice in [tokens, positions].compactMap({ $0 }) {
            let p = slice.pointer(parameters)
            for i in 0..<slice.count { p[i] = standardDeviation * random.nextNormal() }
        }
    }

    /// Writes `[batch·length × dimension]` states for ids laid out `[batch × stride]`; token rows
    /// come from `half` when given (inference on an exported checkpoint), else from `parameters`.
    ///
    /// - Complexity: O(batch·length·dimension).
    func forward(_ input: TokenBatch, length: Int, into x: UnsafeMutablePointer<Float>,
                 parameters: UnsafeMutablePointer<Float>, half: HalfTable? = nil) {
        let d = dimension
        let (table, position) = (tokens.pointer(parameters), positions?.pointer(parameters))
        for b in 0..<input.count {
            for t in 0..<length {
                let id = t < input.lengths[b] ? Int(input.ids[b * input.stride + t]) : Int(Self.paddingID)
                let target = x + (b * length + t) * d
                if let half { half.widenRow(id, into: target) } else { target.update(from: table + id * d, count: d) }
                if let position { for j in 0..<d { target[j] += position[t * d + j] } }
            }
        }
    }

    /// Scatters the state gradients of real tokens into the embedding tables' gradients.
    ///
    /// - Complexity: O(tokens·dimension).
    func backward(_ input: TokenBatch, length: Int, outputGradient dx: UnsafePointer<Float>,
                  gradients: UnsafeMutablePointer<Float>) {
        let d = dimension
        let (table, position) = (tokens.pointer(gradients), positions?.pointer(gradients))
        for b in 0..<input.count {
            for t in 0..<min(length, input.lengths[b]) {
                let source = dx + (b * length + t) * d
                let row = table + Int(input.ids[b * input.stride + t]) * d
                for j in 0..<d { row[j] += source[j] }
                if let position { for j in 0..<d { position[t * d + j] += source[j] } }
            }
        }
    }
}
