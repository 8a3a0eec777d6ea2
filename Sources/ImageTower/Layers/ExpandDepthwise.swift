import CKernels

/// An MBConv block's 1×1 expansion fused with its depthwise convolution.
///
/// The expansion multiplies the channel count by six, and unfused its output is the largest
/// tensor of the network (96 × 112 × 112 floats per image in the second block), written to
/// memory and read back once. Fused, eight expanded channels of one image are computed into a
/// small scratch buffer that stays in cache, and the depthwise convolution consumes them at
/// once; the expanded tensor never exists.
struct ExpandDepthwise {
    let expand: PointwiseConvolution
    let depthwise: DepthwiseConvolution

    /// Whether the fused path can run (it needs the vector kernels).
    static var isAvailable: Bool { MatrixKernel.isAvailable }

    /// - Complexity: that of the two layers; memory traffic of the input and output only.
    func callAsFunction(_ input: FeatureMap, threads: Int) -> FeatureMap {
        precondition(expand.activation == .relu6 && expand.outputChannels == depthwise.channels)
        let (k, s) = (depthwise.kernel, depthwise.stride)
        let padY = SamePadding(input: input.height, kernel: k, stride: s)
        let padX = SamePadding(input: input.width, kernel: k, stride: s)
        let output = input.sibling(channels: depthwise.channels, height: padY.output, width: padX.output)
        let plane = input.planeSize
        let rows = Int(LITSEARCH_PANEL_ROWS)
        let groups = (expand.outputChannels + rows - 1) / rows
        let depthwiseScratch = litsearch_depthwise_scratch(Int32(input.height), Int32(input.width), Int32(k), Int32(s))
        expand.packed.withUnsafeBufferPointer { packed in
            expand.bias.withUnsafeBufferPointer { expandBias in
                depthwise.weights.withUnsafeBufferPointer { weights in
                    parallelChunks(groups * input.batch, threads: threads) { range in
                        let expanded = UnsafeMutablePointer<Float>.allocate(capacity: rows * plane + depthwiseScratch)
                        defer { expanded.deallocate() }
                        let scratch = expanded + rows * plane
                        for task in range {
                            let group = task / input.batch, image = task % input.batch
                            let first = group * rows
                            let count = min(rows, expand.outputChannels - first)
                            litsearch_pointwise(packed.baseAddress! + group * expand.inputChannels * rows, Int32(count),
                                                Int32(expand.inputChannels), input.data + image * plane, Int32(input.columns),
                                                expanded, Int32(plane), Int32(plane), expandBias.baseAddress! + first, nil, 1)
                            for row in 0..<count {
                                let channel = first + row
                                litsearch_depthwise(expanded + row * plane, Int32(input.height), Int32(input.width),
                                                    Int32(k), Int32(s), weights.baseAddress! + channel * k * k,
                                                    depthwise.bias[channel], output.plane(channel: channel, image: image), scratch)
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
