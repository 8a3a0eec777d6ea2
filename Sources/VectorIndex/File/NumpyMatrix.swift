import Foundation

/// A 2-d float32 matrix read from a NumPy `.npy` file (format versions 1–3, C order).
///
/// Only what the ANN benchmark needs: little-endian `<f4` (or `<f8`/`<f2`, converted) arrays of
/// shape (rows, columns).
public struct NumpyMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major values.
    public let values: [Float]

    /// Why a `.npy` file could not be read.
    public struct FormatError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): not a readable .npy matrix (\(reason))" }
    }

    /// Reads `path`.
    ///
    /// - Throws: `FormatError` for anything but a 2-d little-endian float array in C order.
    /// - Complexity: O(file size).
    public init(contentsOf path: String) throws {
        func fail(_ reason: String) -> FormatError { FormatError(path: path, reason: reason) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        let (rows, columns, header, start) = try Self.layout(of: data, path: path)
        self.rows = rows
        self.columns = columns
        let count = rows * columns
        let payload = data[start...]
        if header.contains("'<f4'") {
            guard payload.count >= count * 4 else { throw fail("truncated data") }
            values = payload.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
        } else if header.contains("'<f8'") {
            guard payload.count >= count * 8 else { throw fail("truncated data") }
            values = payload.withUnsafeBytes { raw in (0..<count).map { Float(raw.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self)) } }
        } else if header.contains("'<f2'") {
            guard payload.count >= count * 2 else { throw fail("truncated data") }
            values = payload.withUnsafeBytes { raw in (0..<count).map { Float(raw.loadUnaligned(fromByteOffset: 2 * $0, as: Float16.self)) } }
        } else {
            throw fail("dtype is not <f4, <f8 or <f2")
        }
    }

    /// A `<f2` matrix left in the file: its little-endian float16 values as a slice of the mapped
    /// file, so that only the pages a reader touches are read.
    ///
    /// - Throws: `FormatError` for anything but a 2-d little-endian `<f2` array in C order.
    /// - Complexity: O(header).
    public static func mappedHalfPrecision(contentsOf path: String) throws -> (rows: Int, columns: Int, values: Data) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let (rows, columns, header, start) = try layout(of: data, path: path)
        let count = rows * columns
        guard header.contains("'<f2'") else { throw FormatError(path: path, reason: "dtype is not <f2") }
        guard data.count - start >= count * 2 else { throw FormatError(path: path, reason: "truncated data") }
        return (rows, columns, data[start..<(start + count * 2)])
    }

    /// The shape, the header text and where the data starts.
    private static func layout(of data: Data, path: String) throws -> (rows: Int, columns: Int, header: String, start: Int) {
        func fail(_ reason: String) -> FormatError { FormatError(path: path, reason: reason) }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else { throw fail("bad magic") }
        let major = bytes[6]
        let headerLengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + headerLengthSize else { throw fail("short header") }
        let headerLength = (0..<headerLengthSize).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let start = 8 + headerLengthSize + headerLength
        guard data.count >= start else { throw fail("truncated header") }
        let header = String(decoding: data[(8 + headerLengthSize)..<start], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else { throw fail("Fortran order") }
        guard let shapeStart = header.range(of: "'shape': ("), let shapeEnd = header[shapeStart.upperBound...].firstIndex(of: ")") else {
            throw fail("no shape")
        }
        let shape = header[shapeStart.upperBound..<shapeEnd].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard shape.count == 2 else { throw fail("shape \(shape) is not 2-d") }
        return (shape[0], shape[1], header, start)
    }

    /// A matrix from values already in memory.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}
