/// The syntax of BCP-47 language tags (RFC 5646, section 2.1), without the registry.
///
/// `language[-extlang][-script][-region]*(-variant)*(-extension)[-privateuse]`, or a private-use
/// tag `x-…`. Subtags are case-insensitive. Whether a subtag is registered is not checked: a
/// well-formed tag for a language nobody has data for is still a tag.
enum BCP47 {
    /// The primary language subtag of `tag` in lower case (`x` for a private-use tag), or nil when
    /// `tag` is not well-formed.
    ///
    /// - Complexity: O(tag length).
    static func primaryLanguage(of tag: String) -> String? {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard let first = subtags.first, subtags.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy(\.isASCIIAlphanumeric) })
        else { return nil }
        if first == "x" { return subtags.count > 1 ? "x" : nil }
        guard (2...8).contains(first.count), first.allSatisfy(\.isASCIILetter) else { return nil }
        var rest = subtags.dropFirst()
        // extlang: up to three 3-letter subtags, only after a 2–3 letter language.
        if first.count <= 3 {
            var extlangs = 0
            while extlangs < 3, let next = rest.first, next.count == 3, next.allSatisfy(\.isASCIILetter) {
                rest = rest.dropFirst()
                extlangs += 1
            }
        }
        if let next = rest.first, next.count == 4, next.allSatisfy(\.isASCIILetter) { rest = rest.dropFirst() }  // script
        if let next = rest.first, (next.count == 2 && next.allSatisfy(\.isASCIILetter)) || (next.count == 3 && next.allSatisfy(\.isASCIIDigit)) {
            rest = rest.dropFirst()  // region
        }
        while let next = rest.first, next.count >= 5 || (next.count == 4 && next.first!.isASCIIDigit) {
            rest = rest.dropFirst()  // variants
        }
        while let singleton = rest.first, singleton.count == 1 {
            rest = rest.dropFirst()
            if singleton == "x" {
                return rest.isEmpty ? nil : first  // private use runs to the end
            }
            var parts = 0
            while let next = rest.first, next.count >= 2 {
                rest = rest.dropFirst()
                parts += 1
            }
            guard parts > 0 else { return nil }
        }
        return rest.isEmpty ? first : nil
    }
}

extension Character {
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIIAlphanumeric: Bool { isASCIILetter || isASCIIDigit }
}
