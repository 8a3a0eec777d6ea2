import Foundation
import Hummingbird

/// Lets a request through only when it carries the server's token: as `Authorization: Bearer T`,
/// or as the `litsearch_token` cookie that opening `/?token=T` sets (the page then reloads without
/// the token in its address, so that it does not end up in bookmarks and shared links).
///
/// Tokens are compared in constant time, so the time of a refusal does not tell how much of a
/// guess was right.
struct AccessTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String
    static var cookieName: String { "litsearch_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
           Self.matches(String(header.dropFirst("Bearer ".count)), token) {
            return try await next(request, context)
        }
        if let cookie = request.cookies[Self.cookieName], Self.matches(cookie.value, token) {
            return try await next(request, context)
        }
        let query = QueryString(request.uri.query)
        if request.method == .get, request.uri.path == "/", let offered = query["token"], Self.matches(offered, token) {
            var headers: HTTPFields = [.location: "/" + Self.queryWithoutToken(request.uri.query), .cacheControl: "no-store"]
            headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return Response(status: .seeOther, headers: headers)
        }
        throw APIError(.unauthorized, "this server needs its access token: open /?token=TOKEN in a browser, or send the header 'Authorization: Bearer TOKEN'")
    }

    /// Whether `offered` equals `expected`, in time that depends only on their lengths.
    ///
    /// - Complexity: O(max(offered.count, expected.count)).
    static func matches(_ offered: String, _ expected: String) -> Bool {
        let a = Array(offered.utf8), b = Array(expected.utf8)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }

    /// `?rest` of `query` without its `token` parameter ("" when nothing is left).
    static func queryWithoutToken(_ query: String?) -> String {
        let kept = (query ?? "").split(separator: "&").filter { !$0.hasPrefix("token=") && $0 != "token" }
        return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
    }
}
