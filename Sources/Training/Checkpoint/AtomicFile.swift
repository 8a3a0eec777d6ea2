import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader (or a restart after `kill -9` or power loss) sees either the old
/// file or the complete new one, never a torn mix.
enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `url`, fsyncs it, renames it over `url`, and
    /// fsyncs the directory so the rename itself is durable.
    ///
    /// - Complexity: O(bytes) I/O.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CheckpointError.io("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "write \(temporary): \(String(cString: strerror(errno)))"
                    return
                }
                written += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "fsync \(temporary): \(String(cString: strerror(errno)))" }
        close(fd)
        if let failure {
            unlink(temporary)
            throw CheckpointError.io(failure)
        }
        guard rename(temporary, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw CheckpointError.io("rename to \(url.path): \(message)")
        }
        let directoryFD = open(directory, O_RDONLY)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}

extension Checkpoint {
    /// Writes the checkpoint atomically (temporary file, fsync, rename, directory fsync).
    public func write(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }

    /// Reads and verifies a checkpoint; with `expected`, also checks the tokenizer and image model.
    ///
    /// - Throws: `CheckpointError`; a mismatched tokenizer hash or image model id is
    ///   `.tokenizerMismatch` / `.imageModelMismatch`.
    public static func read(from url: URL, expecting expected: CheckpointIdentity?) throws -> Checkpoint {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw CheckpointError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        let checkpoint = try data.withUnsafeBytes { try decode(raw: $0, path: url.path) }
        if let expected { try checkpoint.check(expected) }
        return checkpoint
    }
}
