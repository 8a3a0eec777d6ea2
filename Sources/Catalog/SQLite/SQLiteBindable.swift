import Foundation

/// A value that can be bound to a statement parameter.
///
/// Conforming types: `Int`, `Int64`, `Int32`, `Double`, `Bool` (0/1), `String` (TEXT),
/// `Data` and `[UInt8]` (BLOB). Pass them in argument arrays; `nil` binds NULL:
///
/// ```swift
/// try db.execute("INSERT INTO t(a, b, c) VALUES (?, ?, ?)", [42, "text", nil])
/// ```
public protocol SQLiteBindable {
    /// Binds `self` to parameter `index` (1-based) of `statement`.
    func bind(to statement: Statement, at index: Int) throws
}

extension Int: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Int64: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Int32: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(Int64(self), at: index) }
}

extension Double: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Bool: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self ? 1 : 0, at: index) }
}

extension String: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Data: SQLiteBindable {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Array: SQLiteBindable where Element == UInt8 {
    public func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}
