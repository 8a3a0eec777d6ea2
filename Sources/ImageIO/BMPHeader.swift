/// The parsed file and DIB headers of a Windows bitmap.
struct BMPHeader {
    /// Channel bit masks of 16- and 32-bit pixels (little-endian pixel values).
    struct Masks {
        var red: UInt32, green: UInt32, blue: UInt32, alpha: UInt32

        /// Scales the bits of `value` under `mask` to 0...255.
        static func extract(_ value: UInt32, _ mask: UInt32) -> UInt8 {
            guard mask != 0 else { return 0 }
            let shift = UInt32(mask.trailingZeroBitCount)
            let maximum = UInt64(mask >> shift)
            let raw = UInt64((value & mask) >> shift)
            return UInt8((raw * 255 + maximum / 2) / maximum)
        }
    }

    let width: Int
    let height: Int
    let topDown: Bool
    let bitsPerPixel: Int
    let pixelOffset: Int
    let paletteOffset: Int
    let paletteCount: Int
    let masks: Masks

    var info: ImageInfo { ImageInfo(format: .bmp, width: width, height: height) }

    /// Parses and validates the headers, refusing unsupported variants.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let reader = ByteReader(bytes, bigEndian: false)
        guard let pixelOffset = reader.u32(10), let headerSize = reader.u32(14) else {
            throw ImageDecodingError.truncated(.bmp, "file header cut short")
        }
        if headerSize == 12 || headerSize == 64 {
            throw ImageDecodingError.unsupported(.bmp, "an OS/2 header")
        }
        guard [40, 52, 56, 108, 124].contains(headerSize) else {
            throw ImageDecodingError.corrupt(.bmp, "unknown header size \(headerSize)")
        }
        guard let width = reader.i32(18), let height = reader.i32(22), let bits = reader.u16(28),
              let compression = reader.u32(30), let colorsUsed = reader.u32(46) else {
            throw ImageDecodingError.truncated(.bmp, "info header cut short")
        }
        guard width > 0, height != 0, height != Int32.min else {
            throw ImageDecodingError.corrupt(.bmp, "header declares \(width)x\(height) pixels")
        }
        self.width = Int(width)
        self.height = Int(height.magnitude)
        topDown = height < 0
        bitsPerPixel = Int(bits)
        self.pixelOffset = Int(pixelOffset)

        let bitFields = compression == 3 || compression == 6 // BI_BITFIELDS, BI_ALPHABITFIELDS
        switch (compression, bits) {
        case (0, 1), (0, 4), (0, 8), (0, 16), (0, 24), (0, 32), (3, 16), (3, 32), (6, 16), (6, 32):
            break
        case (1, _), (2, _):
            throw ImageDecodingError.unsupported(.bmp, "RLE compression")
        case (4, _):
            throw ImageDecodingError.unsupported(.bmp, "embedded JPEG data")
        case (5, _):
            throw ImageDecodingError.unsupported(.bmp, "embedded PNG data")
        default:
            throw ImageDecodingError.unsupported(.bmp, "\(bits) bits per pixel and compression \(compression)")
        }

        // With a 40-byte header the bit-field masks follow it (3 or, for
        // BI_ALPHABITFIELDS, 4 of them); later headers contain them.
        let maskOffset = 14 + 40
        let trailingMasks = headerSize == 40 && bitFields ? (compression == 6 ? 16 : 12) : 0
        paletteOffset = 14 + Int(headerSize) + trailingMasks
        paletteCount = Int(min(colorsUsed, 256))
        if bitFields {
            guard let r = reader.u32(maskOffset), let g = reader.u32(maskOffset + 4), let b = reader.u32(maskOffset + 8)
            else {
                throw ImageDecodingError.truncated(.bmp, "bit-field masks cut short")
            }
            let hasAlphaField = headerSize >= 56 || compression == 6
            let a = hasAlphaField ? (reader.u32(maskOffset + 12) ?? 0) : 0
            masks = Masks(red: r, green: g, blue: b, alpha: a)
        } else if bits == 16 {
            masks = Masks(red: 0x7C00, green: 0x03E0, blue: 0x001F, alpha: 0)
        } else {
            // 32-bit BI_RGB: the fourth byte is reserved, not alpha.
            masks = Masks(red: 0x00FF_0000, green: 0x0000_FF00, blue: 0x0000_00FF, alpha: 0)
        }
    }
}
