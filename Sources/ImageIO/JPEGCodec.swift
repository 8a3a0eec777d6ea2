import CImageShims

/// JPEG decoding through libjpeg-turbo, via the error-safe session in `CImageShims`.
///
/// - Large images are decoded at a reduced DCT scale (see ``scaleDenominator(width:height:minimumShortSide:)``),
///   which is several times faster than decoding at full size and resizing.
/// - Grey and YCbCr data come out as RGB; CMYK and YCCK data are converted
///   with the naive formula `r = (1 − c)(1 − k)`, treating data from files with an
///   Adobe APP14 marker as inverted (as Photoshop writes it).
/// - The EXIF orientation in APP1 is applied.
/// - Data that ends before the EOI marker is an error of kind `.truncated`,
///   even when libjpeg could pad the rest of the image with grey.
enum JPEGCodec: ImageCodec {
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        let session = try JPEGSession(bytes)
        defer { session.close() }
        return try info(of: session.readHeader())
    }

    /// The pixel limit applies to the decoded (DCT-scaled) size, so a 108-MP phone photo decodes
    /// at 1/8 scale; libjpeg's own allocations are capped by `limits.maxDecoderMemory` (a
    /// progressive file holds the full image's coefficients), and headers past ten times the
    /// pixel limit are refused outright, as decoding their data would take seconds.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage {
        let session = try JPEGSession(bytes)
        defer { session.close() }
        session.limitMemory(to: limits.maxDecoderMemory)
        let header = try session.readHeader()
        let info = try info(of: header)
        let denominator = scaleDenominator(width: info.width, height: info.height, minimumShortSide: limits.minimumShortSide)
        try limits.check(info, decodedAs: ((info.width + denominator - 1) / denominator, (info.height + denominator - 1) / denominator))
        let exif = session.exif()
        let orientation = exif.flatMap { Orientation(exif: $0) } ?? .up
        let captured = exif.flatMap { CaptureDate.parse(exif: $0) }

        let output = try session.start(scaleDenominator: denominator)
        var samples = [UInt8](repeating: 0, count: output.width * output.height * output.components)
        try samples.withUnsafeMutableBufferPointer { buffer in
            try session.readRows(into: buffer, rowStride: output.width * output.components)
        }
        try session.finish()

        let rgb: [UInt8]
        if output.components == 4 {
            rgb = samples.withUnsafeBufferPointer {
                convertCMYK($0, pixelCount: output.width * output.height, inverted: header.saw_adobe_marker != 0)
            }
        } else {
            rgb = samples
        }
        let image = RGBImage(width: output.width, height: output.height, pixels: rgb).applying(orientation)
        return DecodedImage(info: info, image: image, capturedAt: captured)
    }

    /// The DCT scale denominator (1, 2, 4 or 8) for an image of `width`×`height`:
    /// the largest reduction whose shorter output side is still ≥ `minimumShortSide`.
    ///
    /// libjpeg rounds scaled sizes up, so 1/d of side `s` is `⌈s/d⌉` pixels.
    static func scaleDenominator(width: Int, height: Int, minimumShortSide: Int) -> Int {
        guard minimumShortSide > 0 else { return 1 }
        let shortSide = min(width, height)
        for denominator in [8, 4, 2] where (shortSide + denominator - 1) / denominator >= minimumShortSide {
            return denominator
        }
        return 1
    }

    private static func info(of header: lsj_header) throws -> ImageInfo {
        ImageInfo(format: .jpeg, width: Int(header.width), height: Int(header.height))
    }

    /// Converts 4-component CMYK samples to RGB.
    ///
    /// With `inverted` (Adobe files) a stored 0 means full ink, so the red
    /// channel is simply `c·k/255`; otherwise it is `(255−c)(255−k)/255`.
    ///
    /// - Complexity: O(pixelCount).
    static func convertCMYK(_ cmyk: UnsafeBufferPointer<UInt8>, pixelCount: Int, inverted: Bool) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pixelCount * 3) { rgb, initialized in
            for p in 0..<pixelCount {
                var k = UInt32(cmyk[p * 4 + 3])
                if !inverted { k = 255 - k }
                for c in 0..<3 {
                    var ink = UInt32(cmyk[p * 4 + c])
                    if !inverted { ink = 255 - ink }
                    rgb[p * 3 + c] = UInt8((ink * k + 127) / 255)
                }
            }
            initialized = pixelCount * 3
        }
    }
}

/// One libjpeg decompression, as a Swift object that turns C statuses into errors.
///
/// Not thread-safe by itself; each decode call owns its session.
private final class JPEGSession {
    private let handle: OpaquePointer
    /// The cap set by `limitMemory(to:)`, for the message when it is hit.
    private var memoryLimit = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, let handle = lsj_create(base, bytes.count) else {
            throw ImageDecodingError(.corrupt, "out of memory starting the JPEG decoder")
        }
        self.handle = handle
    }

    /// Releases libjpeg's memory; call exactly once.
    func close() {
        lsj_destroy(handle)
    }

    func readHeader() throws -> lsj_header {
        var header = lsj_header()
        try check(lsj_read_header(handle, &header))
        return header
    }

    /// The first EXIF APP1 segment's payload, if any (valid while the session is open).
    func exif() -> UnsafeBufferPointer<UInt8>? {
        var payload: UnsafePointer<UInt8>?
        let length = lsj_exif(handle, &payload)
        guard length > 0, let payload else { return nil }
        return UnsafeBufferPointer(start: payload, count: length)
    }

    func start(scaleDenominator: Int) throws -> (width: Int, height: Int, components: Int) {
        var width: UInt32 = 0, height: UInt32 = 0
        var components: Int32 = 0
        try check(lsj_start(handle, UInt32(scaleDenominator), &width, &height, &components))
        guard components == 3 || components == 4 else {
            throw ImageDecodingError.unsupported(.jpeg, "\(components) output components")
        }
        return (Int(width), Int(height), Int(components))
    }

    func readRows(into buffer: UnsafeMutableBufferPointer<UInt8>, rowStride: Int) throws {
        guard let base = buffer.baseAddress else { return }
        try check(lsj_read_rows(handle, base, rowStride))
    }

    func finish() throws {
        try check(lsj_finish(handle))
    }

    /// Caps libjpeg's allocations for this image.
    func limitMemory(to bytes: Int) {
        memoryLimit = bytes
        lsj_set_memory_limit(handle, bytes)
    }

    private func check(_ status: lsj_status) throws {
        guard status != LSJ_OK else { return }
        let message = String(cString: lsj_message(handle))
        if status == LSJ_TRUNCATED {
            throw ImageDecodingError.truncated(.jpeg, message)
        }
        if status == LSJ_TOO_LARGE {
            throw ImageDecodingError(.tooLarge, "JPEG image needs more than the \(memoryLimit / 1_000_000) MB its decoder may use (\(message))")
        }
        if message.hasPrefix("Unsupported") || message.hasPrefix("Requested features are incompatible") {
            throw ImageDecodingError(.unsupportedFormat, "JPEG image with unsupported features: \(message)")
        }
        if message.hasPrefix("Maximum supported image dimension") {
            throw ImageDecodingError(.tooLarge, "JPEG image too large: \(message)")
        }
        throw ImageDecodingError.corrupt(.jpeg, message)
    }
}
