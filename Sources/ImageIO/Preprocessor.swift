/// Turns an ``RGBImage`` into the image tower's input tensor.
///
/// The pipeline, documented in `docs/preprocessing.md`:
/// 1. Resize so the shorter side is ``size`` pixels, keeping the aspect ratio
///    (longer side rounded to the nearest pixel), with an antialiased
///    ``filter``.
/// 2. Crop the central `size × size` square (offset `(resized − size) / 2`,
///    rounded down).
/// 3. Normalise each channel `c` to `(value − mean[c]) / std[c]`, with values
///    in 0...255 units.
/// 4. Store planar CHW Float32: all red values row by row, then green, then blue.
///
/// An image that already is `size × size` passes through resizing unchanged,
/// bit for bit. Only the output pixels inside the crop are ever computed.
///
/// Thread safety: a preprocessor is an immutable value; use it from any thread.
public struct Preprocessor: Sendable {
    /// Side of the square output in pixels.
    public var size: Int
    /// Per-channel (R, G, B) mean subtracted, in 0...255 units.
    public var mean: [Float]
    /// Per-channel (R, G, B) divisor, in 0...255 units.
    public var std: [Float]
    /// The resampling kernel (antialiased when reducing).
    public var filter: ResamplingFilter

    /// Mean of the default normalisation, which maps 0...255 to about −1...1.
    public static let defaultMean: [Float] = [127, 127, 127]
    /// Standard deviation of the default normalisation.
    public static let defaultStd: [Float] = [128, 128, 128]

    /// Creates a preprocessor; `mean` and `std` must have three positive-std entries.
    public init(size: Int = 224, mean: [Float] = Preprocessor.defaultMean, std: [Float] = Preprocessor.defaultStd,
                filter: ResamplingFilter = .triangle) {
        precondition(size > 0, "size must be positive")
        precondition(mean.count == 3 && std.count == 3, "mean and std need one value per RGB channel")
        precondition(std.allSatisfy { $0 != 0 }, "std must not be zero")
        self.size = size
        self.mean = mean
        self.std = std
        self.filter = filter
    }

    /// Number of floats in one tensor: `3 × size × size`.
    public var tensorCount: Int { 3 * size * size }

    /// The input tensor for `image`, planar CHW.
    ///
    /// - Complexity: O(size × (cropped source width) × vertical taps + size² × horizontal taps).
    public func tensor(from image: RGBImage) -> [Float] {
        [Float](unsafeUninitializedCapacity: tensorCount) { buffer, initialized in
            tensor(from: image, into: buffer)
            initialized = tensorCount
        }
    }

    /// Writes the input tensor for `image` into `output`, planar CHW.
    ///
    /// Use this to fill one slot of a batch buffer without copying.
    /// - Precondition: `output.count >= tensorCount`; only the first `tensorCount` floats are written.
    public func tensor(from image: RGBImage, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count >= tensorCount, "output holds \(output.count) floats, needs \(tensorCount)")
        precondition(image.width > 0 && image.height > 0, "cannot preprocess an empty image")
        precondition(mean.count == 3 && std.count == 3, "mean and std need one value per RGB channel")
        let geometry = CropGeometry(width: image.width, height: image.height, size: size)
        let columns = ResamplingTaps(sourceLength: image.width, resizedLength: geometry.resizedWidth,
                                     cropOffset: geometry.offsetX, outputLength: size, filter: filter)
        let rows = ResamplingTaps(sourceLength: image.height, resizedLength: geometry.resizedHeight,
                                  cropOffset: geometry.offsetY, outputLength: size, filter: filter)
        image.pixels.withUnsafeBufferPointer { pixels in
            resample(pixels, width: image.width, rows: rows, columns: columns, into: output)
        }
    }

    /// The resized and cropped image before normalisation, rounded to 8 bits.
    ///
    /// For inspection and tests; ``tensor(from:)`` does not round.
    public func resizedAndCropped(_ image: RGBImage) -> RGBImage {
        let plain = Preprocessor(size: size, mean: [0, 0, 0], std: [1, 1, 1], filter: filter)
        let planes = plain.tensor(from: image)
        let plane = size * size
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        for p in 0..<plane {
            for c in 0..<3 {
                pixels[p * 3 + c] = UInt8(max(0, min(255, planes[c * plane + p].rounded())))
            }
        }
        return RGBImage(width: size, height: size, pixels: pixels)
    }

    /// Vertical pass into one row of floats, then horizontal pass straight
    /// into the normalised output planes.
    private func resample(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, rows: ResamplingTaps,
                          columns: ResamplingTaps, into output: UnsafeMutableBufferPointer<Float>) {
        let firstColumn = columns.sourceRange.lowerBound
        let rowFloats = columns.sourceRange.count * 3
        let plane = size * size
        let clamps = filter.overshoots
        let mean = (self.mean[0], self.mean[1], self.mean[2])
        let std = (self.std[0], self.std[1], self.std[2])
        let row = UnsafeMutableBufferPointer<Float>.allocate(capacity: rowFloats)
        defer { row.deallocate() }

        for y in 0..<size {
            // Vertical: row = Σ w · source row, over the needed columns only.
            rows.accumulate(y, rowsOf: pixels.baseAddress! + firstColumn * 3, rowStride: width * 3, into: row)
            // Horizontal: gather taps per output pixel and normalise.
            for x in 0..<size {
                var (r, g, b) = columns.rgb(x, of: row, firstColumn: firstColumn)
                if clamps {
                    r = min(max(r, 0), 255)
                    g = min(max(g, 0), 255)
                    b = min(max(b, 0), 255)
                }
                let index = y * size + x
                output[index] = (r - mean.0) / std.0
                output[plane + index] = (g - mean.1) / std.1
                output[2 * plane + index] = (b - mean.2) / std.2
            }
        }
    }
}

/// Where the shorter-side resize and the centre crop put the image.
struct CropGeometry: Equatable {
    init(resizedWidth: Int, resizedHeight: Int, offsetX: Int, offsetY: Int) {
        self.resizedWidth = resizedWidth
        self.resizedHeight = resizedHeight
        self.offsetX = offsetX
        self.offsetY = offsetY
    }

    let resizedWidth: Int
    let resizedHeight: Int
    let offsetX: Int
    let offsetY: Int

    /// Geometry for a `width × height` image and a `size × size` output.
    init(width: Int, height: Int, size: Int) {
        let shortSide = min(width, height)
        func resized(_ side: Int) -> Int {
            side == shortSide ? size : max(size, Int((Double(side) * Double(size) / Double(shortSide)).rounded()))
        }
        resizedWidth = resized(width)
        resizedHeight = resized(height)
        offsetX = (resizedWidth - size) / 2
        offsetY = (resizedHeight - size) / 2
    }
}
