import LitSearch
import XCTest

/// Issue 15, item 5: folders inside one another cannot both be roots of an index.
final class RootNestingTests: XCTestCase {
    func testNestedFoldersAreRefusedAndSiblingsAccepted() throws {
        XCTAssertNoThrow(try Indexer.checkNesting(["/p/a", "/p/b", "/p/ab"], held: ["/p/a", "/q"]), "siblings, and a root given again")
        XCTAssertNoThrow(try Indexer.checkNesting(["/p/a"], held: ["/p/a-old", "/p/ab"]), "a name that starts alike is not inside")
        XCTAssertThrowsError(try Indexer.checkNesting(["/p", "/p/a"], held: [])) { error in
            XCTAssertEqual("\(error)", "/p/a is inside /p: give only /p (it includes /p/a)")
        }
        XCTAssertThrowsError(try Indexer.checkNesting(["/p/a/b"], held: ["/p/a"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("/p/a/b is inside /p/a, and the index holds one of them"), "\(error)")
        }
        XCTAssertThrowsError(try Indexer.checkNesting(["/p"], held: ["/p/a"])) { error in
            XCTAssertTrue("\(error)".contains("`litsearch forget`"), "\(error)")
        }
        XCTAssertThrowsError(try Indexer.checkNesting(["/"], held: ["/p"]), "the file system root holds everything")
    }
}
