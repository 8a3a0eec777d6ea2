import ParallelLoops
/// EfficientNet-Lite0 with every batch norm folded into the convolution before it.
///
/// Stem 3×3/2 conv → 16 MBConv blocks (1×1 expand, depthwise 3×3 or 5×5, 1×1 project, residual
/// where shapes allow; ReLU6, no squeeze-excite) → 1×1 head conv to 1280 → global average pool →
/// the ImageNet classifier `_fc`. Tensor names follow the lukemelas EfficientNet checkpoint.
struct EfficientNetLite {
    /// One MBConv block: its layers and whether it adds its input back.
    struct Block {
        let expand: PointwiseConvolution?
        let depthwise: DepthwiseConvolution
        let project: PointwiseConvolution
        let residual: Bool
    }

    /// One stage of the architecture: repeats, kernel, first stride, expansion, channels.
    struct Stage {
        let repeats: Int, kernel: Int, stride: Int, expansion: Int, input: Int, output: Int
    }

    /// The published EfficientNet-Lite0 stages (stem and head are fixed at 32 and 1280 channels).
    static let stages: [Stage] = [
        Stage(repeats: 1, kernel: 3, stride: 1, expansion: 1, input: 32, output: 16),
        Stage(repeats: 2, kernel: 3, stride: 2, expansion: 6, input: 16, output: 24),
        Stage(repeats: 2, kernel: 5, stride: 2, expansion: 6, input: 24, output: 40),
        Stage(repeats: 3, kernel: 3, stride: 2, expansion: 6, input: 40, output: 80),
        Stage(repeats: 3, kernel: 5, stride: 1, expansion: 6, input: 80, output: 112),
        Stage(repeats: 4, kernel: 5, stride: 2, expansion: 6, input: 112, output: 192),
        Stage(repeats: 1, kernel: 3, stride: 1, expansion: 6, input: 192, output: 320),
    ]

    static let batchNormEpsilon: Float = 1e-3
    static let featureDimension = 1280
    static let classCount = 1000

    let stem: DenseConvolution
    let blocks: [Block]
    let head: PointwiseConvolution
    /// `[classCount][featureDimension]`.
    let classifierWeights: [Float]
    let classifierBias: [Float]
    /// The classifier as a 1×1 convolution over the pooled features (packed for the kernels).
    let classifier: PointwiseConvolution
    /// The head batch norm's learned shift β and scale γ: after it, each of the 1280 channels of
    /// the head convolution is distributed as about N(β, γ²) over ImageNet training images.
    let headShift: [Float]
    let headScale: [Float]

    /// Builds the network from checkpoint tensors, folding batch norm.
    init(weights: SafeTensors) throws {
        func batchNorm(_ prefix: String, _ channels: Int) throws -> BatchNorm {
            BatchNorm(
                weight: try weights.tensor("\(prefix).weight", shape: [channels]).values,
                bias: try weights.tensor("\(prefix).bias", shape: [channels]).values,
                runningMean: try weights.tensor("\(prefix).running_mean", shape: [channels]).values,
                runningVariance: try weights.tensor("\(prefix).running_var", shape: [channels]).values,
                epsilon: Self.batchNormEpsilon)
        }
        func pointwise(_ conv: String, _ bn: String, _ input: Int, _ output: Int, _ activation: Activation) throws -> PointwiseConvolution {
            let folded = try batchNorm(bn, output).fold(weights: try weights.tensor("\(conv).weight", shape: [output, input, 1, 1]).values)
            return PointwiseConvolution(inputChannels: input, outputChannels: output, weights: folded.weights, bias: folded.bias, activation: activation)
        }

        let stemFolded = try batchNorm("_bn0", 32).fold(weights: try weights.tensor("_conv_stem.weight", shape: [32, 3, 3, 3]).values)
        stem = DenseConvolution(inputChannels: 3, outputChannels: 32, kernel: 3, stride: 2,
                                weights: stemFolded.weights, bias: stemFolded.bias, activation: .relu6)

        var blocks: [Block] = []
        for stage in Self.stages {
            for repeatIndex in 0..<stage.repeats {
                let prefix = "_blocks.\(blocks.count)"
                let input = repeatIndex == 0 ? stage.input : stage.output
                let stride = repeatIndex == 0 ? stage.stride : 1
                let expanded = input * stage.expansion
                let expand = stage.expansion == 1 ? nil
                    : try pointwise("\(prefix)._expand_conv", "\(prefix)._bn0", input, expanded, .relu6)
                let depthwiseFolded = try batchNorm("\(prefix)._bn1", expanded).fold(
                    weights: try weights.tensor("\(prefix)._depthwise_conv.weight", shape: [expanded, 1, stage.kernel, stage.kernel]).values)
                let depthwise = DepthwiseConvolution(channels: expanded, kernel: stage.kernel, stride: stride,
                                                     weights: depthwiseFolded.weights, bias: depthwiseFolded.bias)
                let project = try pointwise("\(prefix)._project_conv", "\(prefix)._bn2", expanded, stage.output, .none)
                blocks.append(Block(expand: expand, depthwise: depthwise, project: project,
                                    residual: stride == 1 && input == stage.output))
            }
        }
        self.blocks = blocks
        head = try pointwise("_conv_head", "_bn1", 320, Self.featureDimension, .relu6)
        classifierWeights = try weights.tensor("_fc.weight", shape: [Self.classCount, Self.featureDimension]).values
        classifierBias = try weights.tensor("_fc.bias", shape: [Self.classCount]).values
        classifier = PointwiseConvolution(inputChannels: Self.featureDimension, outputChannels: Self.classCount,
                                          weights: classifierWeights, bias: classifierBias, activation: .none)
        headShift = try weights.tensor("_bn1.bias", shape: [Self.featureDimension]).values
        headScale = try weights.tensor("_bn1.weight", shape: [Self.featureDimension]).values
    }

    /// Blocks run one image at a time before the images are gathered into one batch.
    ///
    /// At 112², 56² and 28² a single image's activations fit in L2 while a micro-batch's go out to
    /// L3 and memory; from 14² on the planes are small and batching keeps the 1×1 convolutions'
    /// matrices wide. Measured per layer (BENCHMARKS.md): blocks 0–5 are faster one image at a
    /// time, the rest batched.
    static let perImageBlocks = 6

    /// Runs the network on `batch` images given as NCHW 3×224×224 tensors.
    ///
    /// Returns the pooled 1280-d features (before normalisation), one row per image.
    func features(_ input: UnsafePointer<Float>, batch: Int, size: Int, threads: Int, pool: BufferPool) -> [Float] {
        var gathered: FeatureMap?
        for image in 0..<batch {
            var x = FeatureMap(channels: 3, batch: 1, height: size, width: size, pool: pool)
            x.data.update(from: input + image * 3 * size * size, count: 3 * size * size)
            // The stem and block 0 in bands when the kernels allow (see `StemBlock`).
            let fused = StemBlock(stem: stem, block: blocks[0])
            x = fused.map { $0(x, threads: threads) } ?? run(blocks[0], stem(x, threads: threads), threads: threads)
            for block in blocks[1..<Self.perImageBlocks] { x = run(block, x, threads: threads) }
            let late = gathered ?? FeatureMap(channels: x.channels, batch: batch, height: x.height, width: x.width, pool: pool)
            for channel in 0..<x.channels {
                late.plane(channel: channel, image: image).update(from: x.plane(channel: channel, image: 0), count: x.planeSize)
            }
            gathered = late
        }
        var x = gathered!
        for block in blocks[Self.perImageBlocks...] { x = run(block, x, threads: threads) }
        x = head(x, threads: threads)

        var features = [Float](repeating: 0, count: batch * Self.featureDimension)
        let plane = x.planeSize
        let pooled = x
        features.withUnsafeMutableBufferPointer { features in
            let features = features.baseAddress!
            forEachChunk(of: Self.featureDimension, workers: threads) { _, range in
                for channel in range {
                    for image in 0..<batch {
                        let source = pooled.plane(channel: channel, image: image)
                        var sum: Float = 0
                        for i in 0..<plane { sum += source[i] }
                        features[image * Self.featureDimension + channel] = sum / Float(plane)
                    }
                }
            }
        }
        return features
    }

    /// One MBConv block: expansion fused with the depthwise convolution where the kernels allow.
    private func run(_ block: Block, _ x: FeatureMap, threads: Int) -> FeatureMap {
        let y: FeatureMap
        if let expand = block.expand, ExpandDepthwise.isAvailable {
            y = ExpandDepthwise(expand: expand, depthwise: block.depthwise)(x, threads: threads)
        } else {
            y = block.depthwise(block.expand.map { $0(x, threads: threads) } ?? x, threads: threads)
        }
        return block.project(y, residual: block.residual ? x : nil, threads: threads)
    }

    /// The ImageNet logits of `count` pooled feature rows, row-major `count × 1000`.
    ///
    /// One product for the whole batch, the features transposed into a 1280 × count map: the
    /// 5 MB classifier streams through once per call.
    func logits(_ features: UnsafePointer<Float>, count: Int, threads: Int, pool: BufferPool) -> [Float] {
        let d = Self.featureDimension
        let input = FeatureMap(channels: d, batch: count, height: 1, width: 1, pool: pool)
        for image in 0..<count {
            for c in 0..<d { input.data[c * count + image] = features[image * d + c] }
        }
        let output = classifier(input, threads: threads)
        var logits = [Float](repeating: 0, count: count * Self.classCount)
        for image in 0..<count {
            for c in 0..<Self.classCount { logits[image * Self.classCount + c] = output.data[c * count + image] }
        }
        return logits
    }
}
