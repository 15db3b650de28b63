/// Escaping of text and attribute values: the one place where what a user typed meets markup.
public enum HTMLEscaping {
    /// Appends `text` for element content: `&`, `<` and `>` written as character references.
    public static func appendEscapedText(_ text: String, to output: inout String) {
        append(text, to: &output, quotes: false)
    }

    /// Appends `text` for a quoted attribute value: `&`, `<`, `>`, `"` and `'` written as
    /// character references, so the value cannot end its quotes, whichever quotes enclose it.
    public static func appendEscaped(_ text: String, to output: inout String) {
        append(text, to: &output, quotes: true)
    }

    /// Works on the UTF-8 bytes: runs without special characters are copied in one step.
    private static func append(_ text: String, to output: inout String, quotes: Bool) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let replacement: String
                switch bytes[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where quotes: replacement = "&quot;"
                case UInt8(ascii: "'") where quotes: replacement = "&#39;"
                default: continue
                }
                if index > start {
                    output += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                output += replacement
                start = index + 1
            }
            if start < bytes.count {
                output += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self)
            }
        }
    }

    public static func escaped(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        appendEscaped(text, to: &output)
        return output
    }

    /// Whether `name` is a plain element or attribute name (letters, digits, `-`, `:`).
    static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
        }
    }
}
