/// Makes small JPEG previews of image files, such as a server's `GET /thumb/ID` returns.
///
/// A thumbnail is the display-ready image (EXIF orientation applied, transparency on white, as
/// ``ImageDecoder`` delivers it) reduced to fit a `maxSide × maxSide` box with its aspect ratio
/// kept, and compressed as baseline JPEG. Images that already fit keep their size: nothing is
/// enlarged.
///
/// Large JPEGs are decoded at a reduced DCT scale (1/2, 1/4 or 1/8), the largest whose longer
/// side still reaches `maxSide`, so a 24-MP photo costs a fraction of a full decode; the rest of
/// the reduction uses the ``ResamplingFilter/triangle`` filter, antialiased.
///
/// Thread safety: stateless; any number of threads may make thumbnails at once.
public enum ImageThumbnail {
    /// The filter for the reduction after decoding.
    static let filter = ResamplingFilter.triangle

    /// A JPEG of the image in `bytes`, at most `maxSide` pixels on its longer side.
    ///
    /// - Parameters:
    ///   - bytes: A file in any format ``ImageDecoder`` reads.
    ///   - maxSide: The longest side allowed, in pixels (> 0).
    ///   - quality: JPEG quality in ``JPEGEncoder/qualityRange``; checked before decoding.
    /// - Throws: ``ImageDecodingError`` when `bytes` cannot be decoded, ``ImageEncodingError``
    ///   for a quality out of range.
    /// - Complexity: one decode (reduced in the DCT where possible), then O(decoded pixels +
    ///   output pixels) for resizing and encoding.
    public static func jpeg(from bytes: UnsafeBufferPointer<UInt8>, maxSide: Int = 320, quality: Int = 82) throws -> [UInt8] {
        try JPEGEncoder.check(quality: quality)
        return try JPEGEncoder.encode(image(from: bytes, maxSide: maxSide), quality: quality)
    }

    /// A JPEG of the image in `bytes`; see the overload taking an `UnsafeBufferPointer`.
    public static func jpeg(from bytes: [UInt8], maxSide: Int = 320, quality: Int = 82) throws -> [UInt8] {
        try bytes.withUnsafeBufferPointer { try jpeg(from: $0, maxSide: maxSide, quality: quality) }
    }

    /// The thumbnail's pixels before compression: decoded, oriented, and fitted into `maxSide × maxSide`.
    ///
    /// - Throws: ``ImageDecodingError``.
    static func image(from bytes: UnsafeBufferPointer<UInt8>, maxSide: Int = 320) throws -> RGBImage {
        precondition(maxSide > 0, "maxSide must be positive")
        let info = try ImageDecoder().probe(bytes: bytes)
        let decoded = try decoder(width: info.width, height: info.height, maxSide: maxSide).decode(bytes: bytes).image
        let size = fittedSize(width: decoded.width, height: decoded.height, maxSide: maxSide)
        return decoded.resized(width: size.width, height: size.height, filter: filter)
    }

    /// A decoder whose DCT scaling keeps the longer side of a `width × height` JPEG at least
    /// `min(maxSide, longer side)` pixels, reducing as far as that allows.
    ///
    /// ``ImageDecoder/minimumShortSide`` speaks of the shorter side, so the wanted denominator is
    /// found from the longer side and turned into the shorter side it gives. A very thin image
    /// (shorter side of a few pixels) can give the same shorter side at a larger denominator,
    /// which would cut the longer side below `maxSide`; such images are decoded at full size.
    static func decoder(width: Int, height: Int, maxSide: Int) -> ImageDecoder {
        let long = max(width, height), short = min(width, height)
        let target = min(maxSide, long)
        var decoder = ImageDecoder()
        decoder.minimumShortSide = 0 // full size unless a reduction below fits
        if let denominator = [8, 4, 2].first(where: { (long + $0 - 1) / $0 >= target }) {
            let shortSide = (short + denominator - 1) / denominator
            if JPEGCodec.scaleDenominator(width: width, height: height, minimumShortSide: shortSide) == denominator {
                decoder.minimumShortSide = shortSide
            }
        }
        return decoder
    }

    /// The size of a `width × height` image fitted into `maxSide × maxSide`, aspect ratio kept
    /// (the shorter side rounded to the nearest pixel, at least 1); never larger than it was.
    static func fittedSize(width: Int, height: Int, maxSide: Int) -> (width: Int, height: Int) {
        let long = max(width, height)
        guard long > maxSide else { return (width, height) }
        func scaled(_ side: Int) -> Int {
            side == long ? maxSide : max(1, min(maxSide, Int((Double(side) * Double(maxSide) / Double(long)).rounded())))
        }
        return (scaled(width), scaled(height))
    }
}
