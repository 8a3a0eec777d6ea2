/// Text from files and folders made safe to print on a terminal.
///
/// A file name may hold any byte but `/` and NUL: an escape sequence that recolours or clears the
/// terminal, a carriage return or newline that forges a row of results, a bidirectional override
/// that shows a name backwards. Human-readable output prints such characters as visible escapes
/// (`\n`, `\x1b`, `\u{202e}`); `--json` output is already escaped by the encoder.
///
/// ```swift
/// print(TerminalText.escaped("evil\u{1b}[2Jname.jpg"))   // evil\x1b[2Jname.jpg
/// ```
enum TerminalText {
    /// `text` with every control character (C0, DEL, C1) and bidirectional control escaped;
    /// with `keepingNewlines`, `\n` stays (for multi-line messages of the program's own).
    ///
    /// - Complexity: O(text.count).
    static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar), !(keepingNewlines && scalar == "\n") else { out.append(scalar); continue }
            let replacement: String
            switch scalar {
            case "\n": replacement = "\\n"
            case "\r": replacement = "\\r"
            case "\t": replacement = "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                replacement = scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
            out.append(contentsOf: replacement.unicodeScalars)
        }
        return String(out)
    }

    /// Control characters and the bidirectional embedding, override and isolate controls.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
