/// The TIFF structure inside an EXIF block: its byte order and its directories' entries.
///
/// `exif` is a TIFF structure ("II*\0" or "MM\0*", then the offset of IFD0), optionally preceded
/// by the `Exif\0\0` prefix of JPEG APP1 segments. Every read is bounds-checked, so a malformed
/// block yields nil entries rather than a crash; callers treat that as "not recorded".
///
/// ```swift
/// guard let block = ExifBlock(exif), let ifd0 = block.firstDirectory,
///       let entry = block.entry(0x0112, inDirectoryAt: ifd0) else { return nil }
/// let value = block.reader.u16(entry.valueOffset)
/// ```
struct ExifBlock {
    /// Reads the TIFF structure with its byte order set.
    let reader: ByteReader

    /// One directory entry: its field type, value count and where its value (or, for values
    /// longer than four bytes, the offset of its value) sits.
    struct Entry {
        let type: UInt16
        let count: Int
        let valueOffset: Int
    }

    /// The block in `exif`, or nil when it is not a TIFF structure.
    init?(_ exif: UnsafeBufferPointer<UInt8>) {
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
        self.reader = reader
    }

    /// The offset of IFD0, if readable.
    var firstDirectory: Int? { reader.u32(4).map(Int.init) }

    /// The entry `tag` of the directory at `directory`, or nil when it has none or is malformed
    /// (unreadable, or more than 1,024 entries: a real IFD has a few dozen).
    ///
    /// - Complexity: O(entries of the directory).
    func entry(_ tag: UInt16, inDirectoryAt directory: Int) -> Entry? {
        guard let count = reader.u16(directory).map(Int.init), count <= 1024 else { return nil }
        for index in 0..<count {
            let at = directory + 2 + index * 12
            guard let found = reader.u16(at), let type = reader.u16(at + 2), let values = reader.u32(at + 4) else { return nil }
            if found == tag { return Entry(type: type, count: Int(values), valueOffset: at + 8) }
        }
        return nil
    }
}
