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

    /// The keys of `known` that `typed` most likely meant, best first, for "did you mean"
    /// messages: a plan can have dozens of partners, and listing them all helps nobody.
    /// A key counts when one contains the other (`politie` for `politie-basisteam`) or when
    /// few letters differ (at most a third of the typed key, and at most 3).
    public static func nearest(to typed: String, in known: [Key], limit: Int = 3) -> [Key] {
        let original = typed
        let typed = Key.slug(typed)
        guard !typed.isEmpty else { return [] }
        let allowed = min(3, max(1, typed.count / 3))
        var scored: [(key: Key, score: Int)] = []
        for key in Set(known) where key.rawValue != original {
            let distance = Key.editDistance(typed, key.rawValue)
            if distance <= allowed {
                scored.append((key, distance))
            } else if key.rawValue.count >= 3, typed.count >= 3,
                      key.rawValue.hasPrefix(typed) || typed.hasPrefix(key.rawValue)
                        || key.rawValue.contains(typed) || typed.contains(key.rawValue) {
                scored.append((key, allowed + abs(key.rawValue.count - typed.count)))
            }
        }
        return scored.sorted { ($0.score, $0.key) < ($1.score, $1.key) }.prefix(limit).map(\.key)
    }

    /// The number of single-character insertions, deletions and substitutions between two texts.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
