import Foundation

/// Writes small, distinct images without any image library: uncompressed 24-bit BMP files.
enum TestImages {
    /// A `width`×`height` BMP whose pixels come from a seeded generator, so each seed gives a
    /// different picture.
    static func bmp(width: Int = 48, height: Int = 40, seed: UInt64) -> Data {
        let rowBytes = (width * 3 + 3) / 4 * 4
        let pixelBytes = rowBytes * height
        var data = Data()
        func u16(_ v: Int) { data.append(contentsOf: [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)]) }
        func u32(_ v: Int) { u16(v & 0xffff); u16(v >> 16 & 0xffff) }
        data.append(contentsOf: Array("BM".utf8))
        u32(54 + pixelBytes); u32(0); u32(54)
        u32(40); u32(width); u32(height); u16(1); u16(24); u32(0); u32(pixelBytes); u32(2835); u32(2835); u32(0); u32(0)
        var state = seed &* 0x9E3779B97F4A7C15 | 1
        let base = (UInt8(truncatingIfNeeded: seed &* 37), UInt8(truncatingIfNeeded: seed &* 91), UInt8(truncatingIfNeeded: seed &* 53))
        for y in 0..<height {
            for x in 0..<width {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                let noise = UInt8(truncatingIfNeeded: state >> 58)
                let stripe: UInt8 = (x / 8 + y / 8) % 2 == 0 ? 0 : 90
                data.append(contentsOf: [base.2 &+ noise &+ stripe, base.1 &+ noise, base.0 &+ noise])
            }
            data.append(contentsOf: [UInt8](repeating: 0, count: rowBytes - width * 3))
        }
        return data
    }

    /// Writes `count` distinct BMP files named `image-NNN.bmp` into `directory`.
    static func writeMany(_ count: Int, into directory: String, firstSeed: UInt64 = 1) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for index in 0..<count {
            let name = String(format: "image-%03d.bmp", index)
            try bmp(seed: firstSeed + UInt64(index)).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
    }
}
