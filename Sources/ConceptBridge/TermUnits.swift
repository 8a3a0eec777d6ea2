/// A normalised text cut into the units that terms are matched on: words of spaced scripts, and
/// single characters of scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar).
///
/// ```swift
/// TermUnits("ein roter apfel.").units   // ["ein", "roter", "apfel"]
/// TermUnits("一只青蛙").units             // ["一", "只", "青", "蛙"]
/// ```
struct TermUnits {
    /// The units, in order.
    let units: [Substring]
    /// Whether each unit is a character of an unspaced script (joined to a neighbour without a space).
    let unspaced: [Bool]

    init(_ text: String) {
        var units: [Substring] = []
        var unspaced: [Bool] = []
        var start: String.Index?
        var index = text.startIndex
        func close(at end: String.Index) {
            if let begin = start, begin < end { units.append(text[begin..<end]); unspaced.append(false) }
            start = nil
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if Self.isUnspaced(character) {
                close(at: index)
                units.append(text[index..<next])
                unspaced.append(true)
            } else if character.isLetter || character.isNumber || character == "-" || character == "'" || character == "’"
                        || character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark }) {
                if start == nil { start = index }
            } else {
                close(at: index)
            }
            index = next
        }
        close(at: text.endIndex)
        // Hyphens and apostrophes only join inside a word.
        self.units = units.map { $0.trimmingEdges(of: ["-", "'", "’"]) }.filter { !$0.isEmpty }
        self.unspaced = zip(units, unspaced).filter { !$0.0.trimmingEdges(of: ["-", "'", "’"]).isEmpty }.map(\.1)
    }

    var count: Int { units.count }

    /// Units `range` written as a term: words joined by one space, unspaced characters directly.
    func term(_ range: Range<Int>) -> String {
        var result = ""
        for i in range {
            if i > range.lowerBound, !(unspaced[i] && unspaced[i - 1]) { result += " " }
            result += units[i]
        }
        return result
    }

    static func isUnspaced(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return true    // kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true  // Han
        case 0x0E00...0x0EFF: return true    // Thai, Lao
        case 0x1780...0x17FF: return true    // Khmer
        case 0x1000...0x109F: return true    // Myanmar
        default: return false
        }
    }
}

extension Substring {
    fileprivate func trimmingEdges(of characters: Set<Character>) -> Substring {
        var result = self
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return result
    }
}
