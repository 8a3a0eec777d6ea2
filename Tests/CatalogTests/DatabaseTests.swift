import CSQLite
import Catalog
import Foundation
import XCTest

/// The thin SQLite layer: binds, columns, errors, transactions, busy handling.
final class DatabaseTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var db: Database!

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory()
        db = try Database(path: temporary.url.appendingPathComponent("test.sqlite").path)
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v, name TEXT UNIQUE)")
    }

    override func tearDown() {
        db = nil
        temporary = nil
    }

    /// Every bindable type comes back as stored; empty text and blobs are not NULL.
    func testBindAndReadEveryType() throws {
        let insert = try db.prepare("INSERT INTO t(v) VALUES (?)")
        let values: [SQLiteBindable?] = [Int.max, Int64.min, Int32(-7), 0.1, true, "grüße 📷", "", "a\u{0}b",
                                         Data([0, 1, 255]), Data(), [UInt8]([9, 8]), nil]
        for value in values { try insert.execute([value]) }

        let select = try db.prepare("SELECT v, typeof(v) FROM t ORDER BY id")
        var rows: [(Statement) -> Void] = [
            { XCTAssertEqual($0.int(at: 0), Int.max) },
            { XCTAssertEqual($0.int64(at: 0), Int64.min) },
            { XCTAssertEqual($0.int(at: 0), -7) },
            { XCTAssertEqual($0.double(at: 0), 0.1) },
            { XCTAssertEqual($0.int(at: 0), 1) },
            { XCTAssertEqual($0.string(at: 0), "grüße 📷") },
            { XCTAssertEqual($0.string(at: 0), ""); XCTAssertEqual($0.string(at: 1), "text") },
            { XCTAssertEqual($0.string(at: 0), "a\u{0}b") },
            { XCTAssertEqual($0.data(at: 0), Data([0, 1, 255])) },
            { XCTAssertEqual($0.data(at: 0), Data()); XCTAssertEqual($0.string(at: 1), "blob") },
            { XCTAssertEqual($0.bytes(at: 0), [9, 8]) },
            { XCTAssertTrue($0.isNull(at: 0)); XCTAssertNil($0.string(at: 0)); XCTAssertNil($0.data(at: 0)) },
        ]
        rows.reverse()
        while try select.step() { rows.popLast()?(select) }
        XCTAssertTrue(rows.isEmpty, "missing rows")
        XCTAssertEqual(select.columnCount, 2)
        XCTAssertEqual(select.columnName(at: 1), "typeof(v)")
    }

    /// Typed binds by index, reset and rebind of one statement.
    func testTypedBindsAndReuse() throws {
        let insert = try db.prepare("INSERT INTO t(v, name) VALUES (?1, ?2)")
        XCTAssertEqual(insert.parameterCount, 2)
        try insert.bind(42, at: 1)
        try insert.bind("x", at: 2)
        XCTAssertFalse(try insert.step())
        XCTAssertEqual(db.lastInsertRowID, 1)
        XCTAssertEqual(db.changes, 1)
        insert.reset()
        try insert.bind(2.5, at: 1)
        try insert.bindNull(at: 2)
        try insert.step()
        XCTAssertEqual(try db.fetchInt64("SELECT count(*) FROM t WHERE name IS NULL"), 1)
        XCTAssertTrue(try db.cachedStatement("SELECT 1") === db.cachedStatement("SELECT 1"))
    }

    /// Errors carry the primary and extended codes, SQLite's message and the SQL.
    func testErrorsCarryCodeMessageAndSQL() throws {
        try db.execute("INSERT INTO t(name) VALUES (?)", ["dup"])
        let sql = "INSERT INTO t(name) VALUES (?)"
        XCTAssertThrowsError(try db.execute(sql, ["dup"])) { error in
            let error = error as! DatabaseError
            XCTAssertEqual(error.resultCode, SQLITE_CONSTRAINT)
            XCTAssertEqual(error.extendedResultCode, 2067)  // SQLITE_CONSTRAINT_UNIQUE
            XCTAssertEqual(error.message, "UNIQUE constraint failed: t.name")
            XCTAssertEqual(error.sql, sql)
            XCTAssertEqual(error.description, "SQLite error 19 (extended 2067): UNIQUE constraint failed: t.name - while executing `\(sql)`")
        }
        XCTAssertThrowsError(try db.prepare("SELEKT 1")) { error in
            let error = error as! DatabaseError
            XCTAssertEqual(error.resultCode, SQLITE_ERROR)
            XCTAssertTrue(error.message.contains("syntax error"), error.message)
            XCTAssertEqual(error.sql, "SELEKT 1")
        }
        XCTAssertThrowsError(try db.execute("CREATE TABLE t(x); ")) { error in
            XCTAssertEqual((error as? DatabaseError)?.message, "table t already exists")
        }
        XCTAssertThrowsError(try Database(path: temporary.url.appendingPathComponent("no/such/dir/x.sqlite").path)) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, SQLITE_CANTOPEN)
        }
    }

    /// A throwing body rolls the transaction back; a returning one commits and returns its value.
    func testTransactionCommitsOrRollsBack() throws {
        struct Oops: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.execute("INSERT INTO t(name) VALUES ('rolled back')")
            throw Oops()
        }) { XCTAssertTrue($0 is Oops) }
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try db.fetchInt64("SELECT count(*) FROM t"), 0)

        let id = try db.transaction { () -> Int64 in
            try db.execute("INSERT INTO t(name) VALUES ('kept')")
            return db.lastInsertRowID
        }
        XCTAssertEqual(id, 1)
        XCTAssertEqual(try db.fetchString("SELECT name FROM t"), "kept")
    }

    /// A constraint error inside the body rolls back the whole transaction.
    func testConstraintErrorRollsBackEarlierWrites() throws {
        try db.execute("INSERT INTO t(name) VALUES ('taken')")
        XCTAssertThrowsError(try db.transaction {
            try db.execute("INSERT INTO t(name) VALUES ('new')")
            try db.execute("INSERT INTO t(name) VALUES ('taken')")
        })
        XCTAssertEqual(try db.fetchInt64("SELECT count(*) FROM t"), 1)
    }

    /// Nested transactions are savepoints: the inner one rolls back alone.
    func testNestedTransactionIsASavepoint() throws {
        struct Oops: Error {}
        try db.transaction {
            try db.execute("INSERT INTO t(name) VALUES ('outer')")
            XCTAssertThrowsError(try db.transaction {
                try db.execute("INSERT INTO t(name) VALUES ('inner')")
                throw Oops()
            })
            XCTAssertTrue(db.isInTransaction)
            try db.transaction { try db.execute("INSERT INTO t(name) VALUES ('inner kept')") }
        }
        var names: [String] = []
        try db.forEachRow("SELECT name FROM t ORDER BY id") { names.append($0.string(at: 0)!) }
        XCTAssertEqual(names, ["outer", "inner kept"])
    }

    /// A writer waits for another connection's write lock up to its busy timeout, then fails with SQLITE_BUSY.
    func testBusyTimeout() throws {
        try db.execute("PRAGMA journal_mode = WAL")
        let impatient = try Database(path: db.path, busyTimeout: 0.2)
        try db.execute("BEGIN IMMEDIATE")
        let started = Date()
        XCTAssertThrowsError(try impatient.transaction { try impatient.execute("INSERT INTO t(name) VALUES ('x')") }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, SQLITE_BUSY)
        }
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.15)
        try db.execute("COMMIT")

        // With a long timeout the second writer simply waits for the first to commit.
        let patient = try Database(path: db.path, busyTimeout: 10)
        try db.execute("BEGIN IMMEDIATE")
        let committer = Thread { [db] in
            usleep(200_000)
            try? db!.execute("COMMIT")
        }
        committer.start()
        try patient.transaction { try patient.execute("INSERT INTO t(name) VALUES ('after wait')") }
        XCTAssertEqual(try db.fetchInt64("SELECT count(*) FROM t"), 1)
    }

    /// Pragma helpers and integrity check.
    func testPragmaHelpers() throws {
        try db.setUserVersion(7)
        XCTAssertEqual(try db.userVersion(), 7)
        XCTAssertEqual(try db.applicationID(), 0)
        XCTAssertEqual(try db.integrityCheck(), ["ok"])
        XCTAssertEqual(try db.tableNames(), ["t"])
        XCTAssertEqual(try db.journalMode(), "delete")
    }
}
