import Foundation

/// Text written by a policy officer: paragraphs separated by blank lines, and bullet lists
/// whose items start with `- `, `* ` or `• `. Nothing else of Markdown is interpreted, so what the
/// author typed is what readers see.
public struct Prose: Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    /// The text exactly as written (line endings normalised to `\n`, outer blank lines trimmed).
    public let source: String
    /// The blocks in reading order; see ``blocks(of:)``. Worked out once, when the text is read:
    /// a kept plan (``PlanDocumentCache``) is rendered many times.
    public let blocks: [Block]

    public init(_ source: String) {
        self.source = PlainText.normalisingLineEnds(source).trimmingSpacesAndLines
        self.blocks = Prose.blocks(of: self.source)
    }

    public static func == (lhs: Prose, rhs: Prose) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

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


    /// The markers that start a bullet item.
    public static let bulletMarkers: [String] = ["- ", "* ", "\u{2022} ", "\u{2022}\t", "-\t", "*\t"]
    /// The markers with their space or tab trimmed: a line of just the marker is an empty item.
    private static let bareMarkers: [String] = bulletMarkers.map(\.trimmingSpaces)

    /// The blocks of `text` in reading order. Lines of one paragraph are joined with a space, so
    /// hard line breaks of text copied from a document do not show; a blank line starts a new
    /// paragraph. A bullet item starts with `- `, `* ` or `• ` and continues on the next lines
    /// that are indented or start with a small letter (as text copied from a PDF does).
    public static func blocks(of text: String) -> [Block] {
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

        let normalised = PlainText.normalisingLineEnds(text, separators: true)
        for rawLine in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingSpaces
            if line.isEmpty {
                flushParagraph()
                flushList()
            } else if let marker = bulletMarkers.indices.first(where: { line.hasPrefix(bulletMarkers[$0]) || line == bareMarkers[$0] })
                .map({ bulletMarkers[$0] }) {
                flushParagraph()
                items.append(line.dropFirst(marker.count).trimmingSpaces)
            } else if let last = items.last, last.isEmpty || rawLine.first == " " || rawLine.first == "\t" || line.first?.isLowercase == true {
                items[items.count - 1] += items[items.count - 1].isEmpty ? line : " " + line
            } else {
                flushList()
                paragraph.append(line)
            }
        }
        flushParagraph()
        flushList()
        return blocks.map { block in
            switch block {
            case .paragraph(let text): .paragraph(collapsingSpaces(text))
            case .bulletList(let items): .bulletList(items.map(collapsingSpaces))
            }
        }
    }

    /// Runs of spaces and tabs inside a line become one space.
    private static func collapsingSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `text` with its paragraphs reflowed: each paragraph on one line, each bullet item on one
    /// line starting with `- `, and one blank line between blocks. What readers see stays the
    /// same; only the hard line breaks inside paragraphs (of text copied from a document) go, so
    /// the text wraps evenly in a text box too.
    public static func reflow(_ text: String) -> String {
        blocks(of: text).map { block in
            switch block {
            case .paragraph(let text): text
            case .bulletList(let items): items.map { "- " + $0 }.joined(separator: "\n")
            }
        }.joined(separator: "\n\n")
    }

    /// This prose with its paragraphs reflowed (``reflow(_:)``).
    public var reflowed: Prose { Prose(Prose.reflow(source)) }
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
