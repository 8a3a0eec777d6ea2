import SeededRandom

/// The LiT text tower: token ids in, one L2-normalised joint-space vector per caption out.
///
/// Transformer: token + learned position embeddings → `layers` pre-LayerNorm encoder blocks →
/// final LayerNorm → masked mean pooling (or the first token) → linear head → L2 normalisation.
/// Bag of subwords: token embeddings → mean over real tokens → linear head → L2 normalisation.
///
/// The tower is a description (shapes and where its tensors live in a flat parameter vector);
/// parameters, gradients and activations are passed in, so one tower serves several threads.
///
/// ```swift
/// var layout = ParameterLayout()
/// let tower = try TextTower(config: config, layout: &layout)
/// let parameters = FloatBuffer(count: layout.count)
/// var random = SeededGenerator(seed: 1)
/// tower.initialise(parameters.pointer, random: &random)
/// let workspace = TextTowerWorkspace(config: config, batchCapacity: 64)
/// let embeddings = try tower.forward(batch, parameters: parameters.pointer, workspace: workspace)
/// ```
public struct TextTower: Sendable {
    public let config: TextTowerConfig
    let embedding: Embedding
    let layers: [EncoderLayer]
    let finalNorm: LayerNorm?
    let head: Linear

    /// Appends the tower's tensors to `layout`.
    public init(config: TextTowerConfig, layout: inout ParameterLayout) throws {
        try config.validate()
        self.config = config
        let transformer = config.kind == .transformer
        embedding = Embedding(vocabularySize: config.vocabularySize, dimension: config.dimension,
                              maxLength: config.maxLength, positions: transformer,
                              decays: config.decayEmbeddings, layout: &layout)
        var layers: [EncoderLayer] = []
        if transformer {
            for index in 0..<config.layers { layers.append(EncoderLayer(index: index, config: config, layout: &layout)) }
        }
        self.layers = layers
        finalNorm = transformer ? LayerNorm("final.norm", dimension: config.dimension, layout: &layout) : nil
        head = Linear("text.head", input: config.dimension, output: config.outputDimension, layout: &layout)
    }

    /// The token embeddings' slice of the parameters (`vocabularySize × dimension`).
    public var tokenEmbeddings: ParameterSlice { embedding.tokens }

    /// Random initial parameters: embeddings and matrices N(0, 0.02²) (residual projections scaled
    /// down with depth), LayerNorm γ = 1, biases 0, head N(0, 1/dimension).
    public func initialise(_ parameters: UnsafeMutablePointer<Float>, random: inout SeededGenerator) {
        embedding.initialise(parameters, standardDeviation: 0.02, random: &random)
        for layer in layers { layer.initialise(parameters, layers: layers.count, random: &random) }
        finalNorm?.initialise(parameters)
        head.initialise(parameters, standardDeviation: 1 / Float(config.dimension).squareRoot(), random: &random)
    }

    /// Embeds a batch; returns `[count × outputDimension]` unit rows that live in `workspace`
    /// until its next forward pass.
    ///
    /// - Throws: `TextTowerError` for an out-of-range id or length, or a batch over capacity.
    /// - Complexity: O(count·length·layers·dimension²) on BLAS.
    ///
    /// `tokenTable`: the token embeddings kept at float16 (`HalfTable`), read instead of their
    /// slice of `parameters`.
    public func forward(_ tokens: TokenBatch, parameters: UnsafeMutablePointer<Float>, tokenTable: HalfTable? = nil,
                        workspace w: TextTowerWorkspace) throws -> UnsafePointer<Float> {
        guard tokens.count <= w.batchCapacity, w.config == config else {
            throw TextTowerError(message: "batch of \(tokens.count) exceeds workspace capacity \(w.batchCapacity) or config differs")
        }
        try tokens.validate(vocabularySize: config.vocabularySize, maxLength: config.maxLength)
        if let tokenTable, tokenTable.rows != config.vocabularySize || tokenTable.dimension != config.dimension {
            throw TextTowerError(message: "a token table of \(tokenTable.rows) × \(tokenTable.dimension) for a tower of \(config.vocabularySize) × \(config.dimension)")
        }
        return run(tokens, parameters: parameters, tokenTable: tokenTable, workspace: w)
    }

    /// `forward` without validation (the trainer validates whole batches once).
    func run(_ tokens: TokenBatch, parameters: UnsafeMutablePointer<Float>, tokenTable: HalfTable? = nil,
             workspace w: TextTowerWorkspace) -> UnsafePointer<Float> {
        let (batch, length, d) = (tokens.count, tokens.longest, config.dimension)
        w.batch = batch
        w.length = length
        guard batch > 0 else { return UnsafePointer(w.output.pointer) }
        embedding.forward(tokens, length: length, into: w.stream(0), parameters: parameters, half: tokenTable)
        for (index, layer) in layers.enumerated() {
            layer.forward(w.layer(index), lengths: tokens.lengths, batch: batch, length: length, parameters: parameters)
        }
        var states = UnsafePointer(w.stream(layers.count))
        let mode = config.kind == .transformer ? config.pooling : .mean
        if let finalNorm {
            let stats = w.finalStatistics.pointer
            finalNorm.forward(states, rows: batch * length, into: w.finalNormalised.pointer,
                              mean: stats, rstd: stats + w.rowCapacity, parameters: parameters)
            states = UnsafePointer(w.finalNormalised.pointer)
        }
        Pooling.forward(states, lengths: tokens.lengths, batch: batch, length: length, dimension: d,
                        mode: mode, into: w.pooled.pointer)
        head.forward(w.pooled.pointer, rows: batch, into: w.projected.pointer, parameters: parameters)
        L2Normalization.forward(w.projected.pointer, rows: batch, dimension: config.outputDimension,
                                into: w.output.pointer, norms: w.norms.pointer)
        return UnsafePointer(w.output.pointer)
    }

    /// Adds to `gradients` the gradient of a loss whose gradient with respect to the last forward
    /// pass's output is `dOutput` (`[count × outputDimension]`).
    ///
    /// `tokens` must be the batch of that forward pass.
    /// - Complexity: about twice the forward pass.
    public func backward(_ dOutput: UnsafePointer<Float>, tokens: TokenBatch, parameters: UnsafeMutablePointer<Float>,
                         gradients: UnsafeMutablePointer<Float>, workspace w: TextTowerWorkspace) {
        let (batch, length, d) = (w.batch, w.length, config.dimension)
        guard batch > 0 else { return }
        precondition(batch == tokens.count, "backward needs the batch of the last forward pass")
        let rows = batch * length
        L2Normalization.backward(w.output.pointer, outputGradient: dOutput, rows: batch,
                                 dimension: config.outputDimension, norms: w.norms.pointer, into: w.dProjected.pointer)
        head.backward(w.pooled.pointer, outputGradient: w.dProjected.pointer, rows: batch,
                      inputGradient: w.dPooled.pointer, parameters: parameters, gradients: gradients)
        let residual = w.dResidual.pointer
        residual.update(repeating: 0, count: rows * d)
        let mode = config.kind == .transformer ? config.pooling : .mean
        if let finalNorm {
            let pooledGradient = w.dNormalised.pointer
            pooledGradient.update(repeating: 0, count: rows * d)
            Pooling.backward(w.dPooled.pointer, lengths: tokens.lengths, batch: batch, length: length,
                             dimension: d, mode: mode, addingInto: pooledGradient)
            let stats = w.finalStatistics.pointer
            finalNorm.backward(w.stream(layers.count), outputGradient: pooledGradient, rows: rows,
                               mean: stats, rstd: stats + w.rowCapacity, addingInto: residual,
                               scratch: w.dNorm.pointer, parameters: parameters, gradients: gradients)
        } else {
            Pooling.backward(w.dPooled.pointer, lengths: tokens.lengths, batch: batch, length: length,
                             dimension: d, mode: mode, addingInto: residual)
        }
        for index in layers.indices.reversed() {
            layers[index].backward(w.layer(index), residual: residual, lengths: tokens.lengths, batch: batch,
                                   length: length, scratch: w.layerScratch, parameters: parameters, gradients: gradients)
        }
        embedding.backward(tokens, length: length, outputGradient: residual, gradients: gradients)
    }
}
