/// A 1×1 convolution with folded batch norm: one `sgemm` over the whole batch.
struct PointwiseConvolution {
    let inputChannels: Int
    let outputChannels: Int
    /// `[outputChannels][inputChannels]`, row-major.
    let weights: [Float]
    let bias: [Float]
    let activation: Activation

    /// Applies the layer; `residual`, when given, is added after the activation.
    ///
    /// - Complexity: O(Cout · Cin · N·H·W) on BLAS.
    func callAsFunction(_ input: FeatureMap, residual: FeatureMap? = nil, threads: Int) -> FeatureMap {
        precondition(input.channels == inputChannels, "pointwise input has \(input.channels) channels, expected \(inputChannels)")
        let output = input.sibling(channels: outputChannels)
        let columns = input.columns
        weights.withUnsafeBufferPointer { w in
            matrixProduct(w.baseAddress!, rows: outputChannels, inner: inputChannels,
                          input.data, columns: columns, into: output.data, threads: threads)
        }
        addBias(output.data, rows: outputChannels, columns: columns, bias: bias,
                activation: activation, residual: residual.map { UnsafePointer($0.data) }, threads: threads)
        return output
    }
}

/// A dense k×k convolution (groups = 1) with folded batch norm, as im2col followed by `sgemm`.
///
/// Only the stem uses it, so the column matrix (Cin·k·k × N·Ho·Wo) stays small.
struct DenseConvolution {
    let inputChannels: Int
    let outputChannels: Int
    let kernel: Int
    let stride: Int
    /// `[outputChannels][inputChannels][kernel][kernel]`, row-major.
    let weights: [Float]
    let bias: [Float]
    let activation: Activation

    /// - Complexity: O(Cout · Cin · k² · N·Ho·Wo) on BLAS.
    func callAsFunction(_ input: FeatureMap, threads: Int) -> FeatureMap {
        precondition(input.channels == inputChannels)
        let padY = SamePadding(input: input.height, kernel: kernel, stride: stride)
        let padX = SamePadding(input: input.width, kernel: kernel, stride: stride)
        let output = input.sibling(channels: outputChannels, height: padY.output, width: padX.output)
        let rows = inputChannels * kernel * kernel
        let columns = output.columns
        let im2col = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        defer { im2col.deallocate() }
        let (outH, outW, inH, inW) = (output.height, output.width, input.height, input.width)
        parallelChunks(rows, threads: threads) { range in
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
        weights.withUnsafeBufferPointer { w in
            matrixProduct(w.baseAddress!, rows: outputChannels, inner: rows, im2col, columns: columns,
                          into: output.data, threads: threads)
        }
        addBias(output.data, rows: outputChannels, columns: columns, bias: bias, activation: activation, threads: threads)
        return output
    }
}
