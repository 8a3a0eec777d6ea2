import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import Server

/// Who may ask: loopback by default, a token everywhere else, compared in constant time.
final class AccessTests: XCTestCase {
    func testNonLoopbackAddressesNeedATokenOrAnExplicitNoAuth() throws {
        XCTAssertNoThrow(try ServerConfiguration().validated())
        XCTAssertNoThrow(try ServerConfiguration(host: "::1").validated())
        XCTAssertThrowsError(try ServerConfiguration(host: "0.0.0.0").validated()) { error in
            XCTAssertTrue("\(error)".contains("--token"), "\(error)")
        }
        XCTAssertThrowsError(try ServerConfiguration(host: "192.0.2.7").validated())
        XCTAssertNoThrow(try ServerConfiguration(host: "0.0.0.0", token: "correct-horse").validated())
        XCTAssertNoThrow(try ServerConfiguration(host: "0.0.0.0", allowsAnyone: true).validated())
        XCTAssertThrowsError(try ServerConfiguration(host: "0.0.0.0", token: "short").validated())
        XCTAssertThrowsError(try ServerConfiguration(token: "has space in it").validated())
        XCTAssertThrowsError(try ServerConfiguration(token: "correct-horse", allowsAnyone: true).validated())
        XCTAssertThrowsError(try ServerConfiguration(port: 70000).validated())
        XCTAssertEqual(ServerConfiguration(host: "0.0.0.0").url(port: 8080), "http://localhost:8080")
    }

    func testTokenComparison() {
        typealias Check = AccessTokenMiddleware<BasicRequestContext>
        XCTAssertTrue(Check.matches("correct-horse", "correct-horse"))
        XCTAssertFalse(Check.matches("correct-hors", "correct-horse"))
        XCTAssertFalse(Check.matches("correct-horsE", "correct-horse"))
        XCTAssertFalse(Check.matches("", "correct-horse"))
        XCTAssertFalse(Check.matches("correct-horse-and-more", "correct-horse"))
        XCTAssertEqual(Check.queryWithoutToken("token=abc&q=dog&lang=de"), "?q=dog&lang=de")
        XCTAssertEqual(Check.queryWithoutToken("token=abc"), "")
    }

    func testEveryRequestNeedsTheTokenByHeaderOrCookie() async throws {
        // No index is needed to be turned away; the page itself is the only route exercised past the check.
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorResponder())
        router.add(middleware: AccessTokenMiddleware(token: "correct-horse"))
        router.get("/") { _, _ in "page" }
        router.get("/api/info") { _, _ in "info" }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/info", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertTrue(String(buffer: response.body).contains("\"error\""))
            }
            try await client.execute(uri: "/api/info", method: .get, headers: [.authorization: "Bearer wrong-horse"]) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            try await client.execute(uri: "/api/info", method: .get, headers: [.authorization: "Bearer correct-horse"]) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/api/info", method: .get, headers: [.cookie: "litsearch_token=correct-horse"]) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/api/info?token=correct-horse", method: .get) {
                XCTAssertEqual($0.status, .unauthorized, "only the page takes the token from its address")
            }
            try await client.execute(uri: "/?token=wrong-horse", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
            try await client.execute(uri: "/?q=dog&token=correct-horse", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/?q=dog", "the token leaves the address")
                let cookie = try XCTUnwrap(response.headers[.setCookie])
                XCTAssertTrue(cookie.hasPrefix("litsearch_token=correct-horse;") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie)
            }
        }
    }

    func testQueryStringsDecodeAsBrowsersEncode() {
        let query = QueryString("q=red+apple%21&lang=de&k=&bad=%zz&q=second")
        XCTAssertEqual(query["q"], "red apple!", "the first value counts")
        XCTAssertEqual(query["lang"], "de")
        XCTAssertEqual(query["k"], "")
        XCTAssertEqual(query["bad"], "%zz", "a malformed escape is kept as it came")
        XCTAssertNil(query["missing"])
        XCTAssertEqual(QueryString("q=%E7%8A%AC")["q"], "犬")
        XCTAssertNil(QueryString(nil)["q"])
    }
}
