import Foundation

/// Text written by a policy officer: paragraphs separated by blank lines, and bullet lists
/// whose items start with `- ` or `* `. Nothing else of Markdown is interpreted, so what the
/// author typed is what readers see.
public struct Prose: Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    /// The text exactly as written (line endings normalised to `\n`, outer blank lines trimmed).
    public let source: String

    public init(_ source: String) {
        let normalised = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        self.source = normalised.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }

    public var isEmpty: Bool { source.isEmpty }

    /// One block of prose.
    public enum Block: Hashable, Sendable {
        case paragraph(String)
        case bulletList([String])
    }

    /// The blocks in reading order. Lines of one paragraph are joined with a space; a bullet
    /// item may continue on indented lines.
    public var blocks: [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var items: [String] = []

        func flushParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))) }
            paragraph = []
        }
        func flushList() {
            if !items.isEmpty { blocks.append(.bulletList(items)) }
            items = []
        }

        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushParagraph()
                flushList()
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                items.append(String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
            } else if !items.isEmpty, rawLine.first == " " || rawLine.first == "\t" {
                items[items.count - 1] += " " + line
            } else {
                flushList()
                paragraph.append(line)
            }
        }
        flushParagraph()
        flushList()
        return blocks
    }
}

/// A titled piece of prose, used for lists of principles, trends, lenses and the like.
public struct Section: Hashable, Sendable, Codable {
    public var title: String
    public var text: Prose

    public init(title: String, text: Prose = "") {
        self.title = title
        self.text = text
    }
}
