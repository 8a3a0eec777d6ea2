import Foundation
import Hummingbird
import HummingbirdTesting
import ImageIO
import LitSearch
import XCTest
@testable import Server

/// The JSON API over a real index of six sample photos: shapes, statuses and refusals.
final class SearchAPITests: XCTestCase {
    private static var shared: IndexedPhotos?

    private func photos() throws -> IndexedPhotos {
        if let shared = Self.shared { return shared }
        let made = try IndexedPhotos()
        Self.shared = made
        return made
    }

    private func app(_ configuration: ServerConfiguration = ServerConfiguration()) throws -> some ApplicationProtocol {
        SearchServer(searcher: try photos().searcher(), configuration: configuration).application()
    }

    private func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        return try XCTUnwrap(object as? [String: Any], String(buffer: response.body))
    }

    func testTextSearchReturnsKResultsWithWorkingThumbnailAndImageURLs() async throws {
        let samples = try Data(contentsOf: IndexedPhotos.repository.appendingPathComponent("samples/dogs.jpg"))
        try await app().test(.router) { client in
            let body = try await client.execute(uri: "/api/search?q=dog&k=5", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                return try self.json(response)
            }
            XCTAssertEqual((body["query"] as? [String: Any])?["text"] as? String, "dog")
            XCTAssertEqual(body["method"] as? String, "index")
            let results = try XCTUnwrap(body["results"] as? [[String: Any]])
            XCTAssertEqual(results.count, 5)
            XCTAssertEqual(results.first?["path"] as? String, "dogs.jpg", "the dog photo should rank first for 'dog'")
            let scores = results.compactMap { $0["score"] as? Double }
            XCTAssertEqual(scores, scores.sorted(by: >), "results are best first")
            for result in results {
                XCTAssertEqual(Set(result.keys), ["id", "path", "score", "thumbnail", "image"])
            }
            let first = try XCTUnwrap(results.first)
            let thumbnail = try XCTUnwrap(first["thumbnail"] as? String), image = try XCTUnwrap(first["image"] as? String)
            XCTAssertEqual(thumbnail, "/thumb/\(first["id"] as! Int)")
            try await client.execute(uri: thumbnail, method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "image/jpeg")
                let info = try ImageDecoder().probe([UInt8](buffer: response.body))
                XCTAssertEqual(info.format, .jpeg)
                XCTAssertEqual(max(info.width, info.height), 320, "a thumbnail is 320 px on its longer side")
            }
            try await client.execute(uri: image, method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "image/jpeg")
                XCTAssertEqual(Data(buffer: response.body), samples, "/image/ID is the original file, byte for byte")
            }
        }
    }

    func testSearchDefaultsToFiftyAndCapsAtTheCollection() async throws {
        try await app().test(.router) { client in
            let body = try await client.execute(uri: "/api/search?q=a%20cat&lang=en", method: .get) { try self.json($0) }
            XCTAssertEqual((body["results"] as? [Any])?.count, 6, "k defaults to 50; six images are indexed")
            XCTAssertEqual((body["query"] as? [String: Any])?["lang"] as? String, "en")
            XCTAssertEqual((body["query"] as? [String: Any])?["text"] as? String, "a cat", "%20 decodes to a space")
            let plus = try await client.execute(uri: "/api/search?q=a+cat&k=1", method: .get) { try self.json($0) }
            XCTAssertEqual((plus["query"] as? [String: Any])?["text"] as? String, "a cat", "+ decodes to a space, as forms send it")
        }
    }

    func testBadSearchesAreClientErrorsWithAMessage() async throws {
        let cases: [(String, HTTPResponse.Status)] = [
            ("/api/search", .badRequest), ("/api/search?q=", .badRequest), ("/api/search?q=%20%20", .badRequest),
            ("/api/search?q=dog&k=0", .badRequest), ("/api/search?q=dog&k=1001", .badRequest), ("/api/search?q=dog&k=ten", .badRequest),
            ("/api/search?q=dog&lang=not%20a%20tag!", .badRequest),
            ("/api/similar", .badRequest), ("/api/similar?id=abc", .badRequest), ("/api/similar?id=987654", .notFound),
            ("/api/nothing", .notFound), ("/favicon.ico", .notFound),
        ]
        try await app().test(.router) { client in
            for (uri, status) in cases {
                try await client.execute(uri: uri, method: .get) { response in
                    XCTAssertEqual(response.status, status, uri)
                    XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8", uri)
                    let error = try self.json(response)["error"] as? String
                    XCTAssertFalse(error?.isEmpty ?? true, "\(uri) says what went wrong")
                }
            }
            try await client.execute(uri: "/api/search?q=dog", method: .post) { response in
                XCTAssertEqual(response.status, .notFound, "POST is not a search")
            }
        }
    }

    func testSimilarRanksTheImageItselfFirst() async throws {
        let id = try photos().id(of: "rocket.jpg")
        try await app().test(.router) { client in
            let body = try await client.execute(uri: "/api/similar?id=\(id)&k=3", method: .get) { try self.json($0) }
            let results = try XCTUnwrap(body["results"] as? [[String: Any]])
            XCTAssertEqual(results.count, 3)
            XCTAssertEqual(results.first?["id"] as? Int, Int(id))
            XCTAssertEqual((body["query"] as? [String: Any])?["similar"] as? Int, Int(id))
        }
    }

    func testPhotoUploadFindsThatPhotoAndRefusesWhatIsNotOne() async throws {
        let chelsea = try Data(contentsOf: IndexedPhotos.repository.appendingPathComponent("samples/chelsea.jpg"))
        try await app().test(.router) { client in
            let body = try await client.execute(uri: "/api/search/image?k=2", method: .post, headers: [.contentType: "image/jpeg"],
                                                body: ByteBuffer(bytes: chelsea)) { try self.json($0) }
            let results = try XCTUnwrap(body["results"] as? [[String: Any]])
            XCTAssertEqual(results.first?["path"] as? String, "chelsea.jpg")
            XCTAssertEqual((body["query"] as? [String: Any])?["image_bytes"] as? Int, chelsea.count)
            try await client.execute(uri: "/api/search/image", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: "hello")) { XCTAssertEqual($0.status, .unsupportedMediaType) }
            try await client.execute(uri: "/api/search/image", method: .post, headers: [.contentType: "image/png"],
                                     body: ByteBuffer(string: "not a png at all")) { XCTAssertEqual($0.status, .unsupportedMediaType) }
            try await client.execute(uri: "/api/search/image", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: chelsea.prefix(900))) { XCTAssertEqual($0.status, .unsupportedMediaType, "a truncated JPEG") }
            let huge = ByteBuffer(repeating: 0xFF, count: SearchServer.maxUploadBytes + 1)
            try await client.execute(uri: "/api/search/image", method: .post, headers: [.contentType: "image/jpeg"], body: huge) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertNotNil(try self.json(response)["error"])
            }
        }
    }

    func testInfoCountsTheCollection() async throws {
        try await app().test(.router) { client in
            let info = try await client.execute(uri: "/api/info", method: .get) { try self.json($0) }
            XCTAssertEqual(info["images"] as? Int, 6)
            XCTAssertEqual(info["indexed"] as? Int, 6)
            XCTAssertEqual(info["roots"] as? [String], [try self.photos().folder.path])
            XCTAssertEqual((info["last_run"] as? [String: Any])?["running"] as? Bool, false)
            XCTAssertNotNil(info["image_model"] as? String)
        }
    }

    func testPageIsServedFromTheBinaryUnderAStrictPolicy() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/?q=dog&lang=de", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("<form id=\"search\""))
                XCTAssertTrue(html.contains("<option value=\"de\">Deutsch</option>"))
                XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no external assets")
                XCTAssertTrue(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") ?? false)
            }
            try await client.execute(uri: "/app.js", method: .get) { response in
                XCTAssertEqual(response.headers[.contentType], "text/javascript; charset=utf-8")
                XCTAssertTrue(String(buffer: response.body).contains("/api/search?q="))
            }
            try await client.execute(uri: "/app.css", method: .get) { XCTAssertEqual($0.status, .ok) }
        }
    }
}
