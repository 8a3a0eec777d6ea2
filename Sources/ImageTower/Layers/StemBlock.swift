import CKernels
import ParallelLoops

/// The stem fused with the first MBConv block (depthwise 3×3 → 1×1 projection, no expansion),
/// computed in bands of rows.
///
/// At 112×112 the three layers' outputs are 1.6, 1.6 and 0.8 MB per image: run one after the
/// other, the first two leave the core's L2 and come back from L3 or memory (worse for a single
/// image, whose caches the rest of the network has just flushed). Here a band of output rows at a
/// time runs the stem (with the halo rows the depthwise convolution reads), the depthwise
/// convolution and the projection through two band buffers that stay in L2; only the block's
/// output is written in full. AVX-512 only (the direct stem and depthwise kernels).
struct StemBlock {
    let stem: DenseConvolution
    let depthwise: DepthwiseConvolution
    let project: PointwiseConvolution

    /// Output rows per band: the stem band (32 × 10 × 112 floats) and the depthwise band
    /// (32 × 8 × 112) are 143 KB and 115 KB.
    static let bandRows = 8

    /// The fused layers, when the kernels and shapes allow (no expansion, stride 1, no residual).
    init?(stem: DenseConvolution, block: EfficientNetLite.Block) {
        guard stem.runsDirect, block.expand == nil, !block.residual, block.depthwise.stride == 1,
              block.depthwise.channels == stem.outputChannels, !block.project.packed.isEmpty,
              litsearch_pointwise_width() == 512 else { return nil }
        self.stem = stem
        depthwise = block.depthwise
        project = block.project
    }

    /// - Complexity: that of the three layers, plus the stem's halo rows (2 per band).
    func callAsFunction(_ input: FeatureMap, threads: Int) -> FeatureMap {
        let height = SamePadding(input: input.height, kernel: stem.kernel, stride: stem.stride).output
        let width = SamePadding(input: input.width, kernel: stem.kernel, stride: stem.stride).output
        let output = input.sibling(channels: project.outputChannels, height: height, width: width)
        let (k, channels, rows) = (depthwise.kernel, depthwise.channels, Self.bandRows)
        let halo = (k - 1) / 2
        let bands = (height + rows - 1) / rows
        let stemStride = (rows + 2 * halo) * width, bandStride = rows * width
        depthwise.weights.withUnsafeBufferPointer { weights in
            project.packed.withUnsafeBufferPointer { packed in
                project.bias.withUnsafeBufferPointer { bias in
                    forEachChunk(of: input.batch * bands, workers: threads) { _, range in
                        let stemBand = UnsafeMutablePointer<Float>.allocate(capacity: channels * (stemStride + bandStride))
                        defer { stemBand.deallocate() }
                        let depthwiseBand = stemBand + channels * stemStride
                        for task in range {
                            let image = task / bands, first = (task % bands) * rows
                            let last = min(first + rows, height)
                            let stemRows = max(first - halo, 0)..<min(last + halo, height)
                            stem.directRows(input, image: image, rows: stemRows, into: stemBand, outputStride: stemStride)
                            for channel in 0..<channels {
                                litsearch_depthwise512_rows(stemBand + channel * stemStride, Int32(stemRows.lowerBound),
                                                            Int32(height), Int32(width), Int32(k), 1,
                                                            weights.baseAddress! + channel * k * k, depthwise.bias[channel],
                                                            depthwiseBand + channel * bandStride, Int32(first), Int32(last))
                            }
                            litsearch_pointwise(packed.baseAddress, Int32(project.outputChannels), Int32(channels),
                                                depthwiseBand, Int32(bandStride),
                                                output.plane(channel: 0, image: image) + first * width, Int32(output.columns),
                                                Int32((last - first) * width), bias.baseAddress, nil,
                                                project.activation == .relu6 ? 1 : 0)
                        }
                    }
                }
            }
        }
        return output
    }
}
