/// The EXIF orientation of stored pixels: how to turn them to display upright.
///
/// Raw values are the EXIF `Orientation` tag (0x0112) values 1...8. The case
/// names say what the stored image is relative to the upright picture.
enum Orientation: Int, Sendable, CaseIterable {
    /// 1: stored upright.
    case up = 1
    /// 2: mirrored left to right.
    case upMirrored = 2
    /// 3: rotated by 180°.
    case down = 3
    /// 4: mirrored top to bottom.
    case downMirrored = 4
    /// 5: mirrored along the main diagonal (transposed).
    case leftMirrored = 5
    /// 6: displayed after a 90° clockwise turn (a phone held upright).
    case right = 6
    /// 7: mirrored along the anti-diagonal (transversed).
    case rightMirrored = 7
    /// 8: displayed after a 90° counter-clockwise turn.
    case left = 8

    /// Whether displaying swaps width and height.
    var swapsDimensions: Bool { rawValue >= 5 }
}

extension Orientation {
    /// Reads the orientation tag from EXIF data.
    ///
    /// `exif` is a TIFF structure ("II*\0" or "MM\0*" and IFD0), optionally
    /// preceded by the `Exif\0\0` prefix used in JPEG APP1 segments. Returns
    /// `nil` when the data is malformed or has no valid orientation tag; a bad
    /// EXIF block never makes an image undecodable.
    ///
    /// - Complexity: O(number of IFD0 entries).
    init?(exif: UnsafeBufferPointer<UInt8>) {
        var tiff = exif
        if ByteReader(exif, bigEndian: true).matches([UInt8](ascii: "Exif\0\0"), at: 0) {
            tiff = UnsafeBufferPointer(rebasing: exif[6...])
        }
        var reader = ByteReader(tiff, bigEndian: true)
        if reader.matches([0x49, 0x49, 0x2A, 0x00], at: 0) {
            reader.bigEndian = false
        } else if !reader.matches([0x4D, 0x4D, 0x00, 0x2A], at: 0) {
            return nil
        }
        guard let ifd = reader.u32(4).map(Int.init), let entries = reader.u16(ifd).map(Int.init) else {
            return nil
        }
        for index in 0..<entries {
            let entry = ifd + 2 + index * 12
            guard let tag = reader.u16(entry), let type = reader.u16(entry + 2) else { return nil }
            guard tag == 0x0112 else { continue }
            // SHORT (3) is standard; some writers use LONG (4).
            let value: Int?
            switch type {
            case 3: value = reader.u16(entry + 8).map(Int.init)
            case 4: value = reader.u32(entry + 8).map(Int.init)
            default: value = nil
            }
            guard let raw = value, let orientation = Orientation(rawValue: raw) else { return nil }
            self = orientation
            return
        }
        return nil
    }
}

extension RGBImage {
    /// The image as displayed for stored pixels in `orientation`.
    ///
    /// - Complexity: O(width × height); `.up` returns `self` without copying.
    func applying(_ orientation: Orientation) -> RGBImage {
        guard orientation != .up else { return self }
        let w = width, h = height
        // Source pixel index of output (x, y) is origin + x * dx + y * dy.
        let (origin, dx, dy): (Int, Int, Int)
        switch orientation {
        case .up: (origin, dx, dy) = (0, 1, w)
        case .upMirrored: (origin, dx, dy) = (w - 1, -1, w)
        case .down: (origin, dx, dy) = ((h - 1) * w + w - 1, -1, -w)
        case .downMirrored: (origin, dx, dy) = ((h - 1) * w, 1, -w)
        case .leftMirrored: (origin, dx, dy) = (0, w, 1)
        case .right: (origin, dx, dy) = ((h - 1) * w, -w, 1)
        case .rightMirrored: (origin, dx, dy) = ((h - 1) * w + w - 1, -w, -1)
        case .left: (origin, dx, dy) = (w - 1, w, -1)
        }
        let (outWidth, outHeight) = orientation.swapsDimensions ? (h, w) : (w, h)
        var output = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var t = 0
                for y in 0..<outHeight {
                    var s = origin + y * dy
                    for _ in 0..<outWidth {
                        target[t] = source[s * 3]
                        target[t + 1] = source[s * 3 + 1]
                        target[t + 2] = source[s * 3 + 2]
                        t += 3
                        s += dx
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: output)
    }
}
