import Foundation
import Hummingbird
import LitSearch

extension SearchServer {
    /// `GET /thumb/ID` (a JPEG of at most 320 px, cached) and `GET /image/ID` (the original file).
    ///
    /// IDs are the catalog's: anything else in the URL (`..`, encoded slashes, names) is 404, and
    /// so is an image whose file is gone or was swapped for another one or a link since indexing.
    func addFileRoutes(to router: Router<BasicRequestContext>) {
        let searcher = self.searcher
        let thumbnails = self.thumbnails
        router.get("/thumb/:id") { _, context -> Response in
            let id = try Self.imageID(context)
            let bytes: [UInt8] = try await offloaded {
                guard let (record, url) = try searcher.file(id: id) else { throw APIError.notFound("no indexed image has id \(id)") }
                do { return try thumbnails.jpeg(for: record, at: url) } catch {
                    throw APIError(.unprocessableContent, "image \(id) no longer decodes: \(error)")
                }
            }
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/image/:id") { _, context -> Response in
            let id = try Self.imageID(context)
            let (bytes, format): ([UInt8], String?) = try await offloaded {
                guard let (record, url) = try searcher.file(id: id) else { throw APIError.notFound("no indexed image has id \(id)") }
                do { return (try FileReader().read(url.path), record.format) } catch {
                    throw APIError.notFound("image \(id) cannot be read any more")
                }
            }
            return Response(status: .ok, headers: [.contentType: Self.mediaType(format), .cacheControl: "private, max-age=3600",
                                                   .init("X-Content-Type-Options")!: "nosniff"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The `:id` of the path: a catalog id in plain digits, else 404.
    static func imageID(_ context: BasicRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), raw.utf8.allSatisfy({ (48...57).contains($0) }),
              let id = Int64(raw), id > 0 else {
            throw APIError.notFound()
        }
        return id
    }

    /// The media type of a catalog format name (`jpeg`, `png`, …).
    static func mediaType(_ format: String?) -> String {
        switch format {
        case "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "webp": return "image/webp"
        case "gif": return "image/gif"
        case "bmp": return "image/bmp"
        default: return "application/octet-stream"
        }
    }
}
