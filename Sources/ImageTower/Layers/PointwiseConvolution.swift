import CKernels
import ParallelLoops
/// A 1×1 convolution with folded batch norm: a matrix product over the whole batch.
///
/// On x86-64 with AVX2 or AVX-512 it runs `litsearch_pointwise` (CKernels): weights packed once
/// at load, bias, ReLU6 and residual fused into the product. Elsewhere it falls back to
/// OpenBLAS `sgemm` followed by a bias pass.
struct PointwiseConvolution {
    let inputChannels: Int
    let outputChannels: Int
    /// `[outputChannels][inputChannels]`, row-major.
    let weights: [Float]
    let bias: [Float]
    let activation: Activation
    /// `weights` in the kernel's panel layout, or empty when the kernel is unavailable.
    let packed: [Float]

    init(inputChannels: Int, outputChannels: Int, weights: [Float], bias: [Float], activation: Activation) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.weights = weights
        self.bias = bias
        self.activation = activation
        packed = MatrixKernel.isAvailable ? MatrixKernel.pack(weights, rows: outputChannels, columns: inputChannels) : []
    }

    /// Applies the layer; `residual`, when given, is added after the activation.
    ///
    /// - Complexity: O(Cout · Cin · N·H·W).
    func callAsFunction(_ input: FeatureMap, residual: FeatureMap? = nil, threads: Int) -> FeatureMap {
        precondition(input.channels == inputChannels, "pointwise input has \(input.channels) channels, expected \(inputChannels)")
        if packed.isEmpty { return blasForward(input, residual: residual, threads: threads) }
        let output = input.sibling(channels: outputChannels)
        MatrixKernel.multiply(packed: packed, rows: outputChannels, inner: inputChannels, input: input.data,
                              output: output.data, columns: input.columns, bias: bias, residual: residual?.data,
                              relu6: activation == .relu6, threads: threads)
        return output
    }
}

extension PointwiseConvolution {
    /// The fallback without the vector kernels: OpenBLAS `sgemm`, then a bias pass.
    func blasForward(_ input: FeatureMap, residual: FeatureMap?, threads: Int) -> FeatureMap {
        let output = input.sibling(channels: outputChannels)
        weights.withUnsafeBufferPointer { w in
            matrixProduct(w.baseAddress!, rows: outputChannels, inner: inputChannels,
                          input.data, columns: input.columns, into: output.data, threads: threads)
        }
        addBias(output.data, rows: outputChannels, columns: input.columns, bias: bias,
                activation: activation, residual: residual.map { UnsafePointer($0.data) }, threads: threads)
        return output
    }
}

/// A dense k×k convolution (groups = 1) with folded batch norm, as im2col followed by `sgemm`.
///
/// Only the stem uses it, so the column matrix (Cin·k·k × N·Ho·Wo) stays small. With AVX-512,
/// the stem's shape (3×3, stride 2, few inputs, ReLU6) runs `litsearch_stem512` instead, which
/// builds no column matrix.
struct DenseConvolution {
    let inputChannels: Int
    let outputChannels: Int
    let kernel: Int
    let stride: Int
    /// `[outputChannels][inputChannels][kernel][kernel]`, row-major.
    let weights: [Float]
    let bias: [Float]
    let activation: Activation
    /// `weights` in the vector kernel's panel layout, or empty when the kernel is unavailable.
    private let packed: [Float]
    /// `weights` as `[inputChannels·9][outputChannels]` for the direct AVX-512 kernel, or empty
    /// when this layer's shape (or the CPU) does not suit it.
    private let direct: [Float]

    init(inputChannels: Int, outputChannels: Int, kernel: Int, stride: Int, weights: [Float], bias: [Float],
         activation: Activation) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.stride = stride
        self.weights = weights
        self.bias = bias
        self.activation = activation
        packed = MatrixKernel.isAvailable
            ? MatrixKernel.pack(weights, rows: outputChannels, columns: inputChannels * kernel * kernel) : []
        if litsearch_pointwise_width() == 512 && kernel == 3 && stride == 2 && outputChannels % 16 == 0
            && inputChannels <= Int(LITSEARCH_STEM_MAX_INPUTS) {
            var direct = [Float](repeating: 0, count: weights.count)
            litsearch_pack_stem(weights, Int32(outputChannels), Int32(inputChannels), &direct)
            self.direct = direct
        } else {
            direct = []
        }
    }

    /// Whether the direct AVX-512 kernel runs this layer now.
    var runsDirect: Bool { !direct.isEmpty && litsearch_pointwise_width() == 512 && activation == .relu6 }

    /// Output rows `rows` of image `image` by the direct kernel (requires `runsDirect`): output
    /// channel o's row y goes to `output + o · outputStride + (y − rows.lowerBound) · width`.
    func directRows(_ input: FeatureMap, image: Int, rows: Range<Int>, into output: UnsafeMutablePointer<Float>,
                    outputStride: Int) {
        let width = SamePadding(input: input.width, kernel: kernel, stride: stride).output
        direct.withUnsafeBufferPointer { packed in
            bias.withUnsafeBufferPointer { bias in
                // The kernel addresses rows from 0; shift the base so row rows.lowerBound lands first.
                litsearch_stem512(input.plane(channel: 0, image: image), Int32(inputChannels), Int32(input.height),
                                  Int32(input.width), input.batch * input.planeSize, packed.baseAddress, bias.baseAddress,
                                  Int32(outputChannels), output - rows.lowerBound * width, outputStride,
                                  Int32(rows.lowerBound), Int32(rows.upperBound))
            }
        }
    }

    /// The direct AVX-512 path: no im2col matrix; each image's output rows split over `threads`.
    private func directForward(_ input: FeatureMap, into output: FeatureMap, threads: Int) {
        let rows = output.height
        for image in 0..<input.batch {
            forEachChunk(of: rows, workers: rows >= 16 ? threads : 1) { _, range in
                directRows(input, image: image, rows: range,
                           into: output.plane(channel: 0, image: image) + range.lowerBound * output.width,
                           outputStride: output.batch * output.planeSize)
            }
        }
    }

    /// - Complexity: O(Cout · Cin · k² · N·Ho·Wo) on BLAS.
    func callAsFunction(_ input: FeatureMap, threads: Int) -> FeatureMap {
        precondition(input.channels == inputChannels)
        let padY = SamePadding(input: input.height, kernel: kernel, stride: stride)
        let padX = SamePadding(input: input.width, kernel: kernel, stride: stride)
        let output = input.sibling(channels: outputChannels, height: padY.output, width: padX.output)
        if runsDirect {
            directForward(input, into: output, threads: threads)
            return output
        }
        let rows = inputChannels * kernel * kernel
        let columns = output.columns
        let im2col = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        defer { im2col.deallocate() }
        let (outH, outW, inH, inW) = (output.height, output.width, input.height, input.width)
        forEachChunk(of: rows, workers: threads) { _, range in
            for row in range {
                let kx = row % kernel
                let ky = (row / kernel) % kernel
                let channel = row / (kernel * kernel)
                for image in 0..<input.batch {
                    let source = input.plane(channel: channel, image: image)
                    let destination = im2col + row * columns + image * outH * outW
                    for oy in 0..<outH {
                        let y = oy * stride + ky - padY.before
                        let line = destination + oy * outW
                        guard y >= 0 && y < inH else {
                            line.update(repeating: 0, count: outW)
                            continue
                        }
                        let sourceLine = source + y * inW
                        for ox in 0..<outW {
                            let x = ox * stride + kx - padX.before
                            line[ox] = (x >= 0 && x < inW) ? sourceLine[x] : 0
                        }
                    }
                }
            }
        }
        if packed.isEmpty {
            weights.withUnsafeBufferPointer { w in
                matrixProduct(w.baseAddress!, rows: outputChannels, inner: rows, im2col, columns: columns,
                              into: output.data, threads: threads)
            }
            addBias(output.data, rows: outputChannels, columns: columns, bias: bias, activation: activation, threads: threads)
        } else {
            MatrixKernel.multiply(packed: packed, rows: outputChannels, inner: rows, input: im2col, output: output.data,
                                  columns: columns, bias: bias, residual: nil, relu6: activation == .relu6, threads: threads)
        }
        return output
    }
}
