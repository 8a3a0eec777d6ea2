#if canImport(Glibc)
import Glibc
#endif

/// Reads whole files with POSIX calls, refusing files too large to be a photo.
public struct FileReader: Sendable {
    /// Files larger than this are refused without being read.
    public var maximumBytes: Int64 = 512 << 20

    public init() {}

    /// The bytes of the file at `path`.
    ///
    /// - Throws: `FileProblem` with a message naming the system error.
    public func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw problem(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw problem(errno) }
        guard Int64(status.st_size) <= maximumBytes else {
            throw FileProblem(kind: .unreadable, message: "file is \(status.st_size >> 20) MiB; files over \(maximumBytes >> 20) MiB are not read")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw problem(errno)
            }
            if got == 0 { break }
            filled += got
        }
        // The file shrank while being read: keep what is there; the decoder judges it.
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }

    private func problem(_ code: Int32) -> FileProblem {
        FileProblem(kind: .unreadable, message: String(cString: strerror(code)))
    }
}

extension FileProblem: Error {}
