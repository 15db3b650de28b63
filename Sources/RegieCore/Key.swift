import Foundation

/// A stable, human-chosen identifier inside a plan file, such as `woninginbraak` or
/// `politie`. Keys are lower case letters, digits and hyphens, so they fit in a URL and are
/// easy to type; they let one part of a plan refer to another.
public struct Key: Hashable, Comparable, Sendable, TextCodable {
    public let rawValue: String

    /// Creates a key when `rawValue` is valid: 1 to 80 characters from `a-z`, `0-9` and `-`,
    /// starting with a letter or digit.
    public init?(_ rawValue: String) {
        guard Key.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }


    /// Whether `raw` may be used as a key.
    public static func isValid(_ raw: String) -> Bool {
        guard (1...80).contains(raw.count), let first = raw.unicodeScalars.first,
              first != "-" else { return false }
        return raw.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Turns free text into a key candidate: lower case, accents dropped, other characters
    /// replaced by hyphens.
    public static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL")).lowercased()
        var result = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty, !result.hasSuffix("-") {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return String(result.prefix(80))
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
