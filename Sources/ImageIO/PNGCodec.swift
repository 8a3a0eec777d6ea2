import CPNG

/// PNG decoding through libpng's simplified API (`png_image`).
///
/// libpng's simplified API runs every libpng call behind its own
/// `setjmp`, so errors come back as a status and a message and no Swift frame
/// is ever unwound. It expands palette, grey, grey+alpha and `tRNS` data,
/// de-interlaces, and converts 16-bit samples to 8-bit sRGB. 16-bit files
/// without colour-space chunks are taken to be sRGB-encoded (as viewers do),
/// not linear (libpng's default).
///
/// Images with alpha (or `tRNS`) are read as RGBA and flattened on white here,
/// so every format composites alpha the same way; others are read as RGB. An `eXIf` chunk's orientation is applied.
enum PNGCodec: ImageCodec {
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        try withPNGImage(bytes) { image in
            ImageInfo(format: .png, width: Int(image.pointee.width), height: Int(image.pointee.height))
        }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage {
        // Refuse a decompression bomb from its IHDR alone: libpng reads on to the first IDAT
        // before it reports the size, and a bomb may be nothing but a header.
        if let declared = headerInfo(bytes) { try limits.check(declared) }
        let (info, samples, hasAlpha) = try withPNGImage(bytes) { image -> (ImageInfo, [UInt8], Bool) in
            let info = ImageInfo(format: .png, width: Int(image.pointee.width), height: Int(image.pointee.height))
            try limits.check(info)
            // Files without alpha or tRNS are read as RGB directly, skipping compositing.
            let hasAlpha = image.pointee.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
            image.pointee.format = hasAlpha ? PNGFormat.rgba : PNGFormat.rgb
            image.pointee.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
            var samples = [UInt8](repeating: 0, count: info.width * info.height * (hasAlpha ? 4 : 3))
            let finished = samples.withUnsafeMutableBytes { buffer in
                png_image_finish_read(image, nil, buffer.baseAddress, 0, nil) // stride 0: packed rows
            }
            guard finished != 0 else { throw error(from: image) }
            return (info, samples, hasAlpha)
        }
        let pixelCount = info.width * info.height
        let rgb = hasAlpha ? samples.withUnsafeBufferPointer { compositeOnWhite(rgba: $0, pixelCount: pixelCount) } : samples
        let orientation = exifChunk(in: bytes).flatMap(Orientation.init(exif:)) ?? .up
        let decoded = RGBImage(width: info.width, height: info.height, pixels: rgb).applying(orientation)
        return DecodedImage(info: info, image: decoded)
    }

    /// Reads the signature, IHDR and the chunks before the first IDAT, then runs `body`.
    ///
    /// libpng keeps the `png_image`'s address as its I/O handle, so the struct
    /// lives at a fixed heap address from `begin_read` to `finish_read`, and it is
    /// freed on every path.
    private static func withPNGImage<T>(_ bytes: UnsafeBufferPointer<UInt8>,
                                        _ body: (UnsafeMutablePointer<png_image>) throws -> T) throws -> T {
        let image = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
        image.initialize(to: png_image())
        defer {
            png_image_free(image) // no-op once finish_read or a failure has freed it
            image.deallocate()
        }
        image.pointee.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_memory(image, bytes.baseAddress, bytes.count) != 0 else {
            throw error(from: image)
        }
        return try body(image)
    }

    /// Width and height from the IHDR chunk, which must come first, read without libpng.
    static func headerInfo(_ bytes: UnsafeBufferPointer<UInt8>) -> ImageInfo? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func bigEndian(_ offset: Int) -> Int {
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
        }
        return ImageInfo(format: .png, width: bigEndian(16), height: bigEndian(20))
    }

    /// Turns libpng's failure message into an error.
    private static func error(from image: UnsafeMutablePointer<png_image>) -> ImageDecodingError {
        let message = withUnsafeBytes(of: image.pointee.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        // libpng's memory reader says "read beyond end of data" when the file is cut short.
        if message.contains("end of data") || message.contains("Not enough image data") {
            return .truncated(.png, message)
        }
        if message.contains("unsupported") || message.contains("Unsupported") {
            return ImageDecodingError(.unsupportedFormat, "PNG image with unsupported features: \(message)")
        }
        return .corrupt(.png, message.isEmpty ? "libpng reported an error" : message)
    }

    /// The payload of the `eXIf` chunk, if the file has one.
    ///
    /// - Complexity: O(number of chunks); chunk data is skipped, not read.
    static func exifChunk(in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let reader = ByteReader(bytes, bigEndian: true)
        var offset = 8
        while let length = reader.u32(offset).map(Int.init), offset + 12 + length <= bytes.count {
            let type = offset + 4
            if reader.matches([UInt8](ascii: "eXIf"), at: type) {
                return UnsafeBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
            }
            if reader.matches([UInt8](ascii: "IEND"), at: type) { return nil }
            offset += 12 + length
        }
        return nil
    }
}

/// `png_image` format codes, spelled out because Swift does not import
/// compound macros reliably.
private enum PNGFormat {
    static let rgb = UInt32(PNG_FORMAT_FLAG_COLOR)
    static let rgba = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
}
