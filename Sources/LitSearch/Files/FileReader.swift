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
        // O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; what was opened
        // is then checked, so a file swapped for a FIFO during a run cannot hang it.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw problem(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw problem(errno) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw FileProblem(kind: .unreadable, message: "not a regular file (\(Self.kind(of: status.st_mode))); only image files are read")
        }
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

    /// A name for a file type that is not a regular file.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        default: return "type \(mode & S_IFMT)"
        }
    }

    private func problem(_ code: Int32) -> FileProblem {
        FileProblem(kind: .unreadable, message: String(cString: strerror(code)))
    }
}

extension FileProblem: Error {}
