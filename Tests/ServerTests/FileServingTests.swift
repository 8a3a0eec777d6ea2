import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import LitSearch
import XCTest
@testable import Server

/// `/thumb/ID` and `/image/ID` serve catalog images by id and nothing else; the server follows
/// the index as another process updates it.
final class FileServingTests: XCTestCase {
    func testOnlyCatalogIDsAreServed() async throws {
        let photos = try IndexedPhotos(["chelsea.jpg", "dogs.jpg"])
        let app = SearchServer(searcher: try photos.searcher(), configuration: ServerConfiguration()).application()
        let refused = ["/image/..%2F..%2F..%2Fetc%2Fpasswd", "/image/../../etc/passwd", "/image/%2e%2e/catalog.sqlite",
                       "/image/chelsea.jpg", "/image/0", "/image/-1", "/image/1abc", "/image/+1", "/image/99999",
                       "/thumb/99999", "/thumb/..", "/image/", "/image/1/2", "/catalog.sqlite", "/thumbnails/1.jpg"]
        try await app.test(.router) { client in
            for uri in refused {
                try await client.execute(uri: uri, method: .get) { response in
                    XCTAssertEqual(response.status, .notFound, uri)
                    XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8", uri)
                }
            }
        }
    }

    func testFilesSwappedOrRemovedAfterIndexingAre404() async throws {
        let photos = try IndexedPhotos(["chelsea.jpg", "dogs.jpg", "rocket.jpg"])
        let secret = photos.folder.deletingLastPathComponent().appendingPathComponent("secret.jpg")
        try FileManager.default.copyItem(at: photos.folder.appendingPathComponent("rocket.jpg"), to: secret)
        let chelsea = try photos.id(of: "chelsea.jpg"), dogs = try photos.id(of: "dogs.jpg"), rocket = try photos.id(of: "rocket.jpg")
        // chelsea.jpg becomes a link to a file outside the folder; dogs.jpg is replaced by a copy of
        // another file (a new inode); rocket.jpg is deleted.
        try FileManager.default.removeItem(at: photos.folder.appendingPathComponent("chelsea.jpg"))
        try FileManager.default.createSymbolicLink(at: photos.folder.appendingPathComponent("chelsea.jpg"), withDestinationURL: secret)
        try FileManager.default.removeItem(at: photos.folder.appendingPathComponent("dogs.jpg"))
        try FileManager.default.copyItem(at: secret, to: photos.folder.appendingPathComponent("dogs.jpg"))
        try FileManager.default.removeItem(at: photos.folder.appendingPathComponent("rocket.jpg"))
        let app = SearchServer(searcher: try photos.searcher(), configuration: ServerConfiguration()).application()
        try await app.test(.router) { client in
            for id in [chelsea, dogs, rocket] {
                for kind in ["image", "thumb"] {
                    try await client.execute(uri: "/\(kind)/\(id)", method: .get) { XCTAssertEqual($0.status, .notFound, "/\(kind)/\(id)") }
                }
            }
        }
    }

    func testIndexedLinksAreServedAndThumbnailsAreCached() async throws {
        let photos = try IndexedPhotos(["chelsea.jpg"])
        let outside = photos.folder.deletingLastPathComponent().appendingPathComponent("kept.jpg")
        try FileManager.default.copyItem(at: IndexedPhotos.repository.appendingPathComponent("samples/dogs.jpg"), to: outside)
        try FileManager.default.createSymbolicLink(at: photos.folder.appendingPathComponent("linked.jpg"), withDestinationURL: outside)
        try photos.reindex()
        let linked = try photos.id(of: "linked.jpg")
        let app = SearchServer(searcher: try photos.searcher(), configuration: ServerConfiguration()).application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/image/\(linked)", method: .get) { XCTAssertEqual($0.status, .ok, "a link that was indexed as such is served") }
            try await client.execute(uri: "/thumb/\(linked)", method: .get) { XCTAssertEqual($0.status, .ok) }
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: photos.index.url.appendingPathComponent("thumbnails").path)
        XCTAssertEqual(cached.count, 1)
        XCTAssertTrue(cached[0].hasPrefix("\(linked)-") && cached[0].hasSuffix(".jpg"), cached[0])
    }

    func testAServerFollowsTheIndexWithoutARestart() async throws {
        let photos = try IndexedPhotos(["chelsea.jpg", "dogs.jpg"])
        let app = SearchServer(searcher: try photos.searcher(), configuration: ServerConfiguration()).application()
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/api/search?q=rocket&k=10", method: .get) { String(buffer: $0.body) }
            XCTAssertFalse(before.contains("rocket.jpg"))
            // Another `litsearch index` run adds a photo while the server keeps running.
            try FileManager.default.copyItem(at: IndexedPhotos.repository.appendingPathComponent("samples/rocket.jpg"),
                                             to: photos.folder.appendingPathComponent("rocket.jpg"))
            try photos.reindex()
            let after = try await client.execute(uri: "/api/search?q=rocket&k=10", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            XCTAssertEqual(after["method"] as? String, "index", "the new generation of the joint index is read, not the exact scan")
            let paths = (after["results"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
            XCTAssertEqual(paths?.count, 3)
            XCTAssertEqual(paths?.first, "rocket.jpg")
            let id = try photos.id(of: "rocket.jpg")
            try await client.execute(uri: "/image/\(id)", method: .get) { XCTAssertEqual($0.status, .ok) }
        }
    }
}

/// Issue 15, item 5: an index of several folders serves each image from its own folder.
final class SeveralRootsServingTests: XCTestCase {
    func testEachImageIsServedFromItsOwnFolder() throws {
        let photos = try IndexedPhotos(["chelsea.jpg", "dogs.jpg"])
        let more = try photos.addFolder(["chelsea.jpg", "rocket.jpg"])
        let searcher = try photos.searcher()
        let folder = photos.folder.standardizedFileURL.path, second = more.standardizedFileURL.path
        XCTAssertEqual(try searcher.summary().roots, [folder, second])
        XCTAssertEqual(try searcher.summary().indexed, 4, "chelsea.jpg in both folders is two images")

        let catalog = try Catalog(directory: photos.index, mode: .readOnly)
        for root in try catalog.roots() {
            let record = try XCTUnwrap(catalog.image(atPath: "chelsea.jpg", root: root.id))
            XCTAssertEqual(try searcher.file(id: record.id)?.url.path, root.path + "/chelsea.jpg")
        }
        let rocket = try XCTUnwrap(catalog.image(atPath: "rocket.jpg"))
        XCTAssertEqual(try searcher.file(id: rocket.id)?.url.path, second + "/rocket.jpg")
    }
}
