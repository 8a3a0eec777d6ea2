import CKernels
import ParallelLoops

/// A depthwise k×k convolution with `SAME` padding, folded batch norm and ReLU6.
///
/// On x86-64 with AVX2 or AVX-512 each plane goes through `litsearch_depthwise` (CKernels);
/// the portable Swift path below is the fallback. The AVX-512 kernel reads the plane in place
/// (masked loads at the borders, a permute for stride 2). The AVX2 kernel and the Swift path copy
/// each (channel, image) plane into a zero-padded scratch plane so the inner loops run without
/// bounds tests; stride-2 layers first split the padded rows into even and odd columns so every
/// inner loop reads memory contiguously and vectorises.
struct DepthwiseConvolution {
    let channels: Int
    let kernel: Int
    let stride: Int
    /// `[channels][kernel][kernel]`.
    let weights: [Float]
    let bias: [Float]

    /// - Complexity: O(C · N · Ho · Wo · k²), split over `threads`.
    func callAsFunction(_ input: FeatureMap, threads: Int, portable: Bool = !MatrixKernel.isAvailable) -> FeatureMap {
        precondition(input.channels == channels)
        precondition(kernel == 3 || kernel == 5, "only 3×3 and 5×5 depthwise kernels are supported")
        if !portable { return vectorised(input, threads: threads) }
        return portableForward(input, threads: threads)
    }

    /// The Swift SIMD8 path, for CPUs without AVX2.
    private func portableForward(_ input: FeatureMap, threads: Int) -> FeatureMap {
        let padY = SamePadding(input: input.height, kernel: kernel, stride: stride)
        let padX = SamePadding(input: input.width, kernel: kernel, stride: stride)
        let output = input.sibling(channels: channels, height: padY.output, width: padX.output)
        let (inH, inW, outH, outW, k, s) = (input.height, input.width, output.height, output.width, kernel, stride)
        // Padded plane: rows cover every input row an output row reads; columns likewise.
        let paddedH = (outH - 1) * s + k
        let paddedW = (outW - 1) * s + k
        // For stride 2: columns split into phases, phase p holds padded columns p, p+2, p+4, …
        let phaseW = (paddedW + 1) / 2
        weights.withUnsafeBufferPointer { weights in
            bias.withUnsafeBufferPointer { bias in
                forEachChunk(of: channels * input.batch, workers: threads) { _, range in
                    // 16 floats of slack: a row's last SIMD group may read past the last row.
                    let padded = UnsafeMutablePointer<Float>.allocate(capacity: paddedH * paddedW + 2 * paddedH * phaseW + 16)
                    (padded + paddedH * paddedW + 2 * paddedH * phaseW).initialize(repeating: 0, count: 16)
                    defer { padded.deallocate() }
                    // Copies below fill only the interior, so the zero border set here stays.
                    padded.update(repeating: 0, count: paddedH * paddedW)
                    let phases = padded + paddedH * paddedW
                    for task in range {
                        let channel = task / input.batch
                        let image = task % input.batch
                        let source = input.plane(channel: channel, image: image)
                        for y in 0..<inH where y + padY.before < paddedH {
                            let count = min(inW, paddedW - padX.before)
                            (padded + (y + padY.before) * paddedW + padX.before).update(from: source + y * inW, count: count)
                        }
                        let w = weights.baseAddress! + channel * k * k
                        let b = bias[channel]
                        let destination = output.plane(channel: channel, image: image)
                        if s == 1 {
                            for oy in 0..<outH {
                                rowKernel(destination + oy * outW, count: outW, taps: padded + oy * paddedW,
                                          rowStride: paddedW, weights: w, bias: b)
                            }
                        } else {
                            precondition(s == 2, "only strides 1 and 2 are supported")
                            for y in 0..<paddedH {
                                let row = padded + y * paddedW
                                let even = phases + y * phaseW
                                let odd = phases + (paddedH + y) * phaseW
                                for x in 0..<paddedW / 2 {
                                    even[x] = row[2 * x]
                                    odd[x] = row[2 * x + 1]
                                }
                                if paddedW % 2 == 1 { even[paddedW / 2] = row[paddedW - 1] }
                            }
                            for oy in 0..<outH {
                                stridedRowKernel(destination + oy * outW, count: outW, phases: phases + oy * 2 * phaseW,
                                                 rowStride: phaseW, phaseStride: paddedH * phaseW, weights: w, bias: b)
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// One output row of a stride-1 layer: eight outputs at a time accumulate all k² taps in
    /// registers before a single store. The last, partial group reads past the row into the next
    /// row or the scratch slack and stores only its valid lanes.
    @inline(__always)
    private func rowKernel(_ line: UnsafeMutablePointer<Float>, count: Int, taps: UnsafeMutablePointer<Float>,
                           rowStride: Int, weights w: UnsafePointer<Float>, bias: Float) {
        let k = kernel
        var ox = 0
        while ox < count {
            var sum = SIMD8<Float>(repeating: bias)
            for ky in 0..<k {
                let row = UnsafeRawPointer(taps + (ky &* rowStride &+ ox))
                for kx in 0..<k {
                    sum = sum.addingProduct(SIMD8(repeating: w[ky &* k &+ kx]), row.loadUnaligned(fromByteOffset: kx &* 4, as: SIMD8<Float>.self))
                }
            }
            sum.relu6()
            store(sum, to: line + ox, lanes: count &- ox)
            ox &+= 8
        }
    }

    /// One output row of a stride-2 layer, reading the even/odd column phases of the padded rows
    /// starting at the row this output row reads first.
    @inline(__always)
    private func stridedRowKernel(_ line: UnsafeMutablePointer<Float>, count: Int, phases: UnsafeMutablePointer<Float>,
                                  rowStride: Int, phaseStride: Int, weights w: UnsafePointer<Float>, bias: Float) {
        let k = kernel
        // Padded column 2·ox + kx lives in phase kx % 2 at index ox + kx / 2.
        var ox = 0
        while ox < count {
            var sum = SIMD8<Float>(repeating: bias)
            for ky in 0..<k {
                for kx in 0..<k {
                    let tap = UnsafeRawPointer(phases + ((kx & 1) &* phaseStride &+ ky &* rowStride &+ (kx >> 1) &+ ox))
                    sum = sum.addingProduct(SIMD8(repeating: w[ky &* k &+ kx]), tap.loadUnaligned(as: SIMD8<Float>.self))
                }
            }
            sum.relu6()
            store(sum, to: line + ox, lanes: count &- ox)
            ox &+= 8
        }
    }

    /// Stores all eight lanes, or only the first `lanes` when fewer remain.
    @inline(__always)
    private func store(_ value: SIMD8<Float>, to destination: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes >= 8 {
            UnsafeMutableRawPointer(destination).storeBytes(of: value, as: SIMD8<Float>.self)
        } else {
            for lane in 0..<lanes { destination[lane] = value[lane] }
        }
    }
}

extension DepthwiseConvolution {
    /// The CKernels path: one `litsearch_depthwise` call per (channel, image) plane.
    private func vectorised(_ input: FeatureMap, threads: Int) -> FeatureMap {
        let padY = SamePadding(input: input.height, kernel: kernel, stride: stride)
        let padX = SamePadding(input: input.width, kernel: kernel, stride: stride)
        let output = input.sibling(channels: channels, height: padY.output, width: padX.output)
        let (h, w, k, s) = (Int32(input.height), Int32(input.width), Int32(kernel), Int32(stride))
        let scratchSize = litsearch_depthwise_scratch(h, w, k, s)
        weights.withUnsafeBufferPointer { weights in
            forEachChunk(of: channels * input.batch, workers: threads) { _, range in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchSize)
                defer { scratch.deallocate() }
                for task in range {
                    let channel = task / input.batch, image = task % input.batch
                    litsearch_depthwise(input.plane(channel: channel, image: image), h, w, k, s,
                                        weights.baseAddress! + channel * kernel * kernel, bias[channel],
                                        output.plane(channel: channel, image: image), scratch)
                }
            }
        }
        return output
    }
}

extension SIMD8 where Scalar == Float {
    /// Clamps every lane to `0...6`, with lane masks that compile to plain min/max instructions.
    @inline(__always)
    mutating func relu6() {
        replace(with: 0, where: self .< 0)
        replace(with: 6, where: self .> 6)
    }
}
