import Dispatch

/// Work started on another thread now and collected later: a text query loads the concept
/// bridge's lexicon while the text towers load, each on its own core.
///
/// ```swift
/// let bridge = Prefetch { try loader.installedBridge() }
/// let towers = try loader.load(nil, chosen: false)   // meanwhile, on this thread
/// let installed = try bridge.value()                 // waits if it is not done yet
/// ```
public final class Prefetch<Value>: @unchecked Sendable {
    private var result: Result<Value, Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    /// The work's value (or its error), waiting for it to finish; call it once.
    public func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
