import CImageShims

/// Compresses RGB images to JPEG through libjpeg-turbo, via the error-safe call in `CImageShims`.
///
/// The output is a baseline JFIF file: YCbCr with 4:2:0 chroma subsampling and optimised
/// Huffman tables. It carries no EXIF block, so the pixels are shown exactly as stored, which is
/// what images from ``ImageDecoder`` (orientation already applied) need.
///
/// Thread safety: stateless; any number of threads may encode at once.
public enum JPEGEncoder {
    /// The quality settings accepted, libjpeg's scale (quality 50 uses the standard's example tables).
    public static let qualityRange = 1...100

    /// The longest side a JPEG can have in libjpeg (`JPEG_MAX_DIMENSION`).
    public static let maxDimension = 65_500

    /// Compresses `image` at `quality` (1...100; 75–90 is usual for photographs).
    ///
    /// - Throws: ``ImageEncodingError``: `.invalidQuality` outside ``qualityRange`` (not clamped,
    ///   so a caller's mistake shows), `.emptyImage` for a side of 0, `.tooLarge` past
    ///   ``maxDimension`` or when memory runs out, `.failed` for any other libjpeg error.
    /// - Complexity: O(width × height).
    public static func encode(_ image: RGBImage, quality: Int = 85) throws -> [UInt8] {
        try check(quality: quality)
        guard image.width > 0 && image.height > 0 else {
            throw ImageEncodingError(.emptyImage, "cannot encode a \(image.width)x\(image.height) image as JPEG")
        }
        guard image.width <= maxDimension && image.height <= maxDimension else {
            throw ImageEncodingError(.tooLarge, "image of \(image.width)x\(image.height) pixels exceeds JPEG's "
                                         + "limit of \(maxDimension) pixels a side")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 200)
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            message.withUnsafeMutableBufferPointer { text in
                lsj_encode_rgb(pixels.baseAddress, UInt32(image.width), UInt32(image.height), Int32(quality),
                               &output, &size, text.baseAddress, text.count)
            }
        }
        defer { lsj_free_encoded(output) }
        guard status == LSJ_OK, let output else {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw ImageEncodingError(status == LSJ_TOO_LARGE ? .tooLarge : .failed, "JPEG encoding failed: \(reason)")
        }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Refuses a quality outside ``qualityRange``.
    static func check(quality: Int) throws {
        guard qualityRange.contains(quality) else {
            throw ImageEncodingError(.invalidQuality, "JPEG quality \(quality) is outside \(qualityRange)")
        }
    }
}
