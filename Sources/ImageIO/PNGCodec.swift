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
/// Output is requested as RGBA and flattened on white here, so every format
/// composites alpha the same way. An `eXIf` chunk's orientation is applied.
enum PNGCodec: ImageCodec {
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        var image = try beginRead(bytes)
        png_image_free(&image)
        return ImageInfo(format: .png, width: Int(image.width), height: Int(image.height))
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage {
        var image = try beginRead(bytes)
        let info = ImageInfo(format: .png, width: Int(image.width), height: Int(image.height))
        do {
            try limits.check(info)
        } catch {
            png_image_free(&image)
            throw error
        }
        image.format = PNGFormat.rgba
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)

        let pixelCount = info.width * info.height
        var rgba = [UInt8](repeating: 0, count: pixelCount * 4)
        let finished = rgba.withUnsafeMutableBytes { buffer in
            // Row stride 0 means "packed rows"; finish_read frees the image either way.
            png_image_finish_read(&image, nil, buffer.baseAddress, 0, nil)
        }
        guard finished != 0 else { throw error(from: &image) }

        let rgb = rgba.withUnsafeBufferPointer { compositeOnWhite(rgba: $0, pixelCount: pixelCount) }
        let orientation = exifChunk(in: bytes).flatMap(Orientation.init(exif:)) ?? .up
        let decoded = RGBImage(width: info.width, height: info.height, pixels: rgb).applying(orientation)
        return DecodedImage(info: info, image: decoded)
    }

    /// Reads the signature, IHDR and the chunks before the first IDAT.
    private static func beginRead(_ bytes: UnsafeBufferPointer<UInt8>) throws -> png_image {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
            throw error(from: &image)
        }
        return image
    }

    /// Turns libpng's failure message into an error and releases the image.
    private static func error(from image: inout png_image) -> ImageDecodingError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
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
    static let rgba = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
}
