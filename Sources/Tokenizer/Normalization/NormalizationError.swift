/// Why a text could not be normalized.
///
/// Every case carries what a person needs to fix the input: the byte offset of bad UTF-8, or the
/// language tag that was not understood.
public enum NormalizationError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not valid UTF-8; `offset` is the index of the first byte of the bad sequence.
    case invalidUTF8(offset: Int)
    /// The `--lang` tag is not a well-formed BCP-47 tag (any well-formed tag is accepted).
    case unknownLanguage(tag: String)
    /// ICU reported an error (its `UErrorCode` name).
    case icu(String)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte offset \(offset)"
        case .unknownLanguage(let tag):
            return "unknown language tag '\(tag)': not a well-formed BCP-47 tag; use one such as de, pt-BR, zh-Hant, sr-Latn or nso "
                + "(`litsearch tokenize --list-languages` prints the languages with their own casing data)"
        case .icu(let name):
            return "ICU error \(name)"
        }
    }
}
