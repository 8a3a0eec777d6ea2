import Foundation

/// Writes an index file atomically: a temporary file in the same folder, fsync, rename, then an
/// fsync of the folder, so a reader sees either the old file or the complete new one — a crash
/// (even kill -9) at any point leaves at worst a stray `*.tmp-PID` file.
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

        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        do {
            var position = 0
            try writeAll(fd, header + table, at: &position)
            for (section, start) in zip(sections, offsets) {
                try writeAll(fd, [UInt8](repeating: 0, count: start - position), at: &position)
                try section.withBytes { try writeAll(fd, $0, at: &position) }
            }
            guard fsync(fd) == 0 else { throw failure("fsync failed") }
            guard close(fd) == 0 else { throw failure("close failed") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        do { try beforeRename?() } catch { unlink(temporary); throw error }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) over it")
            unlink(temporary)
            throw error
        }
        let folder = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 { fsync(folder); close(folder) }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8], at position: inout Int) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, at: &position) }
    }

    private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at position: inout Int) throws {
        var done = 0
        while done < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + done, min(bytes.count - done, 1 << 30))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure("write failed") }
            done += written
        }
        position += bytes.count
    }

    private func failure(_ what: String) -> IndexFileError {
        .io(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

extension Array where Element == UInt8 {
    /// Appends the little-endian bytes of `value`.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
