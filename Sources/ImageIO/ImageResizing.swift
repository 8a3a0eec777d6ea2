extension RGBImage {
    /// This image resampled to exactly `width × height` with `filter`, antialiased when reducing.
    ///
    /// Uses the same taps as ``Preprocessor`` (see ``ResamplingTaps``), over the whole image
    /// instead of a centre crop, so the aspect ratio is the caller's choice. An axis whose length
    /// does not change passes through bit for bit; results are rounded to the nearest integer.
    ///
    /// - Precondition: this image and the requested size are non-empty.
    /// - Complexity: O(height′ × self.width × vertical taps + height′ × width′ × horizontal taps),
    ///   where taps ≈ 2 · support · max(1, reduction factor).
    func resized(width: Int, height: Int, filter: ResamplingFilter) -> RGBImage {
        precondition(self.width > 0 && self.height > 0 && width > 0 && height > 0, "cannot resize an empty image")
        if width == self.width && height == self.height { return self }
        let columns = ResamplingTaps(sourceLength: self.width, resizedLength: width, cropOffset: 0,
                                     outputLength: width, filter: filter)
        let rows = ResamplingTaps(sourceLength: self.height, resizedLength: height, cropOffset: 0,
                                  outputLength: height, filter: filter)
        let sourceWidth = self.width
        let result = [UInt8](unsafeUninitializedCapacity: width * height * 3) { output, initialized in
            pixels.withUnsafeBufferPointer { source in
                Self.resample(source, width: sourceWidth, rows: rows, columns: columns, into: output)
            }
            initialized = width * height * 3
        }
        return RGBImage(width: width, height: height, pixels: result)
    }

    /// Vertical pass into one row of floats per output row, then horizontal pass into bytes.
    private static func resample(_ source: UnsafeBufferPointer<UInt8>, width: Int, rows: ResamplingTaps,
                                 columns: ResamplingTaps, into output: UnsafeMutableBufferPointer<UInt8>) {
        let rowFloats = width * 3
        let outputWidth = columns.count.count
        let row = UnsafeMutableBufferPointer<Float>.allocate(capacity: rowFloats)
        defer { row.deallocate() }

        for y in 0..<rows.count.count {
            rows.accumulate(y, rowsOf: source.baseAddress!, rowStride: rowFloats, into: row)
            var o = y * outputWidth * 3
            for x in 0..<outputWidth {
                let (r, g, b) = columns.rgb(x, of: row)
                output[o] = byte(r)
                output[o + 1] = byte(g)
                output[o + 2] = byte(b)
                o += 3
            }
        }
    }

    /// `value` rounded to the nearest byte (weights sum to 1 only up to float error, and bicubic overshoots).
    private static func byte(_ value: Float) -> UInt8 {
        UInt8(min(max(value.rounded(), 0), 255))
    }
}
