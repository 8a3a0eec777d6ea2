import Foundation
import ImageIO

/// Small square thumbnails as `data:image/bmp;base64,…` URIs, for a self-contained HTML page.
///
/// Images are decoded with `ImageIO`, centre-cropped and resized by the `Preprocessor`, and written
/// as uncompressed 24-bit BMPs (a few kilobytes at 40 × 40), which every browser shows.
public enum Thumbnail {
    /// The data URI of `path`'s thumbnail, or nil when the file cannot be read or decoded.
    ///
    /// - Complexity: decoding the image plus O(size²).
    public static func dataURI(path: String, size: Int = 40) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var decoder = ImageDecoder()
        decoder.minimumShortSide = size
        guard let decoded = try? decoder.decode([UInt8](data)) else { return nil }
        let small = Preprocessor(size: size).resizedAndCropped(decoded.image)
        return "data:image/bmp;base64," + bmp(small).base64EncodedString()
    }

    /// `image` as a bottom-up 24-bit BMP file.
    ///
    /// - Complexity: O(width · height).
    static func bmp(_ image: RGBImage) -> Data {
        let rowBytes = (image.width * 3 + 3) / 4 * 4
        let pixelBytes = rowBytes * image.height
        var data = Data()
        func u16(_ v: Int) { data.append(contentsOf: [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)]) }
        func u32(_ v: Int) { u16(v & 0xffff); u16(v >> 16 & 0xffff) }
        data.append(contentsOf: Array("BM".utf8))
        u32(54 + pixelBytes); u32(0); u32(54)
        u32(40); u32(image.width); u32(image.height); u16(1); u16(24); u32(0); u32(pixelBytes); u32(2835); u32(2835); u32(0); u32(0)
        for y in stride(from: image.height - 1, through: 0, by: -1) {
            var row = [UInt8](repeating: 0, count: rowBytes)
            for x in 0..<image.width {
                let p = image.pixel(x: x, y: y)
                row[x * 3] = p.b
                row[x * 3 + 1] = p.g
                row[x * 3 + 2] = p.r
            }
            data.append(contentsOf: row)
        }
        return data
    }
}
