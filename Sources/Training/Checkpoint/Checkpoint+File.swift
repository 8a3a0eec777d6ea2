import AtomicFiles
import Foundation

extension Checkpoint {
    /// Writes the checkpoint atomically (temporary file, fsync, rename, directory fsync).
    ///
    /// - Throws: `CheckpointError.io` naming the file and the failed step.
    public func write(to url: URL) throws {
        let bytes = try encoded()
        do { try AtomicFileWriter.write(bytes, to: url.path) } catch let error as AtomicWriteError {
            throw CheckpointError.io("\(error.path): \(error.reason)")
        }
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
