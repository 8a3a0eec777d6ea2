import CTokenizerShims

/// Runs ICU's "preflight then fill" string functions on UTF-16 buffers.
///
/// ICU string functions write into a caller-provided buffer and return the length they needed; when
/// the buffer was too small they report a buffer overflow. `transform` retries once with the exact size.
enum ICUCalls {
    /// The shape of the shim's string functions: source, length, destination, capacity, status.
    typealias StringFunction = (
        UnsafePointer<UInt16>, Int32, UnsafeMutablePointer<UInt16>, Int32, UnsafeMutablePointer<Int32>
    ) -> Int32

    /// Calls `body` until the output fits, and returns the output.
    ///
    /// - Complexity: O(n) plus whatever `body` costs, at most twice.
    static func transform(_ source: [UInt16], _ body: StringFunction) throws -> [UInt16] {
        if source.isEmpty { return [] }
        var capacity = source.count * 2 + 16
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let needed = source.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    body(src.baseAddress!, Int32(src.count), dst.baseAddress!, Int32(capacity), &status)
                }
            }
            if status == LITSEARCH_ICU_BUFFER_OVERFLOW {
                capacity = Int(needed) + 1
                continue
            }
            guard status <= 0 else { throw NormalizationError.icu(name(of: status)) }
            output.removeSubrange(Int(needed)...)
            return output
        }
        throw NormalizationError.icu("U_BUFFER_OVERFLOW_ERROR")
    }

    /// The name ICU gives a status value.
    static func name(of status: Int32) -> String {
        String(cString: litsearch_error_name(status))
    }
}
