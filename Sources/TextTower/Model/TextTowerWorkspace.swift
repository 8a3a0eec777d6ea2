/// The activations a text tower keeps between its forward and backward pass, plus scratch.
///
/// Allocated once for a batch capacity and reused every step, so the training loop does not
/// allocate. One workspace belongs to one thread; the trainer gives each batch shard its own.
/// A batch of `b` captions whose longest has `t` tokens uses the first `b·t` rows of each buffer.
///
/// - Complexity: memory about `layers·batch·maxLength·(8·dimension + 2·hidden)` floats.
public final class TextTowerWorkspace: @unchecked Sendable {
    public let config: TextTowerConfig
    /// Most captions one forward pass may take.
    public let batchCapacity: Int
    let rowCapacity: Int

    let residual, middle, normalised1, normalised2, statistics, qkv, probabilities, context: FloatBuffer
    let hidden, activated: FloatBuffer
    let finalNormalised, finalStatistics, pooled, projected, output, norms: FloatBuffer
    let dResidual, dNormalised, dContext, dQKV, dScores, dHidden, dNorm, dPooled, dProjected: FloatBuffer

    /// Shape of the batch of the last forward pass.
    var batch = 0
    var length = 0

    public init(config: TextTowerConfig, batchCapacity: Int) {
        self.config = config
        self.batchCapacity = batchCapacity
        let (d, l, t, e) = (config.dimension, config.kind == .transformer ? config.layers : 0,
                            config.maxLength, config.outputDimension)
        let f = config.kind == .transformer ? config.hiddenDimension : 0
        let heads = config.kind == .transformer ? config.heads : 0
        let rows = batchCapacity * t
        rowCapacity = rows
        residual = FloatBuffer(count: (l + 1) * rows * d)
        middle = FloatBuffer(count: l * rows * d)
        normalised1 = FloatBuffer(count: l * rows * d)
        normalised2 = FloatBuffer(count: l * rows * d)
        statistics = FloatBuffer(count: l * 4 * rows)
        qkv = FloatBuffer(count: l * rows * 3 * d)
        probabilities = FloatBuffer(count: l * batchCapacity * heads * t * t)
        context = FloatBuffer(count: l * rows * d)
        hidden = FloatBuffer(count: l * rows * f)
        activated = FloatBuffer(count: l * rows * f)
        let transformer = config.kind == .transformer
        finalNormalised = FloatBuffer(count: transformer ? rows * d : 0)
        finalStatistics = FloatBuffer(count: transformer ? 2 * rows : 0)
        pooled = FloatBuffer(count: batchCapacity * d)
        projected = FloatBuffer(count: batchCapacity * e)
        output = FloatBuffer(count: batchCapacity * e)
        norms = FloatBuffer(count: batchCapacity)
        dResidual = FloatBuffer(count: rows * d)
        dNormalised = FloatBuffer(count: transformer ? rows * d : 0)
        dContext = FloatBuffer(count: transformer ? rows * d : 0)
        dQKV = FloatBuffer(count: transformer ? rows * 3 * d : 0)
        dScores = FloatBuffer(count: t * t)
        dHidden = FloatBuffer(count: rows * f)
        dNorm = FloatBuffer(count: 2 * d)
        dPooled = FloatBuffer(count: batchCapacity * d)
        dProjected = FloatBuffer(count: batchCapacity * e)
    }

    /// Residual stream entering layer `index` (`index == layers` is the last layer's output).
    func stream(_ index: Int) -> UnsafeMutablePointer<Float> {
        residual.pointer + index * rowCapacity * config.dimension
    }

    /// Layer `index`'s saved activations.
    func layer(_ index: Int) -> EncoderLayer.Activations {
        let (rows, d, f) = (rowCapacity, config.dimension, config.hiddenDimension)
        let t = config.maxLength
        let stats = statistics.pointer + index * 4 * rows
        return EncoderLayer.Activations(
            input: stream(index), middle: middle.pointer + index * rows * d, output: stream(index + 1),
            normalised1: normalised1.pointer + index * rows * d, normalised2: normalised2.pointer + index * rows * d,
            mean1: stats, rstd1: stats + rows, mean2: stats + 2 * rows, rstd2: stats + 3 * rows,
            attention: SelfAttention.Activations(
                qkv: qkv.pointer + index * rows * 3 * d,
                probabilities: probabilities.pointer + index * batchCapacity * config.heads * t * t,
                context: context.pointer + index * rows * d),
            hidden: hidden.pointer + index * rows * f, activated: activated.pointer + index * rows * f)
    }

    /// Scratch for the layers' backward passes.
    var layerScratch: EncoderLayer.Scratch {
        EncoderLayer.Scratch(
            attention: SelfAttention.Scratch(context: dContext.pointer, qkv: dQKV.pointer, scores: dScores.pointer),
            hidden: dHidden.pointer, normalised: dNormalised.pointer, norm: dNorm.pointer)
    }
}
