import Dispatch

/// Runs blocking work (a tower pass, a catalog read, a JPEG decode) on a Dispatch queue instead of
/// a Swift concurrency thread, so that the server's event loops and other requests keep moving.
///
/// - Complexity: the work's own, plus one hop to a global queue and back.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}
