import CWebP

/// WebP decoding through libwebp's advanced API.
///
/// Lossy and lossless still images are decoded straight into a buffer of
/// ours, as RGB, or as RGBA that is then flattened on white. Animated WebP is refused as unsupported
/// (libwebp's simple decoder has no frame access). The orientation in an
/// `EXIF` chunk is applied.
enum WebPCodec: ImageCodec {
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        let features = try features(of: bytes)
        return ImageInfo(format: .webp, width: Int(features.width), height: Int(features.height))
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage {
        var config = WebPDecoderConfig()
        guard WebPInitDecoderConfig(&config) != 0 else {
            throw ImageDecodingError.corrupt(.webp, "libwebp version mismatch")
        }
        config.input = try features(of: bytes)
        let info = ImageInfo(format: .webp, width: Int(config.input.width), height: Int(config.input.height))
        try limits.check(info)
        if config.input.has_animation != 0 {
            throw ImageDecodingError.unsupported(.webp, "animation")
        }

        // Opaque images are decoded straight to RGB; others to RGBA, then flattened.
        let hasAlpha = config.input.has_alpha != 0
        let channels = hasAlpha ? 4 : 3
        let pixelCount = info.width * info.height
        var samples = [UInt8](repeating: 0, count: pixelCount * channels)
        let status = samples.withUnsafeMutableBufferPointer { buffer -> VP8StatusCode in
            config.output.colorspace = hasAlpha ? MODE_RGBA : MODE_RGB
            config.output.is_external_memory = 1
            config.output.u.RGBA.rgba = buffer.baseAddress
            config.output.u.RGBA.stride = Int32(info.width * channels)
            config.output.u.RGBA.size = buffer.count
            let status = WebPDecode(bytes.baseAddress, bytes.count, &config)
            WebPFreeDecBuffer(&config.output) // external memory: frees nothing of ours
            return status
        }
        guard status == VP8_STATUS_OK else { throw error(status) }

        let rgb = hasAlpha ? samples.withUnsafeBufferPointer { compositeOnWhite(rgba: $0, pixelCount: pixelCount) } : samples
        let orientation = exifChunk(in: bytes).flatMap(Orientation.init(exif:)) ?? .up
        let image = RGBImage(width: info.width, height: info.height, pixels: rgb).applying(orientation)
        return DecodedImage(info: info, image: image)
    }

    private static func features(of bytes: UnsafeBufferPointer<UInt8>) throws -> WebPBitstreamFeatures {
        var features = WebPBitstreamFeatures()
        let status = WebPGetFeatures(bytes.baseAddress, bytes.count, &features)
        guard status == VP8_STATUS_OK else { throw error(status) }
        return features
    }

    private static func error(_ status: VP8StatusCode) -> ImageDecodingError {
        switch status {
        case VP8_STATUS_NOT_ENOUGH_DATA:
            return .truncated(.webp, "not enough data")
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            return .unsupported(.webp, "an unsupported feature")
        case VP8_STATUS_OUT_OF_MEMORY:
            return .corrupt(.webp, "out of memory")
        default:
            return .corrupt(.webp, "invalid bitstream (libwebp status \(status.rawValue))")
        }
    }

    /// The payload of the RIFF `EXIF` chunk, if the file has one.
    ///
    /// - Complexity: O(number of chunks).
    static func exifChunk(in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let reader = ByteReader(bytes, bigEndian: false)
        var offset = 12
        while let length = reader.u32(offset + 4).map(Int.init), offset + 8 + length <= bytes.count {
            if reader.matches([UInt8](ascii: "EXIF"), at: offset) {
                return UnsafeBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
            }
            offset += 8 + length + (length & 1) // chunks are padded to even sizes
        }
        return nil
    }
}
