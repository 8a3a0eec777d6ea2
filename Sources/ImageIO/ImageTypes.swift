import Foundation

/// What a file's header says about the image, before any pixel is decoded.
///
/// `width` and `height` are the *stored* dimensions: an EXIF orientation that
/// rotates by 90° is not applied here, so a portrait phone photo stored
/// landscape reports its landscape size.
public struct ImageInfo: Sendable, Equatable {
    /// The format recognised from the leading bytes.
    public let format: ImageFormat
    /// Stored width in pixels.
    public let width: Int
    /// Stored height in pixels.
    public let height: Int

    /// Creates header information.
    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }
}

/// An 8-bit RGB image: interleaved `r, g, b` triples, row-major, top row first.
///
/// Images produced by ``ImageDecoder`` are display-ready: EXIF orientation has
/// been applied and any transparency composited on white.
public struct RGBImage: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    /// Wraps `pixels`, which must hold exactly `width * height * 3` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "negative image size")
        precondition(pixels.count == width * height * 3, "pixel count does not match \(width)x\(height) RGB")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image of one colour.
    public init(width: Int, height: Int, filledWith rgb: (UInt8, UInt8, UInt8)) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = rgb.0
            pixels[i + 1] = rgb.1
            pixels[i + 2] = rgb.2
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The colour at column `x`, row `y`.
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)x\(height)")
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}

/// A decoded image together with its header information.
///
/// `image` can be smaller than `info` says: large JPEGs are decoded at a reduced
/// DCT scale (see ``ImageDecoder/minimumShortSide``), and an EXIF orientation
/// may swap width and height.
public struct DecodedImage: Sendable {
    /// Header information (stored dimensions).
    public let info: ImageInfo
    /// Display-ready pixels.
    public let image: RGBImage
    /// When the photo was taken, from its EXIF block (JPEG only, for now); nil when not recorded.
    public let capturedAt: Date?

    /// Pairs header information with pixels.
    public init(info: ImageInfo, image: RGBImage, capturedAt: Date? = nil) {
        self.info = info
        self.capturedAt = capturedAt
        self.image = image
    }
}
