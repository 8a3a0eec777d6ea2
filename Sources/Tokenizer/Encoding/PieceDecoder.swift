/// Turning piece ids back into text, as SentencePiece's `Decode` does for unigram models.
extension UnigramEncoder {
    /// The text that `ids` spell: pieces concatenated, runs of byte-fallback pieces (`<0xXX>`)
    /// gathered back into UTF-8 (invalid sequences become U+FFFD), `▁` turned into a space, and the
    /// dummy-prefix space removed. Control and unknown pieces contribute nothing and ` ⁇ `
    /// respectively, as in SentencePiece.
    ///
    /// For any normalized text (no leading, trailing or doubled spaces, no `▁`), decoding the ids
    /// of any segmentation of it — Viterbi, n-best or sampled — gives the text back.
    ///
    /// - Complexity: O(total length of the pieces).
    public func decode(_ ids: [Int32]) -> String {
        var bytes: [UInt8] = []
        var pendingBytes: [UInt8] = []
        func flushBytes() {
            if pendingBytes.isEmpty { return }
            bytes.append(contentsOf: String(decoding: pendingBytes, as: UTF8.self).utf8)
            pendingBytes.removeAll(keepingCapacity: true)
        }
        for id in ids {
            guard id >= 0, Int(id) < model.pieces.count else { continue }
            let piece = model.pieces[Int(id)]
            switch piece.kind {
            case .byte:
                if let value = Self.byteValue(piece.text) { pendingBytes.append(value) }
            case .control, .unused:
                flushBytes()
            case .unknown:
                flushBytes()
                bytes.append(contentsOf: " \u{2047} ".utf8)
            case .normal, .userDefined:
                flushBytes()
                bytes.append(contentsOf: piece.text.utf8)
            }
        }
        flushBytes()
        // Scalars, not Characters: a leading space followed by a combining mark is one Character
        // (" ্"), so String.hasPrefix(" ") would miss the dummy prefix (found by the fuzzer).
        var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        if whitespace.escapeWhitespaces {
            for index in scalars.indices where scalars[index] == "\u{2581}" { scalars[index] = " " }
        }
        if whitespace.addDummyPrefix {
            if whitespace.treatWhitespaceAsSuffix {
                if scalars.last == " " { scalars.removeLast() }
            } else if scalars.first == " " {
                scalars.removeFirst()
            }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// The byte a `<0xXX>` piece stands for, or nil.
    static func byteValue(_ text: String) -> UInt8? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">") else { return nil }
        return UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16)
    }
}
