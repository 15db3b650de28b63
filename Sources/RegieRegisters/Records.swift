import Foundation
import RegieCore

/// A person, company or address a record is about. Always sealed at rest.
public enum Subject: Hashable, Sendable, Codable {
    case person(name: String, birthDate: Date?)
    case company(name: String, kvk: String)
    case address(street: String, houseNumber: String, postcode: String, place: String)

    public var identity: SubjectIdentity {
        switch self {
        case .person(let name, let birthDate): .person(name: name, birthDate: birthDate)
        case .company(_, let kvk): .company(kvk: kvk)
        case .address(_, let houseNumber, let postcode, _): .address(postcode: postcode, houseNumber: houseNumber)
        }
    }

    public var description: String {
        switch self {
        case .person(let name, let birthDate): "persoon: \(name)" + (birthDate.map { ", geboren \(dayText($0))" } ?? "")
        case .company(let name, let kvk): "bedrijf: \(name) (KvK \(kvk))"
        case .address(let street, let number, let postcode, let place): "adres: \(street) \(number), \(postcode) \(place)"
        }
    }

    /// Problems with the subject's fields, for the form.
    public func problems(at position: Int) -> [RegisterProblem] {
        let field = "Betrokkene \(position)"
        switch self {
        case .person(let name, _):
            return name.trimmingCharacters(in: .whitespaces).isEmpty ? [RegisterProblem(field: field, message: "Vul de naam van de persoon in.")] : []
        case .company(let name, let kvk):
            var problems: [RegisterProblem] = []
            if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(RegisterProblem(field: field, message: "Vul de naam van het bedrijf in.")) }
            let digits = kvk.filter { !$0.isWhitespace }
            if digits.count != 8 || !digits.allSatisfy(\.isNumber) {
                problems.append(RegisterProblem(field: field, message: "Een KvK-nummer heeft 8 cijfers; „\(kvk)” niet."))
            }
            return problems
        case .address(let street, let number, let postcode, _):
            var problems: [RegisterProblem] = []
            if street.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(RegisterProblem(field: field, message: "Vul de straat in.")) }
            if number.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(RegisterProblem(field: field, message: "Vul het huisnummer in.")) }
            let folded = SubjectIdentity.fold(postcode)
            if folded.count != 6 || !folded.prefix(4).allSatisfy(\.isNumber) || !folded.suffix(2).allSatisfy(\.isLetter) {
                problems.append(RegisterProblem(field: field, message: "Een postcode is vier cijfers en twee letters, zoals 9501 AB; „\(postcode)” niet."))
            }
            return problems
        }
    }
}

/// The kinds of record the registers hold.
public enum RecordKind: String, CaseIterable, Hashable, Sendable, Codable {
    case signal = "signaal"
    case incident
    case meeting = "overleg"
}

/// A record as lists and agendas show it: its classifying facts and members, never its sealed
/// content, so a list of thousands reads and decrypts nothing about people.
public struct ListedRecord: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var status: String
    public var date: Date
    public var district: String?
    public var categories: [String]
    public var facts: String
    public var members: Set<UUID>

    public init(id: UUID, reference: String, status: String, date: Date, district: String?, categories: [String], facts: String, members: Set<UUID>) {
        self.id = id
        self.reference = reference
        self.status = status
        self.date = date
        self.district = district
        self.categories = categories
        self.facts = facts
        self.members = members
    }

    /// What a list shows of a record read in full.
    public init(_ record: StoredRecord) {
        self.init(id: record.id, reference: record.reference, status: record.status, date: record.date, district: record.district,
                  categories: record.categories, facts: record.facts, members: record.members)
    }
}

/// A record as the store keeps it: the facts the register may list and count in the clear, and
/// everything about people sealed. The store knows nothing of what the sealed part holds.
public struct StoredRecord: Hashable, Sendable {
    public var id: UUID
    public var register: UUID
    public var kind: RecordKind
    /// A reference without personal data, such as `OS-2026-0042`; safe in lists and on agendas.
    public var reference: String
    public var status: String
    /// The date of the signal or incident, or of the meeting.
    public var date: Date
    public var closedOn: Date?
    /// District (wijk) code or name, for counts; never finer.
    public var district: String?
    /// Phenomena or the kind of incident, for counts.
    public var categories: [String]
    /// Further classifying facts as JSON (urgency, source, minutes spent).
    public var facts: String
    /// The sealed content (``FieldSealer``); nil once anonymised.
    public var sealed: String?
    /// Keyed hashes of the subjects, for exact lookups.
    public var lookups: [String]
    /// Pseudonyms of the people in the record, for the processing log and subject access.
    public var pseudonyms: [String]
    public var members: Set<UUID>
    /// A legal hold stops the purge; the reason is kept.
    public var legalHold: String?
    public var anonymised: Bool
    public var version: Int
    public var createdAt: Date

    public init(id: UUID = UUID(), register: UUID, kind: RecordKind, reference: String, status: String, date: Date, closedOn: Date? = nil,
                district: String?, categories: [String], facts: String, sealed: String?, lookups: [String], pseudonyms: [String],
                members: Set<UUID>, legalHold: String? = nil, anonymised: Bool = false, version: Int = 1, createdAt: Date = Date()) {
        self.id = id
        self.register = register
        self.kind = kind
        self.reference = reference
        self.status = status
        self.date = date
        self.closedOn = closedOn
        self.district = district
        self.categories = categories
        self.facts = facts
        self.sealed = sealed
        self.lookups = lookups
        self.pseudonyms = pseudonyms
        self.members = members
        self.legalHold = legalHold
        self.anonymised = anonymised
        self.version = version
        self.createdAt = createdAt
    }

    /// The associated data a sealed content is bound to.
    public var sealingContext: String { "regie-register:\(register.uuidString.lowercased()):\(id.uuidString.lowercased()):\(kind.rawValue)" }
}

/// A case shared with a partner organisation: what, with whom, by whom, why. Kept for ever with
/// the record (a disclosure the subject may ask about).
public struct CaseShare: Hashable, Sendable, Codable {
    public var record: UUID
    public var organisation: Key
    public var sharedBy: UUID
    public var sharedAt: Date
    public var purpose: String

    public init(record: UUID, organisation: Key, sharedBy: UUID, sharedAt: Date = Date(), purpose: String) {
        self.record = record
        self.organisation = organisation
        self.sharedBy = sharedBy
        self.sharedAt = sharedAt
        self.purpose = purpose
    }
}

/// Opening a case without being a member: logged apart and reported to the register's owner.
public struct BreakGlassAccess: Hashable, Sendable, Codable {
    public var id: UUID
    public var register: UUID
    public var record: UUID
    public var account: UUID
    public var at: Date
    public var reason: String
    /// Set when an owner has seen the report.
    public var acknowledgedBy: UUID?

    public init(id: UUID = UUID(), register: UUID, record: UUID, account: UUID, at: Date = Date(), reason: String, acknowledgedBy: UUID? = nil) {
        self.id = id
        self.register = register
        self.record = record
        self.account = account
        self.at = at
        self.reason = reason
        self.acknowledgedBy = acknowledgedBy
    }
}
