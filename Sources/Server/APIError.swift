import Foundation
import Hummingbird

/// An error answered as `{"error": "…"}` with an HTTP status.
///
/// Handlers throw it for what the client got wrong (400, 404, 413, 415) and `ErrorResponder`
/// turns anything else into a 500 whose message is the error's description.
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func notFound(_ what: String = "no such page") -> APIError { APIError(.notFound, what) }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// The JSON response.
    var response: Response {
        // Encoding a one-string dictionary cannot fail; the fallback is the bare status.
        (try? ["error": message].jsonResponse(status: status)) ?? Response(status: status)
    }
}

/// Answers every error, from a handler or from the router (an unknown path), as `APIError` JSON.
struct ErrorResponder<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPError {
            let message: String
            switch error.status {
            case .notFound: message = "no such page"
            case .contentTooLarge: message = "the request body is too large"
            case .methodNotAllowed: message = "method not allowed"
            default: message = error.body ?? error.status.reasonPhrase
            }
            return APIError(error.status, message).response
        } catch {
            context.logger.error("request failed: \(error)")
            return APIError(.internalServerError, "\(error)").response
        }
    }
}
