import Hummingbird

extension SearchServer {
    /// `GET /`, `/app.js`, `/app.css`: the page, served from the binary.
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        let html = PageHTML.text
        router.get("/") { _, _ in Self.asset(html, type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in Self.asset(PageScript.text, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.asset(PageStyle.text, type: "text/css; charset=utf-8") }
    }

    /// A page asset with a policy that allows nothing but this server's own scripts, styles and
    /// images (and the `blob:` of a dropped photo).
    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok,
                 headers: [.contentType: type, .cacheControl: "no-cache",
                           .contentSecurityPolicy: "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'",
                           .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "no-referrer"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
