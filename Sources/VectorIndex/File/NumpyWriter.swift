import AtomicFiles
import Foundation

/// Writes a 2-d float32 matrix as a NumPy `.npy` file (format 1.0, `<f4`, C order), a block of
/// rows at a time, so a million-row export never holds the whole matrix.
///
/// The file appears under its name only when `finish()` has written every row: it is written
/// through `AtomicFileWriter` (a temporary file beside it, fsynced and renamed); a writer dropped
/// before `finish()` leaves no file behind.
///
/// ```swift
/// let writer = try NumpyWriter(path: "out/joint.npy", rows: n, columns: 1512)
/// for block in blocks { try writer.append(block) }
/// try writer.finish()
/// ```
/// `numpy.load("out/joint.npy")` then gives an (n, 1512) float32 array.
public final class NumpyWriter {
    /// Why a `.npy` file could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public let path: String
    public let rows: Int
    public let columns: Int
    /// Rows written so far.
    public private(set) var written = 0
    private let file: AtomicFileWriter

    /// Starts `path` with a header for `rows × columns`.
    ///
    /// - Throws: `WriteError` when the file cannot be created.
    public init(path: String, rows: Int, columns: Int) throws {
        precondition(rows >= 0 && columns >= 0, "a matrix has non-negative sizes")
        self.path = path
        self.rows = rows
        self.columns = columns
        do { file = try AtomicFileWriter(path: path) } catch let error as AtomicWriteError {
            throw WriteError(path: path, reason: error.reason)
        }
        try write(Data(Self.header(rows: rows, columns: columns)))
    }

    /// The `.npy` 1.0 header for a float32 (rows, columns) array, padded to 64 bytes.
    static func header(rows: Int, columns: Int) -> [UInt8] {
        var dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        let unpadded = 10 + dictionary.utf8.count + 1
        dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(dictionary.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dictionary.utf8)
    }

    /// Appends whole rows (a multiple of `columns` values).
    ///
    /// - Throws: `WriteError` on a write error, or for more rows than announced.
    public func append(_ values: [Float]) throws {
        precondition(columns > 0 && values.count % columns == 0, "append whole rows of \(columns) values")
        guard written + values.count / columns <= rows else {
            throw WriteError(path: path, reason: "more rows than the \(rows) announced")
        }
        try values.withUnsafeBytes { try write(Data($0)) }
        written += values.count / columns
    }

    /// Checks that every row was written, then renames the file into place.
    ///
    /// - Throws: `WriteError` for missing rows or a failed rename.
    public func finish() throws {
        guard written == rows || columns == 0 else {
            file.discard()
            throw WriteError(path: path, reason: "\(written) of \(rows) rows written")
        }
        do { try file.commit() } catch let error as AtomicWriteError {
            throw WriteError(path: path, reason: error.reason)
        }
    }

    private func write(_ data: Data) throws {
        do { try file.write(data) } catch let error as AtomicWriteError {
            throw WriteError(path: path, reason: error.reason)
        }
    }
}
