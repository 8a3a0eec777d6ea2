/// Flattens straight (non-premultiplied) RGBA pixels onto a white background.
///
/// Each channel becomes `c·a/255 + 255·(1 − a/255)`, rounded to nearest, in
/// the stored (sRGB-encoded) values, as browsers and PIL do. Fully opaque
/// pixels are unchanged and fully transparent ones become pure white.
///
/// - Parameter rgba: `pixelCount * 4` bytes.
/// - Returns: `pixelCount * 3` bytes of RGB.
/// - Complexity: O(pixelCount).
func compositeOnWhite(rgba: UnsafeBufferPointer<UInt8>, pixelCount: Int) -> [UInt8] {
    precondition(rgba.count >= pixelCount * 4, "RGBA buffer too small")
    return [UInt8](unsafeUninitializedCapacity: pixelCount * 3) { rgb, initialized in
        for p in 0..<pixelCount {
            let alpha = UInt32(rgba[p * 4 + 3])
            let background = 255 * (255 - alpha)
            for c in 0..<3 {
                let value = UInt32(rgba[p * 4 + c]) * alpha + background
                rgb[p * 3 + c] = UInt8((value + 127) / 255)
            }
        }
        initialized = pixelCount * 3
    }
}
