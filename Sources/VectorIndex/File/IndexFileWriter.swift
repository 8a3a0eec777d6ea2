import AtomicFiles
import Foundation

/// Writes an index file atomically through `AtomicFileWriter` (a temporary file in the same
/// folder, fsync, rename, then an fsync of the folder), so a reader sees either the old file or
/// the complete new one — a crash (even kill -9) at any point leaves at worst a stray `*.tmp-PID-N`.
struct IndexFileWriter {
    /// One section's bytes, lent to `body` without copying.
    struct Section {
        let tag: IndexFileLayout.Tag
        let byteCount: Int
        let withBytes: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void

        /// A section holding the raw bytes of `array`.
        static func array<T>(_ tag: IndexFileLayout.Tag, _ array: [T]) -> Section {
            Section(tag: tag, byteCount: array.count * MemoryLayout<T>.stride) { body in
                try array.withUnsafeBytes { try body($0) }
            }
        }

        /// A section holding the raw bytes of `values` (owned or read from another index file).
        static func mapped<T>(_ tag: IndexFileLayout.Tag, _ values: MappedArray<T>) -> Section {
            Section(tag: tag, byteCount: values.count * MemoryLayout<T>.stride) { body in
                try values.withUnsafeBytes { try body($0) }
            }
        }
    }

    let path: String

    /// Writes `sections` to `path`, replacing any previous file.
    ///
    /// `beforeRename` runs after the temporary file is complete and synced, before the rename.
    /// - Throws: `IndexFileError.io` naming the file when any system call fails.
    /// - Complexity: O(total bytes): one checksum pass and one write pass.
    func write(_ sections: [Section], beforeRename: (() throws -> Void)? = nil) throws {
        let tableEnd = IndexFileLayout.headerSize + sections.count * IndexFileLayout.entrySize
        var offset = IndexFileLayout.aligned(tableEnd)
        var table = [UInt8]()
        var offsets = [Int]()
        for section in sections {
            var checksum: UInt64 = 0
            try section.withBytes { checksum = IndexFileLayout.checksum($0) }
            table.appendLittleEndian(section.tag.code)
            table.appendLittleEndian(UInt32(0))
            table.appendLittleEndian(UInt64(offset))
            table.appendLittleEndian(UInt64(section.byteCount))
            table.appendLittleEndian(checksum)
            offsets.append(offset)
            offset = IndexFileLayout.aligned(offset + section.byteCount)
        }
        let fileLength = offsets.last.map { $0 + sections.last!.byteCount } ?? tableEnd
        var header = IndexFileLayout.magic
        header.appendLittleEndian(IndexFileLayout.version)
        header.appendLittleEndian(UInt32(sections.count))
        header.appendLittleEndian(UInt64(0))  // table checksum, filled below
        header.appendLittleEndian(UInt64(fileLength))
        header += [UInt8](repeating: 0, count: IndexFileLayout.headerSize - header.count)
        let tableChecksum = (header + table).withUnsafeBytes { IndexFileLayout.checksum($0) }
        withUnsafeBytes(of: tableChecksum.littleEndian) { header.replaceSubrange(16..<24, with: $0) }

        do {
            let file = try AtomicFileWriter(path: path)
            var position = 0
            try write(header + table, to: file, at: &position)
            for (section, start) in zip(sections, offsets) {
                try write([UInt8](repeating: 0, count: start - position), to: file, at: &position)
                try section.withBytes { try write($0, to: file, at: &position) }
            }
            try file.commit(beforeReplacing: beforeRename)
        } catch let error as AtomicWriteError {
            throw IndexFileError.io(path: path, reason: error.reason)
        }
    }

    private func write(_ bytes: [UInt8], to file: AtomicFileWriter, at position: inout Int) throws {
        try bytes.withUnsafeBytes { try write($0, to: file, at: &position) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to file: AtomicFileWriter, at position: inout Int) throws {
        try file.write(bytes)
        position += bytes.count
    }
}

extension Array where Element == UInt8 {
    /// Appends the little-endian bytes of `value`.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
