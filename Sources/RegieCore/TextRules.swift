/// What may stand in a text that people type into Regie: one rule for the browser's forms, the
/// plan file and the command line.
///
/// Refused are characters nobody types on purpose and that can hide or distort what others read:
/// control characters (NUL, escape, …), the bidirectional overrides and isolates that make text
/// display in another order than it is stored (the "Trojan Source" trick), and, in a one-line
/// text such as a title, line breaks.
public enum TextRules {
    public enum Problem: Hashable, Sendable {
        /// A line break (or line/paragraph separator) in a one-line text.
        case lineBreak
        /// A control or formatting character that is not allowed, with its code point.
        case invisible(UInt32)
    }

    /// The first problem in `text`, or nil when it is fine. `multiline` allows line breaks and tabs.
    public static func problem(in text: String, multiline: Bool) -> Problem? {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x2028, 0x2029:
                if !multiline { return .lineBreak }
            case 0x09:
                continue
            case 0x00...0x1F, 0x7F...0x9F:
                return .invisible(scalar.value)
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                return .invisible(scalar.value)
            case 0xFFF9...0xFFFB, 0xFFFE, 0xFFFF:
                return .invisible(scalar.value)
            default:
                continue
            }
        }
        return nil
    }
}
