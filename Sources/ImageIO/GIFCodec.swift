import CGIF

/// GIF decoding through giflib, reading from memory with a callback.
///
/// Only the first frame is decoded. It is drawn at its offset on a white
/// canvas of the logical screen size (or of the frame size when the screen
/// size is 0), and its transparent palette index (from the graphic control
/// extension before it) is left white. Interlaced frames are de-interlaced.
///
/// giflib reports errors through return codes, so no `setjmp` is involved.
enum GIFCodec: ImageCodec {
    static func probe(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ImageInfo {
        try withGIFFile(bytes) { gif in
            if let info = screenInfo(gif) { return info }
            let frame = try readToFirstFrame(gif)
            return ImageInfo(format: .gif, width: frame.width, height: frame.height)
        }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: DecodingLimits) throws -> DecodedImage {
        try withGIFFile(bytes) { gif in
            var screen = screenInfo(gif)
            if let screen { try limits.check(screen) }
            var frame = try readToFirstFrame(gif)
            try limits.check(ImageInfo(format: .gif, width: frame.width, height: frame.height))
            // LZW emits at most 4,096 pixels per code of at least 3 bits: a frame larger than the
            // file could encode is refused before any buffer is allocated.
            let framePixels = frame.width * frame.height
            guard framePixels <= bytes.count * Self.pixelsPerByte else {
                throw ImageDecodingError.truncated(.gif, "a frame of \(frame.width)x\(frame.height) pixels cannot be encoded in \(bytes.count) bytes")
            }
            // A frame that covers a sliver of a huge logical screen is drawn on a canvas of its own
            // size: the rest would be white (a 35-byte file with a 10000x10000 screen took 650 MB).
            if let logical = screen, logical.width * logical.height > max(Self.marginlessCanvas, framePixels * 64) {
                screen = nil
                frame.left = 0
                frame.top = 0
            }
            let info = screen ?? ImageInfo(format: .gif, width: frame.width, height: frame.height)

            let palette = Palette(frame.colorMap ?? gif.pointee.SColorMap)
            var canvas = RGBImage(width: info.width, height: info.height, filledWith: (255, 255, 255))
            var line = [GifPixelType](repeating: 0, count: frame.width)
            for y in rowOrder(height: frame.height, interlaced: frame.interlaced) {
                guard DGifGetLine(gif, &line, Int32(frame.width)) == GIF_OK else {
                    throw error(gif)
                }
                let canvasY = frame.top + y
                guard canvasY >= 0 && canvasY < info.height else { continue }
                canvas.pixels.withUnsafeMutableBufferPointer { pixels in
                    for x in 0..<frame.width where Int(line[x]) != frame.transparentIndex {
                        let canvasX = frame.left + x
                        guard canvasX >= 0 && canvasX < info.width else { continue }
                        palette.write(index: line[x], to: pixels, at: (canvasY * info.width + canvasX) * 3)
                    }
                }
            }
            return DecodedImage(info: info, image: canvas)
        }
    }

    /// Most pixels one byte of LZW data can produce (4,096 per code of at least 3 bits, rounded up).
    static let pixelsPerByte = 10_923

    /// Logical screens up to this many pixels are always kept, however small the frame on them.
    static let marginlessCanvas = 4_000_000

    /// The position, size, palette and transparency of the first frame.
    private struct Frame {
        var left: Int, top: Int, width: Int, height: Int
        var interlaced: Bool
        var colorMap: UnsafeMutablePointer<ColorMapObject>?
        var transparentIndex: Int
    }

    /// The rows of a frame in the order they are stored.
    ///
    /// Interlaced GIFs store every 8th row from 0, every 8th from 4, every
    /// 4th from 2 and then every 2nd from 1.
    static func rowOrder(height: Int, interlaced: Bool) -> [Int] {
        guard interlaced else { return Array(0..<height) }
        let passes = [(0, 8), (4, 8), (2, 4), (1, 2)]
        return passes.flatMap { start, step in Array(stride(from: start, to: height, by: step)) }
    }

    /// The logical screen's size, or `nil` when the header leaves it 0.
    private static func screenInfo(_ gif: UnsafeMutablePointer<GifFileType>) -> ImageInfo? {
        let width = Int(gif.pointee.SWidth), height = Int(gif.pointee.SHeight)
        return width > 0 && height > 0 ? ImageInfo(format: .gif, width: width, height: height) : nil
    }

    /// Skips extensions (noting the transparent index) up to the first image descriptor.
    private static func readToFirstFrame(_ gif: UnsafeMutablePointer<GifFileType>) throws -> Frame {
        var transparentIndex = -1
        while true {
            var record = UNDEFINED_RECORD_TYPE
            guard DGifGetRecordType(gif, &record) == GIF_OK else { throw error(gif) }
            switch record {
            case IMAGE_DESC_RECORD_TYPE:
                guard DGifGetImageDesc(gif) == GIF_OK else { throw error(gif) }
                let desc = gif.pointee.Image
                guard desc.Width > 0, desc.Height > 0 else {
                    throw ImageDecodingError.corrupt(.gif, "first frame is \(desc.Width)x\(desc.Height) pixels")
                }
                return Frame(left: Int(desc.Left), top: Int(desc.Top), width: Int(desc.Width), height: Int(desc.Height),
                             interlaced: desc.Interlace, colorMap: desc.ColorMap, transparentIndex: transparentIndex)
            case EXTENSION_RECORD_TYPE:
                var code: Int32 = 0
                var block: UnsafeMutablePointer<GifByteType>?
                guard DGifGetExtension(gif, &code, &block) == GIF_OK else { throw error(gif) }
                if code == GRAPHICS_EXT_FUNC_CODE, let block {
                    var control = GraphicsControlBlock()
                    if DGifExtensionToGCB(Int(block[0]), block + 1, &control) == GIF_OK {
                        transparentIndex = Int(control.TransparentColor)
                    }
                }
                while block != nil {
                    guard DGifGetExtensionNext(gif, &block) == GIF_OK else { throw error(gif) }
                }
            case TERMINATE_RECORD_TYPE:
                throw ImageDecodingError.corrupt(.gif, "no image in file")
            default:
                throw ImageDecodingError.corrupt(.gif, "unexpected record")
            }
        }
    }

    /// The error giflib last reported for `gif`.
    private static func error(_ gif: UnsafeMutablePointer<GifFileType>) -> ImageDecodingError {
        let source = gif.pointee.UserData?.assumingMemoryBound(to: Source.self)
        return error(code: gif.pointee.Error, ranDry: source?.pointee.ranDry ?? false)
    }

    /// Maps a giflib error code; any failure after the data ran out counts as truncation.
    private static func error(code: Int32, ranDry: Bool) -> ImageDecodingError {
        let text = GifErrorString(code).map { String(cString: $0) } ?? "giflib error \(code)"
        if ranDry || code == D_GIF_ERR_READ_FAILED || code == D_GIF_ERR_EOF_TOO_SOON {
            return .truncated(.gif, text)
        }
        return .corrupt(.gif, text)
    }
}

extension GIFCodec {
    /// The bytes being read and how far giflib has read them.
    private struct Source {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        /// Whether giflib asked for more bytes than were left.
        var ranDry = false
    }

    /// giflib's input callback: copies up to `length` bytes, returns how many.
    private static let readFromMemory: InputFunc = { gif, buffer, length in
        guard let gif, let buffer, let source = gif.pointee.UserData?.assumingMemoryBound(to: Source.self) else {
            return 0
        }
        let count = min(Int(length), source.pointee.bytes.count - source.pointee.offset)
        if count < Int(length) { source.pointee.ranDry = true }
        guard count > 0, let base = source.pointee.bytes.baseAddress else { return 0 }
        buffer.update(from: base + source.pointee.offset, count: count)
        source.pointee.offset += count
        return Int32(count)
    }

    /// Opens `bytes` with giflib, runs `body` and closes the file again.
    private static func withGIFFile<T>(_ bytes: UnsafeBufferPointer<UInt8>,
                                       _ body: (UnsafeMutablePointer<GifFileType>) throws -> T) throws -> T {
        var source = Source(bytes: bytes)
        return try withUnsafeMutablePointer(to: &source) { sourcePointer in
            var status: Int32 = 0
            guard let gif = DGifOpen(sourcePointer, readFromMemory, &status) else {
                throw error(code: status, ranDry: sourcePointer.pointee.ranDry)
            }
            defer { DGifCloseFile(gif, &status) }
            return try body(gif)
        }
    }
}

/// A GIF colour table, with a grey ramp standing in when the file has none.
private struct Palette {
    let colors: UnsafeMutablePointer<GifColorType>?
    let count: Int

    init(_ map: UnsafeMutablePointer<ColorMapObject>?) {
        colors = map?.pointee.Colors
        count = colors == nil ? 0 : Int(map?.pointee.ColorCount ?? 0)
    }

    /// Writes the colour of `index` as RGB at `offset`; indices past the table are black.
    func write(index: GifPixelType, to pixels: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let i = Int(index)
        if let colors {
            let color = i < count ? colors[i] : GifColorType(Red: 0, Green: 0, Blue: 0)
            pixels[offset] = color.Red
            pixels[offset + 1] = color.Green
            pixels[offset + 2] = color.Blue
        } else {
            pixels[offset] = index
            pixels[offset + 1] = index
            pixels[offset + 2] = index
        }
    }
}
