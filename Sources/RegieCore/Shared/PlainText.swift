/// Line ends and trimming in plain Swift. Foundation's `replacingOccurrences` and
/// `trimmingCharacters` go through NSString on Linux; on a plan page, whose every text is prose,
/// they took a third of the time of a request. These give the same results for Regie's texts.
enum PlainText {
    /// `text` with `\r\n`, `\r`, U+2028 (line separator) as `\n`, and U+2029 (paragraph
    /// separator) as a blank line when `separators` is set (else both are left as they are).
    static func normalisingLineEnds(_ text: String, separators: Bool = false) -> String {
        // The common case has none of them: no copy at all.
        let needsWork = text.utf8.contains { byte in byte == 0x0D || (separators && byte == 0xE2) }
        guard needsWork else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case "\r":
                result.append("\n")
                if pending == "\n" { pending = scalars.next() }
            case "\u{2028}" where separators:
                result.append("\n")
            case "\u{2029}" where separators:
                result.append("\n")
                result.append("\n")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Foundation's `CharacterSet.whitespaces` as it is on Linux: the spaces of category Zs,
    /// the tab and the zero-width space U+200B (checked against Foundation in FastPathTests).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Foundation's `CharacterSet.whitespacesAndNewlines`: the above, U+000A–U+000D, U+0085 and
    /// the line and paragraph separators U+2028 and U+2029.
    static func isWhitespaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: isWhitespace(scalar)
        }
    }

    /// `text` without the leading and trailing scalars for which `drop` holds.
    static func trimmed<S: StringProtocol>(_ text: S, _ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }),
              let last = scalars.lastIndex(where: { !drop($0) }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(text) }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[first...last])
        return String(kept)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (as `trimmingCharacters(in: .whitespaces)`).
    public var trimmingSpaces: String { PlainText.trimmed(self, PlainText.isWhitespace) }
    /// Without leading and trailing white space and line breaks
    /// (as `trimmingCharacters(in: .whitespacesAndNewlines)`).
    public var trimmingSpacesAndLines: String { PlainText.trimmed(self, PlainText.isWhitespaceOrNewline) }
}
