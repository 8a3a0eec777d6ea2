import CXXHash

/// The 128-bit XXH3 hash of a file's bytes, as 32 hex digits.
///
/// It identifies a file's content so that a moved or renamed photo keeps its embedding; it is not
/// meant to resist deliberate collisions.
///
/// - Complexity: O(n), at memory speed.
public func contentHash(_ bytes: [UInt8]) -> String {
    let hash = bytes.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
    return hex(hash.high64) + hex(hash.low64)
}

private func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
