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
        guard let block = ExifBlock(exif), let ifd0 = block.firstDirectory,
              let entry = block.entry(0x0112, inDirectoryAt: ifd0) else { return nil }
        // SHORT (3) is standard; some writers use LONG (4).
        let value: Int?
        switch entry.type {
        case 3: value = block.reader.u16(entry.valueOffset).map(Int.init)
        case 4: value = block.reader.u32(entry.valueOffset).map(Int.init)
        default: value = nil
        }
        guard let raw = value, let orientation = Orientation(rawValue: raw) else { return nil }
        self = orientation
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
