import Catalog
import Foundation
import Hummingbird
import ImageIO
import LitSearch
import Tokenizer

extension SearchServer {
    /// `GET /api/search`, `GET /api/similar`, `POST /api/search/image`, `GET /api/info`.
    func addAPIRoutes(to router: Router<BasicRequestContext>) {
        let searcher = self.searcher
        router.get("/api/search") { request, _ -> Response in
            let query = QueryString(request.uri.query)
            guard let text = query["q"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.badRequest("give the words to search for as ?q=")
            }
            let lang = query["lang"].flatMap { $0.isEmpty ? nil : $0 }
            let k = try Self.resultCount(query["k"])
            do {
                let answer = try await offloaded { try searcher.search(text: text, language: lang, k: k) }
                return try SearchResponse(query: .init(text: text, lang: lang), answer: answer).jsonResponse()
            } catch let error as NormalizationError {
                throw APIError.badRequest("\(error)")
            } catch let error as TextModelMissing {
                throw APIError(.serviceUnavailable, error.chosen ? "\(error)" : "no trained text tower is installed; search by photo instead")
            }
        }
        router.get("/api/similar") { request, _ -> Response in
            let query = QueryString(request.uri.query)
            guard let raw = query["id"], let id = Int64(raw), id > 0 else { throw APIError.badRequest("give an image id as ?id=") }
            let k = try Self.resultCount(query["k"])
            guard let answer = try await offloaded({ try searcher.similar(to: id, k: k) }) else {
                throw APIError.notFound("no indexed image has id \(id)")
            }
            return try SearchResponse(query: .init(similar: id), answer: answer).jsonResponse()
        }
        router.post("/api/search/image") { request, context -> Response in
            let k = try Self.resultCount(QueryString(request.uri.query)["k"])
            if let type = request.headers[.contentType]?.lowercased(),
               !(type.hasPrefix("image/") || type.hasPrefix("application/octet-stream")) {
                throw APIError(.unsupportedMediaType, "send the photo itself as the body (image/jpeg, image/png, image/webp, image/gif, image/bmp), not \(type)")
            }
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxUploadBytes {
                throw APIError(.contentTooLarge, "the photo is larger than \(Self.maxUploadBytes >> 20) MB")
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: Self.maxUploadBytes) } catch let error as HTTPError where error.status == .contentTooLarge {
                throw APIError(.contentTooLarge, "the photo is larger than \(Self.maxUploadBytes >> 20) MB")
            }
            let bytes = [UInt8](buffer: body)
            guard !bytes.isEmpty else { throw APIError.badRequest("the request has no photo in its body") }
            do {
                let answer = try await offloaded { try searcher.search(photo: bytes, k: k) }
                return try SearchResponse(query: .init(imageBytes: bytes.count), answer: answer).jsonResponse()
            } catch let failure as ImageFailure {
                throw APIError(.unsupportedMediaType, "not a photo litsearch can read: \(failure.message)")
            }
        }
        router.get("/api/info") { _, _ -> Response in
            try await offloaded { try searcher.summary() }.jsonResponse()
        }
    }

    /// `k` from a query parameter: 50 when absent, else a whole number from 1 to `maxResults`.
    static func resultCount(_ raw: String?) throws -> Int {
        guard let raw else { return 50 }
        guard let k = Int(raw), (1...maxResults).contains(k) else {
            throw APIError.badRequest("k must be a whole number from 1 to \(maxResults), not '\(raw)'")
        }
        return k
    }
}
