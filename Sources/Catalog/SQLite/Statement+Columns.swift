import CSQLite
import Foundation

/// Column getters. Columns are numbered from **0**; read them after ``Statement/step()`` returned
/// `true` and before the next step or reset. NULL reads as 0 for numbers and `nil` otherwise.
extension Statement {
    /// The number of result columns.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of result column `index` (its `AS` alias, if any).
    public func columnName(at index: Int) -> String {
        String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    /// Whether column `index` of the current row is NULL.
    public func isNull(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// Column `index` as an integer (0 for NULL).
    public func int(at index: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(index))) }

    /// Column `index` as a 64-bit integer (0 for NULL).
    public func int64(at index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    /// Column `index` as a double (0 for NULL).
    public func double(at index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// Column `index` as an optional integer (`nil` for NULL).
    public func optionalInt(at index: Int) -> Int? { isNull(at: index) ? nil : int(at: index) }

    /// Column `index` as UTF-8 text, or `nil` for NULL.
    public func string(at index: Int) -> String? {
        // Per SQLite's docs: call column_text first, then column_bytes for the length.
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Column `index` as a copied BLOB, or `nil` for NULL. An empty BLOB reads as empty `Data`.
    public func data(at index: Int) -> Data? {
        if isNull(at: index) { return nil }
        return withUnsafeBytes(at: index) { Data($0) }
    }

    /// Column `index` as a byte array, or `nil` for NULL.
    public func bytes(at index: Int) -> [UInt8]? {
        if isNull(at: index) { return nil }
        return withUnsafeBytes(at: index) { Array($0) }
    }

    /// Calls `body` with the BLOB of column `index`, without copying it.
    ///
    /// The buffer points into SQLite's memory and is valid only inside `body`; it may be unaligned.
    /// NULL and the empty BLOB both give an empty buffer.
    public func withUnsafeBytes<T>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, Int32(index))
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }
}
