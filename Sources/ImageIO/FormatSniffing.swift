/// Recognises a file's format from its leading bytes.
///
/// Supported formats are told apart by their signatures. Common non-images
/// that end up in photo folders (HEIC from phones, camera raw files, PDFs,
/// videos, text) are named in the error so the user learns what was skipped.
enum FormatSniffer {
    /// The supported format of `bytes`.
    ///
    /// - Throws: ``ImageDecodingError`` of kind `.empty` for zero bytes,
    ///   `.truncated` when the bytes are a proper prefix of a supported
    ///   signature, and `.unsupportedFormat` otherwise.
    static func format(of bytes: UnsafeBufferPointer<UInt8>) throws -> ImageFormat {
        guard !bytes.isEmpty else {
            throw ImageDecodingError(.empty, "empty file (0 bytes)")
        }
        let reader = ByteReader(bytes, bigEndian: true)
        for (format, signature) in signatures {
            // A WebP file is "RIFF", a size, then "WEBP": 12 bytes to be sure.
            let needed = format == .webp ? 12 : signature.count
            if bytes.count >= needed && reader.matches(signature, at: 0) {
                if format == .webp && !reader.matches([UInt8](ascii: "WEBP"), at: 8) { continue }
                return format
            }
            if bytes.count >= 2, bytes.count < needed, signature.starts(with: bytes.prefix(signature.count)) {
                throw ImageDecodingError.truncated(format, "only \(bytes.count) bytes")
            }
        }
        throw ImageDecodingError(.unsupportedFormat, describeUnsupported(reader))
    }

    /// Signatures of the supported formats; WebP also needs "WEBP" at offset 8.
    private static let signatures: [(ImageFormat, [UInt8])] = [
        (.jpeg, [0xFF, 0xD8, 0xFF]),
        (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        (.gif, [UInt8](ascii: "GIF87a")),
        (.gif, [UInt8](ascii: "GIF89a")),
        (.webp, [UInt8](ascii: "RIFF")),
        (.bmp, [UInt8](ascii: "BM")),
    ]

    /// A one-line description of data that is not a supported image.
    private static func describeUnsupported(_ reader: ByteReader) -> String {
        func starts(_ text: StaticString, at offset: Int = 0) -> Bool {
            reader.matches([UInt8](ascii: text), at: offset)
        }
        func startsBytes(_ bytes: [UInt8]) -> Bool { reader.matches(bytes, at: 0) }

        if starts("ftyp", at: 4) {
            return describeISOMedia(reader)
        }
        if starts("%PDF") { return "PDF document (not an image)" }
        if starts("IIRO") || starts("IIRS") { return "Olympus raw photo (not supported)" }
        if startsBytes([0x49, 0x49, 0x55, 0x00]) { return "Panasonic raw photo (not supported)" }
        if starts("FUJIFILMCCD-RAW") { return "Fujifilm raw photo (not supported)" }
        if startsBytes([0x49, 0x49, 0x2A, 0x00]) || startsBytes([0x4D, 0x4D, 0x00, 0x2A]) {
            return "TIFF image or camera raw photo (not supported)"
        }
        if starts("8BPS") { return "Photoshop document (not supported)" }
        if startsBytes([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || startsBytes([0xFF, 0x4F, 0xFF, 0x51]) {
            return "JPEG 2000 image (not supported)"
        }
        if startsBytes([0xFF, 0x0A]) || startsBytes([0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) {
            return "JPEG XL image (not supported)"
        }
        if startsBytes([0x00, 0x00, 0x01, 0x00]) { return "Windows icon (not supported)" }
        if starts("RIFF") { return "RIFF file that is not WebP, e.g. audio or video (not an image)" }
        if starts("PK") && startsBytes([0x50, 0x4B, 0x03, 0x04]) { return "ZIP archive (not an image)" }
        if startsBytes([0x1F, 0x8B]) { return "gzip archive (not an image)" }
        if starts("OggS") || starts("ID3") || starts("fLaC") { return "audio file (not an image)" }
        if startsBytes([0x1A, 0x45, 0xDF, 0xA3]) { return "Matroska/WebM video (not an image)" }
        if looksLikeText(reader.bytes) {
            return containsSVG(reader.bytes) ? "SVG drawing (not supported)" : "text file (not an image)"
        }
        return "unrecognised data (not a JPEG, PNG, WebP, GIF or BMP image)"
    }

    /// Names an ISO base media file ("ftyp" box) by its major brand.
    private static func describeISOMedia(_ reader: ByteReader) -> String {
        guard reader.bytes.count >= 12 else { return "ISO media file (not supported)" }
        let brand = String(decoding: reader.bytes[8..<12], as: UTF8.self)
        switch brand {
        case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
            return "HEIF/HEIC image (not supported)"
        case "avif", "avis":
            return "AVIF image (not supported)"
        case "crx ":
            return "Canon CR3 raw photo (not supported)"
        case "qt  ":
            return "QuickTime video (not an image)"
        case "isom", "iso2", "mp41", "mp42", "M4V ", "3gp4", "3gp5", "avc1", "dash":
            return "MP4 video (not an image)"
        default:
            return "ISO media file of brand '\(brand.trimmingTrailingSpaces)' (not supported)"
        }
    }

    /// Whether the first 512 bytes are printable UTF-8/ASCII text.
    private static func looksLikeText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let head = bytes.prefix(512)
        for byte in head where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C {
            return false
        }
        // Reject data whose high bytes are not valid UTF-8; a cut-off final
        // character is fine.
        var decoder = UTF8()
        var iterator = head.dropLast(3).makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Whether text data looks like an SVG drawing.
    private static func containsSVG(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: bytes.prefix(1024), as: UTF8.self)
        return text.contains("<svg")
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
