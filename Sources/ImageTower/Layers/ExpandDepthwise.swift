import CKernels
import ParallelLoops

/// An MBConv block's 1×1 expansion fused with its depthwise convolution.
///
/// The expansion multiplies the channel count by six, and unfused its output is the largest
/// tensor of the network (96 × 112 × 112 floats per image in the second block), written to
/// memory and read back once. Fused, eight expanded channels of one image are computed into a
/// small scratch buffer that stays in cache, and the depthwise convolution consumes them at
/// once; the expanded tensor never exists. For small batched planes (14×14, 7×7) a task covers
/// all images of the batch, so the expansion is one wider product and the stride-1 depthwise
/// runs along the flattened planes (`litsearch_depthwise512_small`).
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
        // Small planes (the batched 14×14 and 7×7 stages): one task expands a group of channels for
        // all images at once, a wider product; the stride-1 AVX-512 depthwise then takes the whole
        // group in one call, with vectors along the flattened planes.
        let wholeBatch = input.columns <= Int(LITSEARCH_SMALL_PLANE_OUTPUTS)
        let small = wholeBatch && s == 1 && litsearch_pointwise_width() == 512 && input.width < 28
        let images = wholeBatch ? 1 : input.batch
        let columns = wholeBatch ? input.columns : plane
        let depthwiseScratch = litsearch_depthwise_scratch(Int32(input.height), Int32(input.width), Int32(k), Int32(s))
        var masks = [UInt16](repeating: 0, count: small ? litsearch_small_masks_size(Int32(input.batch), Int32(input.height),
                                                                                      Int32(input.width), Int32(k)) : 0)
        if small { litsearch_small_masks(Int32(input.batch), Int32(input.height), Int32(input.width), Int32(k), &masks) }
        masks.withUnsafeBufferPointer { masks in
            expand.packed.withUnsafeBufferPointer { packed in
                expand.bias.withUnsafeBufferPointer { expandBias in
                    depthwise.weights.withUnsafeBufferPointer { weights in
                        depthwise.bias.withUnsafeBufferPointer { depthwiseBias in
                            forEachChunk(of: groups * images, workers: threads) { _, range in
                                // Slack on both sides: the small-plane kernel reads a little past the planes.
                                let slack = Int(LITSEARCH_SMALL_PLANE_SLACK)
                                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: slack + rows * columns + max(depthwiseScratch, slack))
                                defer { buffer.deallocate() }
                                buffer.initialize(repeating: 0, count: slack)
                                let expanded = buffer + slack
                                (expanded + rows * columns).initialize(repeating: 0, count: slack)
                                let scratch = expanded + rows * columns
                                for task in range {
                                    let group = task / images, image = task % images
                                    let first = group * rows
                                    let count = min(rows, expand.outputChannels - first)
                                    litsearch_pointwise(packed.baseAddress! + group * expand.inputChannels * rows, Int32(count),
                                                        Int32(expand.inputChannels), input.data + image * plane, Int32(input.columns),
                                                        expanded, Int32(columns), Int32(columns), expandBias.baseAddress! + first, nil, 1)
                                    if small {
                                        litsearch_depthwise512_small(expanded, Int32(count), Int32(input.batch), Int32(input.height),
                                                                     Int32(input.width), Int32(k), masks.baseAddress, weights.baseAddress! + first * k * k,
                                                                     depthwiseBias.baseAddress! + first, output.plane(channel: first, image: 0))
                                        continue
                                    }
                                    // Expanded channel `row` of image `i` is at row · columns + i · plane.
                                    for row in 0..<count {
                                        let channel = first + row
                                        for i in (wholeBatch ? 0..<input.batch : image..<(image + 1)) {
                                            let source = expanded + row * columns + (wholeBatch ? i * plane : 0)
                                            litsearch_depthwise(source, Int32(input.height), Int32(input.width), Int32(k), Int32(s),
                                                                weights.baseAddress! + channel * k * k, depthwiseBias[channel],
                                                                output.plane(channel: channel, image: i), scratch)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
