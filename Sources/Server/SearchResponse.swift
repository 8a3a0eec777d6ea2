import Foundation
import Hummingbird
import LitSearch

/// The JSON of `/api/search`, `/api/similar` and `/api/search/image`.
///
/// ```json
/// {"query": {"text": "dog", "lang": "en"}, "method": "index",
///  "results": [{"id": 7, "path": "pets/rex.jpg", "score": 0.41, "thumbnail": "/thumb/7", "image": "/image/7"}]}
/// ```
/// `path` is relative to the indexed folder; `note` appears when the exact scan answered because
/// the vector index could not.
struct SearchResponse: Encodable, Sendable {
    /// What was asked: `{"text", "lang"}`, `{"similar": id}` or `{"image_bytes": n}`.
    let query: Query
    let method: String
    let results: [Result]
    let note: String?

    struct Query: Encodable, Sendable {
        var text: String?
        var lang: String?
        var similar: Int64?
        var imageBytes: Int?

        enum CodingKeys: String, CodingKey {
            case text, lang, similar
            case imageBytes = "image_bytes"
        }
    }

    struct Result: Encodable, Sendable {
        let id: Int64
        let path: String
        let score: Float
        let thumbnail: String
        let image: String
    }

    init(query: Query, answer: IndexedSearch.Answer) {
        self.query = query
        method = answer.method.rawValue
        results = answer.hits.map { Result(id: $0.id, path: $0.path, score: $0.score, thumbnail: "/thumb/\($0.id)", image: "/image/\($0.id)") }
        note = answer.note
    }
}

extension Encodable {
    /// `self` as a JSON response (snake_case keys as declared, sorted, never cached).
    func jsonResponse(status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(self)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
