import Crypto
import Foundation
import RegieCore

/// One line of the processing log (verwerkingenlog), after the Logboek Dataverwerkingen:
/// every read and write of a record about a person, with the processing activity it falls
/// under and a pseudonym of the person. Append-only and chained with a keyed MAC, kept apart
/// from the audit trail and from the application log (docs/adr/0015).
public struct ProcessingLogEntry: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case ok = "OK"
        case error = "ERROR"
        case unknown = "UNKNOWN"
    }

    public enum Operation: String, CaseIterable, Hashable, Sendable, Codable {
        case read = "lezen"
        case create = "vastleggen"
        case change = "wijzigen"
        case share = "verstrekken"
        case breakGlass = "openen-zonder-lidmaatschap"
        case anonymise = "anonimiseren"
        case delete = "vernietigen"
        case subjectAccess = "inzage-betrokkene"

        public var name: String {
            switch self {
            case .read: "gelezen"
            case .create: "vastgelegd"
            case .change: "gewijzigd"
            case .share: "verstrekt"
            case .breakGlass: "geopend zonder lidmaatschap"
            case .anonymise: "geanonimiseerd"
            case .delete: "vernietigd"
            case .subjectAccess: "opgenomen in een inzageverzoek"
            }
        }
    }

    /// Set by the log when the line is appended.
    public var sequence: Int
    /// W3C Trace Context: 16 bytes and 8 bytes, hexadecimal.
    public var traceID: String
    public var operationID: String
    public var operation: Operation
    public var status: Status
    public var start: Date
    public var end: Date
    /// `dpl.core.processing_activity_id`: the URI of the processing activity.
    public var processingActivity: String
    public var register: UUID
    public var record: UUID?
    /// `dpl.core.data_subject_id`: a keyed pseudonym of the person, never a name; one line per person.
    public var dataSubject: String?
    /// The account that acted. Not a name: the subject-access document leaves it out, and the
    /// audit trail says who the account is.
    public var actor: UUID?
    /// The purpose given, such as the case table meeting or a break-glass reason's category.
    public var purpose: String
    /// For a disclosure: to whom (an organisation key, or "betrokkene").
    public var recipient: String?
    public var previousHash: String
    public var hash: String

    public init(sequence: Int = 0, traceID: String, operationID: String = ProcessingLogEntry.newOperationID(), operation: Operation,
                status: Status = .ok, start: Date, end: Date, processingActivity: String, register: UUID, record: UUID?,
                dataSubject: String?, actor: UUID?, purpose: String, recipient: String? = nil) {
        self.sequence = sequence
        self.traceID = traceID
        self.operationID = operationID
        self.operation = operation
        self.status = status
        self.start = start
        self.end = end
        self.processingActivity = processingActivity
        self.register = register
        self.record = record
        self.dataSubject = dataSubject
        self.actor = actor
        self.purpose = purpose
        self.recipient = recipient
        previousHash = ""
        hash = ""
    }

    public static func newTraceID() -> String { randomHex(16) }
    public static func newOperationID() -> String { randomHex(8) }

    static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.string((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// The keys of the processing log: the MAC that chains its lines, and the pseudonym of a person.
/// Both derive from Regie's master key, not from the register keys, so rotating the register
/// keys changes neither the chain nor the pseudonyms (a subject-access request still finds
/// every line).
public struct ProcessingLogKeys: Sendable {
    let mac: SymmetricKey
    let pseudonym: SymmetricKey

    public init(mac: SymmetricKey, pseudonym: SymmetricKey) {
        self.mac = mac
        self.pseudonym = pseudonym
    }

    public func pseudonym(_ identity: SubjectIdentity) -> String {
        Hex.string(Array(HMAC<SHA256>.authenticationCode(for: Data(identity.normalised.utf8), using: pseudonym)))
    }

    /// The line's MAC over every field and the hash of the line before it. Times in whole
    /// milliseconds, as both databases keep them.
    public func hash(_ entry: ProcessingLogEntry, previous: String) -> String {
        let fields = [
            "1", previous, String(entry.sequence), entry.traceID, entry.operationID, entry.operation.rawValue, entry.status.rawValue,
            String(Self.milliseconds(entry.start)), String(Self.milliseconds(entry.end)), entry.processingActivity,
            entry.register.uuidString.lowercased(), entry.record?.uuidString.lowercased() ?? "", entry.dataSubject ?? "",
            entry.actor?.uuidString.lowercased() ?? "", entry.purpose, entry.recipient ?? "",
        ]
        return Hex.string(Array(HMAC<SHA256>.authenticationCode(for: Data(fields.joined(separator: "\u{1f}").utf8), using: mac)))
    }

    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Links `entries` after `last`: sequence, previous hash and hash.
    public func chain(_ entries: [ProcessingLogEntry], after last: (sequence: Int, hash: String)?) -> [ProcessingLogEntry] {
        var sequence = last?.sequence ?? 0
        var previous = last?.hash ?? ""
        return entries.map { entry in
            var linked = entry
            sequence += 1
            linked.sequence = sequence
            linked.start = Date(timeIntervalSince1970: Double(Self.milliseconds(entry.start)) / 1000)
            linked.end = Date(timeIntervalSince1970: Double(Self.milliseconds(entry.end)) / 1000)
            linked.previousHash = previous
            linked.hash = hash(linked, previous: previous)
            previous = linked.hash
            return linked
        }
    }
}

/// The outcome of checking the processing log from its first line.
public struct ProcessingLogCheck: Hashable, Sendable {
    public var checked: Int
    /// The first line that does not fit: changed, inserted, or with lines missing before it.
    public var firstBroken: Int?
    public var broken: Int

    public var intact: Bool { firstBroken == nil }

    public var lines: [String] {
        if let firstBroken {
            return ["Het verwerkingenlog klopt NIET: regel \(firstBroken) is gewijzigd of er ontbreken regels ervoor; \(broken) van de \(checked) regels passen niet in de keten."]
        }
        return ["Het verwerkingenlog is intact: \(checked) regels gecontroleerd."]
    }
}

/// Checks the chain line by line, keeping only the line before; feed it in sequence order.
public struct ProcessingLogVerifier {
    let keys: ProcessingLogKeys
    var previous: ProcessingLogEntry?
    public private(set) var result = ProcessingLogCheck(checked: 0, firstBroken: nil, broken: 0)

    public init(keys: ProcessingLogKeys) {
        self.keys = keys
    }

    public mutating func check(_ entry: ProcessingLogEntry) {
        result.checked += 1
        let expectedSequence = (previous?.sequence ?? 0) + 1
        let fits = entry.sequence == expectedSequence && entry.previousHash == (previous?.hash ?? "")
            && keys.hash(entry, previous: entry.previousHash) == entry.hash
        if !fits {
            result.broken += 1
            if result.firstBroken == nil { result.firstBroken = entry.sequence }
        }
        previous = entry
    }
}

extension ProcessingLogEntry {
    /// A line that could not be read back (an unknown operation or status): it counts as broken.
    public static func broken(sequence: Int) -> ProcessingLogEntry {
        var entry = ProcessingLogEntry(sequence: sequence, traceID: "", operation: .read, status: .unknown, start: Date(timeIntervalSince1970: 0),
                                       end: Date(timeIntervalSince1970: 0), processingActivity: "", register: UUID(), record: nil, dataSubject: nil,
                                       actor: nil, purpose: "")
        entry.hash = "onleesbaar"
        return entry
    }
}
