import Foundation
import RegieCore

/// A council document as a sequence of blocks: what every format writes (DOCX, HTML, and PDF
/// through the DOCX), so the three always say the same. Builders (``ProgressReportBuilder`` and
/// the others) make it from the plan; writers never look at the plan.
public struct CouncilDocument: Hashable, Sendable {
    public var key: DocumentKey
    public var metadata: DocumentMetadata
    public var blocks: [DocumentBlock]

    public init(key: DocumentKey, metadata: DocumentMetadata, blocks: [DocumentBlock]) {
        self.key = key
        self.metadata = metadata
        self.blocks = blocks
    }

    /// The file name for `format`, from the slug and the owner: no personal data.
    public func fileName(_ format: DocumentFormat, planKey: Key) -> String {
        "\(planKey.rawValue)-\(key.slug).\(format.rawValue)"
    }

    /// The text by heading, for comparing versions (``OutlinePart``).
    public var outline: [OutlinePart] {
        var parts: [OutlinePart] = []
        var current = OutlinePart(heading: metadata.title, lines: [])
        func flush() { if !current.lines.isEmpty || current.heading != metadata.title { parts.append(current) } }
        for block in blocks {
            switch block {
            case .heading(_, let text):
                flush()
                current = OutlinePart(heading: text, lines: [])
            default:
                current.lines.append(contentsOf: block.plainLines)
            }
        }
        flush()
        return parts
    }

    /// Every text of the document, for checks such as "no personal data".
    public var plainText: String { blocks.flatMap(\.plainLines).joined(separator: "\n") }
}

/// What the core properties and the council information systems get.
public struct DocumentMetadata: Hashable, Sendable, Codable {
    public var title: String
    public var subtitle: String?
    /// The municipality or collaboration that issues the document.
    public var issuer: String
    public var date: CalendarDate
    /// "Concept" until sent, then "Aangeboden aan de raad".
    public var status: String
    /// The document type in words, such as "Voortgangsrapportage".
    public var category: String
    public var caseNumber: String?
    public var portfolioHolder: String?
    /// Council documents are public (Woo): "openbaar".
    public var confidentiality: String = "openbaar"
    public var language: String = "nl-NL"

    public init(title: String, subtitle: String? = nil, issuer: String, date: CalendarDate, status: String, category: String,
                caseNumber: String? = nil, portfolioHolder: String? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.issuer = issuer
        self.date = date
        self.status = status
        self.category = category
        self.caseNumber = caseNumber
        self.portfolioHolder = portfolioHolder
    }
}

public indirect enum DocumentBlock: Hashable, Sendable {
    /// Level 1 to 3; the heading styles make Word's navigation pane and table of contents work.
    case heading(Int, String)
    case paragraph(String)
    /// Text of the officer beside a generated part, shown as their own.
    case officerText(String)
    case bullets([String])
    /// Numbered points that can be read and amended on their own (beslispunten).
    case numbered([String])
    case table(DocumentTable)
    case chart(DocumentChart)
    /// Label and value pairs, such as a proposal's header.
    case facts([(String, String)])
    case tableOfContents
    case pageBreak
    /// Lines for signatures, by office only.
    case signatures([String])

    public static func == (lhs: DocumentBlock, rhs: DocumentBlock) -> Bool { lhs.plainLines == rhs.plainLines && lhs.tag == rhs.tag }
    public func hash(into hasher: inout Hasher) { hasher.combine(tag); hasher.combine(plainLines) }

    private var tag: Int {
        switch self {
        case .heading(let level, _): level
        case .paragraph: 10
        case .officerText: 11
        case .bullets: 12
        case .numbered: 13
        case .table: 14
        case .chart: 15
        case .facts: 16
        case .tableOfContents: 17
        case .pageBreak: 18
        case .signatures: 19
        }
    }

    /// The block's text, line by line.
    public var plainLines: [String] {
        switch self {
        case .heading(_, let text), .paragraph(let text), .officerText(let text): [text]
        case .bullets(let items), .numbered(let items), .signatures(let items): items
        case .table(let table): [table.caption] + [table.header.joined(separator: " | ")] + table.rows.map { $0.joined(separator: " | ") }
        case .chart(let chart): [chart.title, chart.description]
        case .facts(let pairs): pairs.map { "\($0.0): \($0.1)" }
        case .tableOfContents, .pageBreak: []
        }
    }
}

/// A table with a caption and a header row that repeats on every page.
public struct DocumentTable: Hashable, Sendable {
    public var caption: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns holding figures, aligned right.
    public var numericColumns: Set<Int>

    public init(caption: String, header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        self.caption = caption
        self.header = header
        self.rows = rows
        self.numericColumns = numericColumns
    }
}

/// A line chart of yearly figures: written as a native Word chart (its values cached in the
/// chart part, so Word and LibreOffice draw it without a spreadsheet) with `description` as its
/// text alternative, and followed by the same figures as a table.
public struct DocumentChart: Hashable, Sendable {
    public var title: String
    /// The text alternative: what the chart shows, in words.
    public var description: String
    public var categories: [String]
    public var series: [ChartSeries]

    public init(title: String, description: String, categories: [String], series: [ChartSeries]) {
        self.title = title
        self.description = description
        self.categories = categories
        self.series = series
    }
}

public struct ChartSeries: Hashable, Sendable {
    public var name: String
    public var values: [Double?]

    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}
