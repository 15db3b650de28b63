import Foundation

/// The documents a council receives about safety (issue 16): the plan, an implementation
/// programme, the yearly progress report with its cover letter, and the council proposal with the
/// draft decision. Regie writes them from the plan's data; the officer adds text of their own
/// (``DocumentDraft``); sending one to the council freezes the files (``SentDocument``).
public enum DocumentKind: String, CaseIterable, Hashable, Sendable, Codable {
    case plan
    case programme
    case progressReport
    /// The raadsinformatiebrief that goes with a progress report.
    case councilLetter
    case councilProposal
    case councilDecision

    /// The word in the document's address, such as `voortgangsrapportage`.
    public var slugWord: String {
        switch self {
        case .plan: "plan"
        case .programme: "programma"
        case .progressReport: "voortgangsrapportage"
        case .councilLetter: "raadsinformatiebrief"
        case .councilProposal: "raadsvoorstel"
        case .councilDecision: "raadsbesluit"
        }
    }

    /// Whether the document is about one year of the plan.
    public var hasYear: Bool { self == .progressReport || self == .councilLetter }
}

/// Which document: its kind, and where it needs one the year, the programme or the member
/// municipality (a collaboration plan has one proposal per member council).
public struct DocumentKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: DocumentKind
    public var year: Int?
    public var programme: Key?
    public var municipality: MunicipalityCode?

    public init(kind: DocumentKind, year: Int? = nil, programme: Key? = nil, municipality: MunicipalityCode? = nil) {
        self.kind = kind
        self.year = year
        self.programme = programme
        self.municipality = municipality
    }

    /// The document's segment in addresses: `voortgangsrapportage-2025`, `programma-boxtel-2026`,
    /// `raadsvoorstel-GM0757`. No personal data can be in it: only kinds, years, keys and codes.
    public var slug: String {
        var parts = [kind.slugWord]
        if let programme { parts.append(programme.rawValue) }
        if let year { parts.append(String(year)) }
        if let municipality { parts.append(municipality.rawValue) }
        return parts.joined(separator: "-")
    }

    public var description: String { slug }

    /// Reads a slug back; nil when it names no document.
    public init?(slug: String) {
        guard let kind = DocumentKind.allCases.first(where: { slug == $0.slugWord || slug.hasPrefix($0.slugWord + "-") }) else { return nil }
        var rest = String(slug.dropFirst(kind.slugWord.count))
        if rest.hasPrefix("-") { rest.removeFirst() }
        self.kind = kind
        switch kind {
        case .plan:
            guard rest.isEmpty else { return nil }
        case .programme:
            guard let key = Key(rest) else { return nil }
            self.programme = key
        case .progressReport:
            guard rest.count == 4, let year = Int(rest) else { return nil }
            self.year = year
        case .councilLetter:
            // `raadsinformatiebrief-2025`, or per member council `raadsinformatiebrief-2025-GM0757`.
            let parts = rest.split(separator: "-", maxSplits: 1).map(String.init)
            guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
            self.year = year
            if parts.count == 2 {
                guard let code = MunicipalityCode(parts[1]) else { return nil }
                self.municipality = code
            }
        case .councilProposal, .councilDecision:
            if !rest.isEmpty {
                guard let code = MunicipalityCode(rest) else { return nil }
                self.municipality = code
            }
        }
    }
}

/// The header of a council proposal (kopgegevens). The portfolio holder is named by office
/// ("burgemeester"), never by name: council documents are public and hold no personal data.
public struct ProposalHeader: Hashable, Sendable, Codable {
    public var caseNumber: String
    public var executiveDecisionDate: CalendarDate?
    public var portfolioHolder: String
    public var meetingDate: CalendarDate?
    public var committee: String
    /// The programme of the municipal budget, such as "Veiligheid, taakveld 1.2".
    public var budgetProgramme: String

    public init(caseNumber: String = "", executiveDecisionDate: CalendarDate? = nil, portfolioHolder: String = "burgemeester",
                meetingDate: CalendarDate? = nil, committee: String = "", budgetProgramme: String = "") {
        self.caseNumber = caseNumber
        self.executiveDecisionDate = executiveDecisionDate
        self.portfolioHolder = portfolioHolder
        self.meetingDate = meetingDate
        self.committee = committee
        self.budgetProgramme = budgetProgramme
    }
}

/// What the officer adds to a generated document: their own text beside each generated part
/// (by part key), and for a proposal its header. A draft changes until it is sent; after that,
/// editing starts the next draft of the same document.
public struct DocumentDraft: Hashable, Sendable, Codable {
    public var key: DocumentKey
    public var texts: [String: String]
    public var header: ProposalHeader
    /// Counts saves: a save that expected another revision was made against an older page.
    public var revision: Int
    public var updatedAt: Date?

    public init(key: DocumentKey, texts: [String: String] = [:], header: ProposalHeader = ProposalHeader(),
                revision: Int = 0, updatedAt: Date? = nil) {
        self.key = key
        self.texts = texts
        self.header = header
        self.revision = revision
        self.updatedAt = updatedAt
    }

    /// The officer's text for part `part`, trimmed; nil when there is none.
    public func text(_ part: String) -> String? {
        guard let text = texts[part]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

public enum DocumentFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case docx, pdf, html

    public var mediaType: String {
        switch self {
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .pdf: "application/pdf"
        case .html: "text/html; charset=utf-8"
        }
    }
}

/// One file of a sent document, as it was sent.
public struct SentFile: Hashable, Sendable, Codable {
    public var format: DocumentFormat
    public var fileName: String
    /// Lower-case hexadecimal SHA-256 of the bytes.
    public var sha256: String
    public var size: Int

    public init(format: DocumentFormat, fileName: String, sha256: String, size: Int) {
        self.format = format
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
    }
}

/// A part of a document's text, kept with a sent version so later versions and next year's
/// report can show what changed.
public struct OutlinePart: Hashable, Sendable, Codable {
    public var heading: String
    public var lines: [String]

    public init(heading: String, lines: [String]) {
        self.heading = heading
        self.lines = lines
    }
}

/// A document as it was sent to the council: a version that never changes.
public struct SentDocument: Hashable, Sendable, Codable {
    public var key: DocumentKey
    /// 1 for the first time this document was sent, then 2, …
    public var version: Int
    public var sentOn: CalendarDate
    public var sentAt: Date
    /// The account that sent it, by display name: shown to officers, never in the document.
    public var sentBy: String
    /// The revision of the draft that was sent; sending the same revision again is refused.
    public var draftRevision: Int
    public var title: String
    public var outline: [OutlinePart]
    public var files: [SentFile]

    public init(key: DocumentKey, version: Int, sentOn: CalendarDate, sentAt: Date, sentBy: String, draftRevision: Int,
                title: String, outline: [OutlinePart], files: [SentFile]) {
        self.key = key
        self.version = version
        self.sentOn = sentOn
        self.sentAt = sentAt
        self.sentBy = sentBy
        self.draftRevision = draftRevision
        self.title = title
        self.outline = outline
        self.files = files
    }

    public func file(_ format: DocumentFormat) -> SentFile? { files.first { $0.format == format } }
}

/// A municipality's Word template (huisstijl), as uploaded and checked.
public struct HouseStyleFile: Hashable, Sendable {
    public var municipality: MunicipalityCode
    public var fileName: String
    public var content: Data
    public var sha256: String
    public var uploadedAt: Date

    public init(municipality: MunicipalityCode, fileName: String, content: Data, sha256: String, uploadedAt: Date) {
        self.municipality = municipality
        self.fileName = fileName
        self.content = content
        self.sha256 = sha256
        self.uploadedAt = uploadedAt
    }
}

public enum DocumentStoreError: Error, Hashable, Sendable {
    /// The draft was saved by someone else since it was read.
    case draftChanged
    /// This revision of the draft was already sent, as `version` on `sentOn`.
    case alreadySent(version: Int, sentOn: CalendarDate)
}

/// Drafts, sent versions and house styles, on SQLite and PostgreSQL (RegiePersistence).
public protocol CouncilDocumentStore: Sendable {
    func draft(plan: Key, _ key: DocumentKey) async throws -> DocumentDraft?
    /// Saves `draft` if the stored draft still has `revision` (0 when there is none yet);
    /// returns the draft as saved, with the next revision. Throws ``DocumentStoreError/draftChanged``.
    func saveDraft(plan: Key, _ draft: DocumentDraft, expectingRevision revision: Int, audit: [AuditEntry]) async throws -> DocumentDraft
    /// Every sent version of the document, oldest first.
    func sentVersions(plan: Key, _ key: DocumentKey) async throws -> [SentDocument]
    /// Every sent version of every document of the plan, oldest first.
    func sentVersions(plan: Key) async throws -> [SentDocument]
    /// Keeps `sent` with its files' bytes, in one transaction with its audit entry. Throws
    /// ``DocumentStoreError/alreadySent(version:sentOn:)`` when this draft revision was sent, or
    /// when another send took the version number first.
    func send(plan: Key, _ sent: SentDocument, contents: [DocumentFormat: Data], audit: [AuditEntry]) async throws
    /// The bytes of a sent file.
    func content(plan: Key, _ key: DocumentKey, version: Int, format: DocumentFormat) async throws -> Data?
    func houseStyle(of municipality: MunicipalityCode) async throws -> HouseStyleFile?
    func saveHouseStyle(_ style: HouseStyleFile, audit: [AuditEntry]) async throws
    func removeHouseStyle(of municipality: MunicipalityCode, audit: [AuditEntry]) async throws
}
