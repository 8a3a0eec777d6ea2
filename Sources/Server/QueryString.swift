import Foundation

/// The parameters of a URL query (`q=red+apple&lang=en`), decoded as browsers encode forms.
///
/// `+` is a space and `%XX` a byte of UTF-8, so `URLSearchParams` and `encodeURIComponent` both
/// round-trip. A malformed escape leaves the value undecoded rather than dropping it.
struct QueryString {
    private var pairs: [(name: String, value: String)] = []

    /// Parses `query`, the part of a URL after `?` (nil: none).
    ///
    /// - Complexity: O(length of the query).
    init(_ query: String?) {
        guard let query else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decoded(halves[0])
            let value = halves.count > 1 ? Self.decoded(halves[1]) : ""
            pairs.append((name, value))
        }
    }

    /// The first value of `name`, or nil.
    subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    private static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
