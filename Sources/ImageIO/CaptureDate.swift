import Foundation

/// When a photo was taken, as its EXIF block records it.
///
/// The tags tried, in order: `DateTimeOriginal` (0x9003) and `DateTimeDigitized` (0x9004) in the
/// Exif sub-IFD, then `DateTime` (0x0132) in IFD0. EXIF times are the camera's local time,
/// `"YYYY:MM:DD HH:MM:SS"`; with an `OffsetTimeOriginal` (0x9011, `"+02:00"`) the time is moved to
/// UTC, without one it is read as UTC, so that a `--since 2024-06-01` day matches the day the
/// camera showed. Malformed or blank dates (`"0000:00:00 00:00:00"`) give nil: a bad EXIF block
/// never makes an image fail.
enum CaptureDate {
    /// The capture time recorded in `exif` (a TIFF structure, optionally after `Exif\0\0`), or nil.
    ///
    /// - Complexity: O(entries of IFD0 and the Exif IFD).
    static func parse(exif: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let block = ExifBlock(exif), let ifd0 = block.firstDirectory else { return nil }
        let exifIFD = block.entry(0x8769, inDirectoryAt: ifd0).flatMap { block.reader.u32($0.valueOffset) }.map(Int.init)
        var offset: String?
        if let exifIFD { offset = block.entry(0x9011, inDirectoryAt: exifIFD).flatMap { ascii($0, block.reader) } }
        let candidates = [exifIFD.map { (0x9003, $0) }, exifIFD.map { (0x9004, $0) }, (0x0132, ifd0)].compactMap { $0 }
        for (tag, ifd) in candidates {
            if let found = block.entry(UInt16(tag), inDirectoryAt: ifd), let text = ascii(found, block.reader),
               let date = date(text, offset: offset) {
                return date
            }
        }
        return nil
    }

    /// The ASCII (type 2) value of `entry`, without its NUL and surrounding spaces.
    private static func ascii(_ entry: ExifBlock.Entry, _ reader: ByteReader) -> String? {
        guard entry.type == 2, entry.count > 0, entry.count <= 64 else { return nil }
        let start = entry.count <= 4 ? entry.valueOffset : reader.u32(entry.valueOffset).map(Int.init) ?? -1
        guard start >= 0, start + entry.count <= reader.bytes.count else { return nil }
        let bytes = reader.bytes[start..<(start + entry.count)].prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// `"YYYY:MM:DD HH:MM:SS"` (dashes accepted in the date) as UTC, moved by `offset` (`"+HH:MM"`).
    static func date(_ text: String, offset: String?) -> Date? {
        let digits = text.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) }.map { Int($0.value) - 48 }
        guard text.count >= 19, digits.count == 14 else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        var parts = DateComponents()
        parts.year = number(0..<4); parts.month = number(4..<6); parts.day = number(6..<8)
        parts.hour = number(8..<10); parts.minute = number(10..<12); parts.second = number(12..<14)
        guard (1826...2200).contains(parts.year!), (1...12).contains(parts.month!), (1...31).contains(parts.day!),
              parts.hour! < 24, parts.minute! < 60, parts.second! < 61 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let local = calendar.date(from: parts), calendar.component(.day, from: local) == parts.day else { return nil }
        guard let offset, offset.count == 6, let sign = offset.first, sign == "+" || sign == "-",
              let hours = Int(offset.dropFirst().prefix(2)), let minutes = Int(offset.suffix(2)), hours <= 14, minutes < 60 else {
            return local
        }
        let seconds = (hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
        return local.addingTimeInterval(TimeInterval(-seconds))
    }
}
