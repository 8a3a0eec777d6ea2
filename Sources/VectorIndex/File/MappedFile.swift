import Foundation

/// A read-only memory mapping of a whole file, unmapped on deinit.
final class MappedFile {
    /// The mapped bytes.
    let bytes: UnsafeRawBufferPointer

    /// Maps `path` read-only.
    ///
    /// - Throws: `IndexFileError.io` naming the file.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexFileError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IndexFileError.io(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        guard size > 0 else { bytes = UnsafeRawBufferPointer(start: nil, count: 0); return }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw IndexFileError.io(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// Tells the kernel that `range` of the mapping is read at random, a few rows at a time, so
    /// that a page fault there maps that page alone instead of reading ahead and mapping the
    /// pages around it (on Linux up to 64 KiB per fault, which made a 1,000,000-image text query's
    /// re-rank of 10,000 scattered float16 rows look like 700 MiB of resident memory).
    ///
    /// Advice only: a failure changes nothing but speed, so it is ignored.
    func adviseRandomAccess(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), range.upperBound - start, MADV_RANDOM)
    }

    /// The little-endian integer at `offset` (which must be in bounds).
    func integer<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
