/// A small decoder for uncompressed Windows bitmaps.
///
/// Supported: BITMAPINFOHEADER and its later versions (V2–V5), bottom-up
/// (positive height) and top-down (negative height) rows, 1/4/8-bit palette
/// images, 16-bit (5-5-5 or bit fields), 24-bit BGR and 32-bit (BGRX, or bit
/// fields whose alpha mask, if any, is composited on white). OS/2 headers,
/// RLE and embedded JPEG/PNG compression are refused as `.unsupportedFormat`.
enum BMPCodec: ImageCodec {
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        try BMPHeader(bytes).info
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage {
        let header = try BMPHeader(bytes)
        try limits.check(header.info)
        let width = header.width, height = header.height
        let rowBytes = (width * header.bitsPerPixel + 31) / 32 * 4
        let (needed, overflow) = rowBytes.multipliedReportingOverflow(by: height)
        guard !overflow, header.pixelOffset <= bytes.count, needed <= bytes.count - header.pixelOffset else {
            throw ImageDecodingError.truncated(.bmp, "pixel data needs \(rowBytes * height) bytes")
        }
        let palette = try header.bitsPerPixel <= 8 ? readPalette(bytes, header: header) : []
        let masks = header.masks

        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        rgb.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let storedRow = header.topDown ? y : height - 1 - y
                let row = UnsafeBufferPointer(rebasing: bytes[(header.pixelOffset + storedRow * rowBytes)...])
                let target = y * width * 3
                switch header.bitsPerPixel {
                case 1, 4, 8:
                    decodeIndexedRow(row, bits: header.bitsPerPixel, width: width, palette: palette, into: out, at: target)
                case 24:
                    for x in 0..<width {
                        out[target + x * 3] = row[x * 3 + 2]
                        out[target + x * 3 + 1] = row[x * 3 + 1]
                        out[target + x * 3 + 2] = row[x * 3]
                    }
                default:
                    decodeMaskedRow(row, bytesPerPixel: header.bitsPerPixel / 8, width: width, masks: masks,
                                    into: out, at: target)
                }
            }
        }
        return DecodedImage(info: header.info, image: RGBImage(width: width, height: height, pixels: rgb))
    }

    /// Reads the BGRX colour table; indices past its end decode as black.
    private static func readPalette(_ bytes: UnsafeBufferPointer<UInt8>, header: BMPHeader) throws -> [UInt8] {
        let maxEntries = 1 << header.bitsPerPixel
        let entries = header.paletteCount == 0 ? maxEntries : min(header.paletteCount, maxEntries)
        guard header.paletteOffset + entries * 4 <= bytes.count else {
            throw ImageDecodingError.truncated(.bmp, "colour table cut short")
        }
        var palette = [UInt8](repeating: 0, count: maxEntries * 3)
        for i in 0..<entries {
            let entry = header.paletteOffset + i * 4
            palette[i * 3] = bytes[entry + 2]
            palette[i * 3 + 1] = bytes[entry + 1]
            palette[i * 3 + 2] = bytes[entry]
        }
        return palette
    }

    private static func decodeIndexedRow(_ row: UnsafeBufferPointer<UInt8>, bits: Int, width: Int, palette: [UInt8],
                                         into out: UnsafeMutableBufferPointer<UInt8>, at target: Int) {
        let perByte = 8 / bits
        let mask = (1 << bits) - 1
        for x in 0..<width {
            let byte = Int(row[x / perByte])
            let shift = 8 - bits * (x % perByte + 1)
            let index = (byte >> shift) & mask
            out[target + x * 3] = palette[index * 3]
            out[target + x * 3 + 1] = palette[index * 3 + 1]
            out[target + x * 3 + 2] = palette[index * 3 + 2]
        }
    }

    private static func decodeMaskedRow(_ row: UnsafeBufferPointer<UInt8>, bytesPerPixel: Int, width: Int,
                                        masks: BMPHeader.Masks, into out: UnsafeMutableBufferPointer<UInt8>,
                                        at target: Int) {
        for x in 0..<width {
            var value: UInt32 = 0
            for i in 0..<bytesPerPixel {
                value |= UInt32(row[x * bytesPerPixel + i]) << (8 * i)
            }
            let alpha = masks.alpha == 0 ? 255 : UInt32(BMPHeader.Masks.extract(value, masks.alpha))
            let background = 255 * (255 - alpha)
            for (c, mask) in [masks.red, masks.green, masks.blue].enumerated() {
                let channel = UInt32(BMPHeader.Masks.extract(value, mask))
                out[target + x * 3 + c] = UInt8((channel * alpha + background + 127) / 255)
            }
        }
    }
}
