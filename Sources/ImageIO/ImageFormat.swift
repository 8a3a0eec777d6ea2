/// A raster format that ``ImageDecoder`` can decode.
///
/// The format of a file is recognised from its leading bytes ("magic numbers"),
/// never from its name, so a PNG saved as `photo.jpg` still decodes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, gif, bmp
}
