/// Reads and validates an index file: the header, the section table and the metadata section's
/// checksum are checked before any byte is interpreted, and the other sections' checksums too when
/// asked (`verifyingSections`), so a damaged file is an `IndexFileError`, never a crash.
///
/// Without section checksums, a damaged payload can only give wrong answers: the reader of a
/// section still checks every value that is used as an offset or a row (list offsets, list rows,
/// sparse coordinates) before the index is searched.
struct IndexFileReader {
    let path: String
    let file: MappedFile
    /// Byte range of each section present.
    private(set) var sections: [IndexFileLayout.Tag: Range<Int>] = [:]

    /// Maps `path` and validates its structure and checksums.
    ///
    /// - Parameter verifyingSections: check every section's checksum (else only the header's,
    ///   the table's and the metadata's).
    /// - Complexity: O(file size) when verifying every section, else O(metadata size) (the
    ///   mapping reads no page of the other sections).
    init(path: String, verifyingSections: Bool = true) throws {
        self.path = path
        file = try MappedFile(path: path)
        let size = file.bytes.count
        let header = IndexFileLayout.headerSize
        if size >= IndexFileLayout.magic.count, Array(file.bytes[0..<IndexFileLayout.magic.count]) != IndexFileLayout.magic {
            throw IndexFileError.notAnIndex(path: path)
        }
        guard size >= header else { throw IndexFileError.truncated(path: path, expected: header, actual: size) }
        let version = file.integer(at: 8, as: UInt32.self)
        guard version == IndexFileLayout.version else { throw IndexFileError.unsupportedVersion(path: path, version: version) }
        let count = Int(file.integer(at: 12, as: UInt32.self))
        let expectedLength = file.integer(at: 24, as: UInt64.self)
        guard count <= IndexFileLayout.Tag.allCases.count, expectedLength < UInt64(Int.max) else {
            throw IndexFileError.corrupt(path: path, reason: "implausible header")
        }
        let tableEnd = header + count * IndexFileLayout.entrySize
        guard size >= tableEnd, size >= Int(expectedLength) else {
            throw IndexFileError.truncated(path: path, expected: max(tableEnd, Int(expectedLength)), actual: size)
        }
        var headerAndTable = Array(file.bytes[0..<tableEnd])
        headerAndTable.replaceSubrange(16..<24, with: repeatElement(0, count: 8))
        let checksum = headerAndTable.withUnsafeBytes { IndexFileLayout.checksum($0) }
        guard checksum == file.integer(at: 16, as: UInt64.self) else {
            throw IndexFileError.corrupt(path: path, reason: "header checksum mismatch")
        }
        for entry in 0..<count {
            let at = header + entry * IndexFileLayout.entrySize
            guard let tag = IndexFileLayout.Tag(code: file.integer(at: at, as: UInt32.self)) else {
                throw IndexFileError.corrupt(path: path, reason: "unknown section \(entry)")
            }
            let offset = file.integer(at: at + 8, as: UInt64.self), length = file.integer(at: at + 16, as: UInt64.self)
            guard offset <= UInt64(size), length <= UInt64(size) - offset else {
                throw IndexFileError.truncated(path: path, expected: Int(clamping: offset &+ length), actual: size)
            }
            let range = Int(offset)..<Int(offset + length)
            sections[tag] = range
            guard verifyingSections || tag == .metadata else { continue }
            let sum = IndexFileLayout.checksum(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
            guard sum == file.integer(at: at + 24, as: UInt64.self) else {
                throw IndexFileError.corrupt(path: path, reason: "checksum mismatch in section \(tag.rawValue)")
            }
        }
    }

    /// The raw bytes of a section that must be present.
    func bytes(_ tag: IndexFileLayout.Tag) throws -> UnsafeRawBufferPointer {
        guard let range = sections[tag] else { throw IndexFileError.corrupt(path: path, reason: "missing section \(tag.rawValue)") }
        return UnsafeRawBufferPointer(rebasing: file.bytes[range])
    }

    /// A section copied out as `count` values of `T` (when present, or when `count` is 0).
    ///
    /// - Throws: `.corrupt` when the section is missing or its length is not `count` values.
    func array<T>(_ tag: IndexFileLayout.Tag, of type: T.Type, count: Int) throws -> [T] {
        if count == 0 && sections[tag] == nil { return [] }
        let raw = try bytes(tag)
        guard raw.count == count * MemoryLayout<T>.stride else {
            throw IndexFileError.corrupt(path: path, reason: "section \(tag.rawValue) has \(raw.count) bytes, expected \(count * MemoryLayout<T>.stride)")
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
            initialized = count
        }
    }

    /// Advises the kernel that section `tag` is read a few scattered rows at a time
    /// (`MappedFile.adviseRandomAccess`); nothing happens when the file has no such section.
    func adviseRandomAccess(_ tag: IndexFileLayout.Tag) {
        if let range = sections[tag] { file.adviseRandomAccess(range) }
    }

    /// A section read in place from the mapping as `count` values of `T` (empty when the section
    /// is missing and `count` is 0).
    ///
    /// - Throws: `.corrupt` when the section is missing, its length is not `count` values, or it
    ///   is not aligned for `T`.
    /// - Complexity: O(1).
    func mapped<T: BitwiseCopyable>(_ tag: IndexFileLayout.Tag, of type: T.Type, count: Int) throws -> MappedArray<T> {
        if count == 0 && sections[tag] == nil { return [] }
        let raw = try bytes(tag)
        guard raw.count == count * MemoryLayout<T>.stride else {
            throw IndexFileError.corrupt(path: path, reason: "section \(tag.rawValue) has \(raw.count) bytes, expected \(count * MemoryLayout<T>.stride)")
        }
        guard count > 0 else { return [] }
        guard Int(bitPattern: raw.baseAddress!) % MemoryLayout<T>.alignment == 0 else {
            throw IndexFileError.corrupt(path: path, reason: "section \(tag.rawValue) is not aligned")
        }
        return MappedArray(borrowing: raw.assumingMemoryBound(to: T.self), from: file)
    }
}
