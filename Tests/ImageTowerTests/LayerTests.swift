import CKernels
@testable import ImageTower
import XCTest

/// The optimised layers against direct, obviously-correct loops.
final class LayerTests: XCTestCase {
    private var values = TestValues(seed: 12345)
    private func random(_ count: Int) -> [Float] { values.next(count) }

    /// Direct depthwise convolution with TensorFlow SAME padding and ReLU6, one plane.
    private func naiveDepthwise(_ input: [Float], height: Int, width: Int, kernel k: Int, stride s: Int,
                                weights: ArraySlice<Float>, bias: Float) -> [Float] {
        let py = SamePadding(input: height, kernel: k, stride: s), px = SamePadding(input: width, kernel: k, stride: s)
        var output = [Float](repeating: 0, count: py.output * px.output)
        for oy in 0..<py.output {
            for ox in 0..<px.output {
                var sum = bias
                for ky in 0..<k {
                    for kx in 0..<k {
                        let y = oy * s + ky - py.before, x = ox * s + kx - px.before
                        if y >= 0, y < height, x >= 0, x < width {
                            sum += weights[weights.startIndex + ky * k + kx] * input[y * width + x]
                        }
                    }
                }
                output[oy * px.output + ox] = min(max(sum, 0), 6)
            }
        }
        return output
    }

    func testDepthwiseMatchesDirectLoopsForOddSizesAndBothStrides() {
        let pool = BufferPool()
        for (height, width, kernel, stride) in [(7, 7, 3, 1), (14, 13, 5, 1), (3, 17, 5, 1), (4, 18, 3, 1), (2, 33, 5, 1), (17, 9, 3, 2), (28, 28, 5, 2), (5, 21, 5, 2),
                                                 (1, 1, 3, 1), (1, 1, 5, 2), (2, 2, 5, 2), (9, 40, 5, 2), (6, 35, 3, 2), (11, 16, 5, 1), (13, 17, 3, 1)] {
            let channels = 3, batch = 2
            let input = FeatureMap(channels: channels, batch: batch, height: height, width: width, pool: pool)
            let values = random(input.count)
            input.data.update(from: values, count: values.count)
            let weights = random(channels * kernel * kernel)
            let bias = random(channels)
            let layer = DepthwiseConvolution(channels: channels, kernel: kernel, stride: stride, weights: weights, bias: bias)
            // Width 0 is the portable Swift path; 512 and 256 the AVX-512 and AVX2 kernels.
            for (threads, bits) in [1, 2].flatMap({ t in ([0] + MatrixKernel.supportedWidths).map { (t, $0) } }) {
                let output = bits == 0 ? layer(input, threads: threads, portable: true)
                    : MatrixKernel.withWidth(bits) { layer(input, threads: threads, portable: false) }
                for channel in 0..<channels {
                    for image in 0..<batch {
                        let plane = Array(UnsafeBufferPointer(start: input.plane(channel: channel, image: image), count: height * width))
                        let expected = naiveDepthwise(plane, height: height, width: width, kernel: kernel, stride: stride,
                                                      weights: weights[(channel * kernel * kernel)..<((channel + 1) * kernel * kernel)],
                                                      bias: bias[channel])
                        let actual = Array(UnsafeBufferPointer(start: output.plane(channel: channel, image: image), count: expected.count))
                        for (a, e) in zip(actual, expected) {
                            XCTAssertEqual(a, e, accuracy: 1e-4, "\(height)×\(width) k\(kernel) s\(stride), \(bits)-bit")
                        }
                    }
                }
            }
        }
    }

    func testPointwiseIsAMatrixProductPlusBiasAndResidual() {
        let pool = BufferPool()
        // Widths 1 … 330 cover every tail of the 48- and 16-column tiles; 13 rows a partial panel.
        for (inputs, outputs, height, width, activation) in [(5, 4, 10, 11, Activation.none), (7, 13, 1, 1, .relu6),
                                                              (3, 9, 1, 17, .none), (6, 16, 5, 8, .relu6), (4, 8, 1, 47, .none),
                                                              (2, 5, 8, 6, .relu6)] {
            let input = FeatureMap(channels: inputs, batch: 3, height: height, width: width, pool: pool)
            let values = random(input.count)
            input.data.update(from: values, count: values.count)
            let residual = FeatureMap(channels: outputs, batch: 3, height: height, width: width, pool: pool)
            let extra = random(residual.count)
            residual.data.update(from: extra, count: extra.count)
            let weights = random(outputs * inputs), bias = random(outputs)
            let layer = PointwiseConvolution(inputChannels: inputs, outputChannels: outputs, weights: weights, bias: bias,
                                             activation: activation)
            for bits in [0] + MatrixKernel.supportedWidths {
                // Width 0: the BLAS fallback, as on a CPU without the kernels.
                let output = bits == 0 ? layer.blasForward(input, residual: residual, threads: 2)
                    : MatrixKernel.withWidth(bits) { layer(input, residual: residual, threads: 2) }
                let columns = input.columns
                for row in 0..<outputs {
                    for column in 0..<columns {
                        var sum = bias[row]
                        for inner in 0..<inputs { sum += weights[row * inputs + inner] * values[inner * columns + column] }
                        if activation == .relu6 { sum = min(max(sum, 0), 6) }
                        XCTAssertEqual(output.data[row * columns + column], sum + extra[row * columns + column], accuracy: 1e-4,
                                       "\(outputs)×\(inputs) · \(columns) columns, \(bits)-bit")
                    }
                }
            }
        }
    }

    func testFusedExpandDepthwiseEqualsTheTwoLayers() throws {
        try XCTSkipUnless(ExpandDepthwise.isAvailable, "needs the AVX2/AVX-512 kernels")
        let pool = BufferPool()
        // Small batches of small planes take the whole-batch path (and, at stride 1, the flattened
        // depthwise kernel); 40×30 the per-image one.
        for (kernel, stride, channels, height, width, batch) in [(3, 1, 12, 15, 13, 3), (5, 2, 20, 15, 13, 3), (5, 1, 9, 7, 7, 4),
                                                                  (3, 1, 16, 1, 1, 2), (5, 1, 8, 2, 9, 1), (3, 2, 8, 7, 7, 4),
                                                                  (5, 1, 12, 40, 30, 1), (3, 2, 12, 40, 30, 2)] {
            let input = FeatureMap(channels: 4, batch: batch, height: height, width: width, pool: pool)
            let values = random(input.count)
            input.data.update(from: values, count: values.count)
            let expand = PointwiseConvolution(inputChannels: 4, outputChannels: channels, weights: random(4 * channels),
                                              bias: random(channels), activation: .relu6)
            let depthwise = DepthwiseConvolution(channels: channels, kernel: kernel, stride: stride,
                                                 weights: random(channels * kernel * kernel), bias: random(channels))
            let separate = depthwise(expand(input, threads: 1), threads: 1, portable: true)
            for bits in MatrixKernel.supportedWidths {
                let fused = MatrixKernel.withWidth(bits) { ExpandDepthwise(expand: expand, depthwise: depthwise)(input, threads: 2) }
                XCTAssertEqual(fused.count, separate.count)
                for i in 0..<fused.count {
                    XCTAssertEqual(fused.data[i], separate.data[i], accuracy: 1e-4, "k\(kernel) s\(stride) \(height)×\(width) n\(batch), \(bits)-bit")
                }
            }
        }
    }
}

/// The stem's dense convolution (direct AVX-512 kernel, im2col + kernel, im2col + BLAS) against
/// direct loops.
final class DenseConvolutionTests: XCTestCase {
    func testStemMatchesDirectLoopsForOddSizes() {
        var values = TestValues(seed: 99)
        func random(_ count: Int) -> [Float] { values.next(count) }
        let pool = BufferPool()
        for (inputs, outputs, height, width, batch) in [(3, 32, 9, 9, 2), (3, 16, 16, 35, 1), (2, 32, 1, 1, 3), (4, 16, 6, 40, 2), (3, 48, 34, 17, 1)] {
            let input = FeatureMap(channels: inputs, batch: batch, height: height, width: width, pool: pool)
            let values = random(input.count)
            input.data.update(from: values, count: values.count)
            let weights = random(outputs * inputs * 9), bias = random(outputs)
            let layer = DenseConvolution(inputChannels: inputs, outputChannels: outputs, kernel: 3, stride: 2,
                                         weights: weights, bias: bias, activation: .relu6)
            let py = SamePadding(input: height, kernel: 3, stride: 2), px = SamePadding(input: width, kernel: 3, stride: 2)
            for (threads, bits) in [1, 2].flatMap({ t in MatrixKernel.supportedWidths.map { (t, $0) } }) {
                let output = MatrixKernel.withWidth(bits) { layer(input, threads: threads) }
                XCTAssertEqual(output.height, py.output)
                XCTAssertEqual(output.width, px.output)
                for o in 0..<outputs {
                    for image in 0..<batch {
                        for oy in 0..<py.output {
                            for ox in 0..<px.output {
                                var sum = bias[o]
                                for c in 0..<inputs {
                                    let plane = input.plane(channel: c, image: image)
                                    for ky in 0..<3 {
                                        for kx in 0..<3 {
                                            let y = oy * 2 + ky - py.before, x = ox * 2 + kx - px.before
                                            if y >= 0, y < height, x >= 0, x < width {
                                                sum += weights[((o * inputs + c) * 3 + ky) * 3 + kx] * plane[y * width + x]
                                            }
                                        }
                                    }
                                }
                                let actual = output.plane(channel: o, image: image)[oy * px.output + ox]
                                XCTAssertEqual(actual, min(max(sum, 0), 6), accuracy: 1e-4,
                                               "\(inputs)→\(outputs) \(height)×\(width) n\(batch), \(bits)-bit, \(threads) threads")
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The flattened small-plane depthwise kernel (AVX-512) against direct loops, on odd shapes.
final class SmallPlaneDepthwiseTests: XCTestCase {
    func testFlattenedPlanesMatchDirectLoops() throws {
        try XCTSkipUnless(MatrixKernel.supportedWidths.contains(512), "needs AVX-512")
        var values = TestValues(seed: 7)
        func random(_ count: Int) -> [Float] { values.next(count) }
        let slack = Int(LITSEARCH_SMALL_PLANE_SLACK)
        for (height, width, planes, kernel, channels) in [(7, 7, 4, 5, 3), (7, 7, 1, 3, 2), (1, 1, 3, 5, 2), (2, 9, 2, 3, 3),
                                                          (14, 14, 4, 5, 2), (5, 27, 3, 5, 2), (3, 1, 5, 3, 2), (13, 11, 1, 5, 1)] {
            let total = planes * height * width
            let values = random(channels * total), weights = random(channels * kernel * kernel), bias = random(channels)
            // Garbage around the input: the kernel reads it but must leave it out.
            var buffer = [Float](repeating: .nan, count: slack + values.count + slack)
            buffer.replaceSubrange(slack..<(slack + values.count), with: values)
            var masks = [UInt16](repeating: 0, count: litsearch_small_masks_size(Int32(planes), Int32(height), Int32(width), Int32(kernel)))
            litsearch_small_masks(Int32(planes), Int32(height), Int32(width), Int32(kernel), &masks)
            var output = [Float](repeating: 0, count: channels * total)
            buffer.withUnsafeBufferPointer { buffer in
                litsearch_depthwise512_small(buffer.baseAddress! + slack, Int32(channels), Int32(planes), Int32(height), Int32(width),
                                             Int32(kernel), masks, weights, bias, &output)
            }
            let pad = (kernel - 1) / 2
            for c in 0..<channels {
                for p in 0..<planes {
                    for y in 0..<height {
                        for x in 0..<width {
                            var sum = bias[c]
                            for ky in 0..<kernel {
                                for kx in 0..<kernel {
                                    let iy = y + ky - pad, ix = x + kx - pad
                                    guard iy >= 0, iy < height, ix >= 0, ix < width else { continue }
                                    sum += weights[(c * kernel + ky) * kernel + kx] * values[c * total + (p * height + iy) * width + ix]
                                }
                            }
                            XCTAssertEqual(output[c * total + (p * height + y) * width + x], min(max(sum, 0), 6), accuracy: 1e-4,
                                           "\(height)×\(width)×\(planes) k\(kernel)")
                        }
                    }
                }
            }
        }
    }
}

/// The banded stem + first block against the three layers run one after the other.
final class StemBlockTests: XCTestCase {
    func testBandsMatchTheLayersOneAfterTheOther() throws {
        var values = TestValues(seed: 3)
        func random(_ count: Int) -> [Float] { values.next(count) }
        let pool = BufferPool()
        // Heights that give 1, 2 and 3 bands with a partial last one; widths with vector tails.
        for (height, width, batch) in [(37, 29, 2), (16, 16, 1), (2, 40, 1), (34, 17, 3)] {
            let stem = DenseConvolution(inputChannels: 3, outputChannels: 16, kernel: 3, stride: 2, weights: random(16 * 27),
                                        bias: random(16), activation: .relu6)
            let block = EfficientNetLite.Block(
                expand: nil, depthwise: DepthwiseConvolution(channels: 16, kernel: 3, stride: 1, weights: random(16 * 9), bias: random(16)),
                project: PointwiseConvolution(inputChannels: 16, outputChannels: 8, weights: random(8 * 16), bias: random(8), activation: .none),
                residual: false)
            guard let fused = StemBlock(stem: stem, block: block) else { throw XCTSkip("needs AVX-512") }
            let input = FeatureMap(channels: 3, batch: batch, height: height, width: width, pool: pool)
            let values = random(input.count)
            input.data.update(from: values, count: values.count)
            let separate = block.project(block.depthwise(stem(input, threads: 1), threads: 1), threads: 1)
            for threads in [1, 2] {
                let banded = fused(input, threads: threads)
                XCTAssertEqual(banded.count, separate.count)
                for i in 0..<banded.count {
                    XCTAssertEqual(banded.data[i], separate.data[i], accuracy: 1e-4, "\(height)×\(width) n\(batch), \(threads) threads")
                }
            }
        }
    }
}
