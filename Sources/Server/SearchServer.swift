import Foundation
import Hummingbird
import LitSearch
import Logging

/// `litsearch serve`: the search page and its JSON API over one index, on Hummingbird.
///
/// ```swift
/// let searcher = try CollectionSearcher(directory: IndexDirectory(url: folder))
/// let server = SearchServer(searcher: searcher, configuration: try ServerConfiguration().validated())
/// try await server.run { port in print("listening on http://127.0.0.1:\(port)") }
/// ```
///
/// Routes: `GET /` (the page), `GET /api/search`, `GET /api/similar`, `POST /api/search/image`,
/// `GET /api/info`, `GET /thumb/ID`, `GET /image/ID`. Every error is `{"error": "…"}` JSON.
/// Only images in the catalog are served, by id; nothing in a URL is ever taken as a path.
public struct SearchServer: Sendable {
    public let searcher: CollectionSearcher
    public let configuration: ServerConfiguration
    let thumbnails: ThumbnailStore

    /// The largest photo `POST /api/search/image` accepts.
    public static let maxUploadBytes = 25 << 20
    /// The largest `k` a search may ask for.
    public static let maxResults = 1000

    public init(searcher: CollectionSearcher, configuration: ServerConfiguration) {
        self.searcher = searcher
        self.configuration = configuration
        thumbnails = ThumbnailStore(indexDirectory: searcher.directory.url)
    }

    /// The router with every route and the error and token middleware.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorResponder())
        if let token = configuration.token { router.add(middleware: AccessTokenMiddleware(token: token)) }
        addPageRoutes(to: router)
        addAPIRoutes(to: router)
        addFileRoutes(to: router)
        return router
    }

    /// The application, listening on the configured address; `onRunning` gets the bound port.
    public func application(logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var quiet = Logger(label: "litsearch.serve")
        quiet.logLevel = .warning   // one line per request would drown the terminal
        return Application(router: router(),
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "litsearch"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
                           logger: logger ?? quiet)
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
    ///
    /// - Throws: when the address cannot be bound.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(onRunning: onRunning).runService()
    }
}
