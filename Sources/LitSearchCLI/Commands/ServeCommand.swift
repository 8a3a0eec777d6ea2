import ArgumentParser
import Dispatch
import Foundation
import LitSearch
import Server

/// `litsearch serve`: the search page and JSON API over an index, until Ctrl-C.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Search the index from a web page and an HTTP API.",
        discussion: """
        Serves a search page at / (type words in any language, drop a photo, click an image for \
        "more like this") and a JSON API: GET /api/search?q=TEXT&lang=TAG&k=N, GET /api/similar?id=ID, \
        POST /api/search/image (the photo as the body), GET /api/info, GET /thumb/ID and GET /image/ID. \
        Only images in the catalog are served, by id. The index may be updated by `litsearch index` \
        while it runs: answers come from the last finished run, and a new one is picked up without \
        a restart.

        It listens on 127.0.0.1 (this machine only). On any other address it needs --token (every \
        request must carry it; open /?token=TOKEN once in a browser) or, to share the photos with \
        everyone who can reach the address, --no-auth.

        Examples:
          litsearch serve
          litsearch serve --port 9000 --index ~/photo-index
          litsearch serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"
        """
    )

    @OptionGroup var index: IndexOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The TCP port (0: any free port).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("A secret every request must carry (at least 8 characters).", valueName: "token"))
    var token: String?

    @Flag(name: .customLong("no-auth"), help: "Listen on a non-loopback address without a token.")
    var noAuth = false

    func validate() throws {
        do { _ = try configuration.validated() } catch let error as ServerConfigurationError {
            throw ValidationError(error.description)
        }
    }

    private var configuration: ServerConfiguration {
        ServerConfiguration(host: host, port: port, token: token, allowsAnyone: noAuth)
    }

    func run() throws {
        let server: SearchServer
        do {
            server = SearchServer(searcher: try CollectionSearcher(directory: index.directory), configuration: configuration)
        } catch {
            throw failure(error)
        }
        if noAuth { printError("warning: --no-auth: anyone who can reach \(host):\(port) can browse the indexed photos") }
        let configuration = self.configuration
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Error?
        Task {
            do {
                try await server.run { port in
                    FileHandle.standardError.write(Data("listening on \(configuration.url(port: port))\n".utf8))
                }
            } catch {
                outcome = error
            }
            finished.signal()
        }
        finished.wait()
        if let outcome { throw failure(outcome) }
    }
}
