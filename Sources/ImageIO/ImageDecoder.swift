/// Decodes JPEG, PNG, WebP, GIF and BMP data into display-ready RGB pixels.
///
/// The format is recognised from the leading bytes, never from a file name.
/// Decoding applies the EXIF orientation (JPEG APP1, PNG `eXIf`, WebP `EXIF`),
/// composites transparency on white, expands grey, palette and CMYK data to
/// RGB and reduces 16-bit samples to 8 bits. See `docs/preprocessing.md`.
///
/// Safety: the header's dimensions are checked against ``maxPixels`` before any
/// pixel buffer is allocated, and malformed data of any kind produces an
/// ``ImageDecodingError``, never a crash or a process exit.
///
/// Thread safety: a decoder is a plain value; any number of threads may decode
/// at once, with the same or different decoders.
public struct ImageDecoder: Sendable {
    /// Images whose header declares more pixels than this are refused as
    /// `.tooLarge` before their pixels are decoded (decompression bombs).
    public var maxPixels: Int = 100_000_000

    /// Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale in the DCT: the
    /// largest reduction whose shorter side is still at least this many pixels.
    /// Zero or less disables scaling.
    public var minimumShortSide: Int = 224

    /// The most memory a codec library may allocate for one image (libjpeg: a progressive
    /// JPEG keeps every DCT coefficient, 2 bytes per sample at full size). 512 MiB by default: a
    /// 108-MP progressive JPEG (4:2:0) needs about 330 MB of coefficients.
    public var maxDecoderMemory: Int = 512 << 20

    /// Creates a decoder with the default limits.
    public init() {}

    /// Reads only the header: format and stored dimensions.
    ///
    /// - Throws: ``ImageDecodingError`` when the data is empty, unsupported or
    ///   its header is malformed. Pixel data is not examined, and the size limit is
    ///   not applied, so a file that probes may still fail to decode.
    public func probe(_ data: [UInt8]) throws -> ImageInfo {
        try data.withUnsafeBufferPointer { try probe(bytes: $0) }
    }

    /// Reads only the header of the bytes at `bytes` (for memory-mapped files).
    public func probe(bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        let info = try codec(for: bytes).probe(bytes)
        try DecodingLimits.checkNonEmpty(info)
        return info
    }

    /// Decodes the image to RGB, orientation applied and alpha composited on white.
    ///
    /// - Throws: ``ImageDecodingError``.
    public func decode(_ data: [UInt8]) throws -> DecodedImage {
        try data.withUnsafeBufferPointer { try decode(bytes: $0) }
    }

    /// Decodes the bytes at `bytes` (for memory-mapped files).
    public func decode(bytes: UnsafeBufferPointer<UInt8>) throws -> DecodedImage {
        let limits = DecodingLimits(maxPixels: maxPixels, minimumShortSide: minimumShortSide, maxDecoderMemory: maxDecoderMemory)
        return try codec(for: bytes).decode(bytes, limits: limits)
    }

    private func codec(for bytes: UnsafeBufferPointer<UInt8>) throws -> any ImageCodec.Type {
        switch try FormatSniffer.format(of: bytes) {
        case .jpeg: return JPEGCodec.self
        case .png: return PNGCodec.self
        case .webp: return WebPCodec.self
        case .gif: return GIFCodec.self
        case .bmp: return BMPCodec.self
        }
    }
}

/// One format's decoder. Implementations are stateless and thread-safe.
protocol ImageCodec {
    /// Parses the header of data already recognised as this format.
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo
    /// Decodes data already recognised as this format, checking `limits`
    /// against the header before allocating pixels.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage
}

/// The size policy of one decode call.
struct DecodingLimits: Sendable {
    var maxPixels: Int
    var minimumShortSide: Int
    var maxDecoderMemory: Int

    /// Refuses an image that decodes (after DCT scaling) to more than ``maxPixels`` pixels, or
    /// whose stored size exceeds ten times that.
    func check(_ info: ImageInfo, decodedAs decoded: (width: Int, height: Int)) throws {
        try Self.checkNonEmpty(info)
        let stored = info.width.multipliedReportingOverflow(by: info.height)
        let output = decoded.width.multipliedReportingOverflow(by: decoded.height)
        if stored.overflow || output.overflow || output.partialValue > maxPixels || stored.partialValue / 10 > maxPixels {
            let megapixels = Double(info.width) * Double(info.height) / 1e6
            throw ImageDecodingError(
                .tooLarge,
                "\(info.format.displayName) image of \(info.width)x\(info.height) pixels (\(Self.format(megapixels)) MP) "
                    + "exceeds the limit of \(Self.format(Double(maxPixels) / 1e6)) MP decoded (\(decoded.width)x\(decoded.height)), "
                    + "\(Self.format(Double(maxPixels) / 1e5)) MP stored"
            )
        }
    }

    /// Refuses a header with no pixels or more than ``maxPixels`` pixels.
    func check(_ info: ImageInfo) throws {
        try Self.checkNonEmpty(info)
        let (pixels, overflow) = info.width.multipliedReportingOverflow(by: info.height)
        if overflow || pixels > maxPixels {
            let megapixels = Double(info.width) * Double(info.height) / 1e6
            throw ImageDecodingError(
                .tooLarge,
                "\(info.format.displayName) image of \(info.width)x\(info.height) pixels "
                    + "(\(Self.format(megapixels)) MP) exceeds the limit of \(Self.format(Double(maxPixels) / 1e6)) MP"
            )
        }
    }

    /// Refuses a header that declares zero or negative dimensions.
    static func checkNonEmpty(_ info: ImageInfo) throws {
        if info.width <= 0 || info.height <= 0 {
            throw ImageDecodingError.corrupt(info.format, "header declares \(info.width)x\(info.height) pixels")
        }
    }

    /// A megapixel count with at most one decimal.
    private static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}
