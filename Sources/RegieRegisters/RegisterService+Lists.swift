import Foundation
import RegieCore

// What the register's pages list: lines without personal data, the members, the shares of a
// case and the break-glass reports for the owner.
extension RegisterService {
    /// The register as its member sees it: definition, access list and own role. "Not found"
    /// for anyone who is not a member.
    public func membership(register id: UUID, context: Context) async throws -> (RegisterDefinition, RegisterAccessList, RegisterRole) {
        let (register, access) = try await usableRegister(id, context)
        guard let role = access.role(of: context.actor.account) else { throw RegisterError.notFound }
        return (register, access, role)
    }

    /// A signal opened for work, with what the account may do with it (break-glass: read only).
    public func openSignalForWork(_ id: UUID, register registerID: UUID, context: Context, breakGlassReason: String? = nil) async throws -> (Signal, CaseAccess) {
        let (_, record, access) = try await openable(id, registerID, context, breakGlassReason: breakGlassReason, purpose: "signaal inzien")
        guard record.kind == .signal else { throw RegisterError.notFound }
        return (try signal(from: record), access)
    }

    /// A signal's page in one go: the register, the signal, what the account may do with it,
    /// to whom it was disclosed (for those who may read it; a break-glass opening shows the case
    /// only) and, for the owner, how it is kept. Reads the register and its members once.
    public func openSignalPage(_ id: UUID, register registerID: UUID, context: Context, breakGlassReason: String? = nil) async throws -> OpenedCase<Signal> {
        let opened = try await opening(id, registerID, context, breakGlassReason: breakGlassReason, purpose: "signaal inzien")
        guard opened.record.kind == .signal else { throw RegisterError.notFound }
        return try await OpenedCase(opened, content: try signal(from: opened.record), service: self, context: context)
    }

    /// An incident's page in one go, as ``openSignalPage(_:register:context:breakGlassReason:)``.
    public func openIncidentPage(_ id: UUID, register registerID: UUID, context: Context, breakGlassReason: String? = nil) async throws -> OpenedCase<Incident> {
        let opened = try await opening(id, registerID, context, breakGlassReason: breakGlassReason, purpose: "incident inzien")
        guard opened.record.kind == .incident else { throw RegisterError.notFound }
        return try await OpenedCase(opened, content: try await openIncidentUnlogged(opened.record), service: self, context: context)
    }

    /// The reference of a case the account may see the line of (for the break-glass question).
    public func reference(of id: UUID, register registerID: UUID, context: Context) async throws -> String {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(id, register: registerID),
              RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: try await caseFacts(record)) != .none else {
            throw RegisterError.notFound
        }
        return record.reference
    }

    /// The lines of the given signals only, such as a meeting's agenda: reads those records and
    /// not the whole register. Same rules as ``signalLines(register:context:)``.
    public func signalLines(_ ids: [UUID], register registerID: UUID, context: Context) async throws -> [SignalLine] {
        let (register, access) = try await usableRegister(registerID, context)
        guard access.role(of: context.actor.account) != nil, context.actor.tenant.municipality == register.municipality else { throw RegisterError.notFound }
        var lines: [SignalLine] = []
        for id in ids {
            guard let record = try await store.record(id, register: registerID), record.kind == .signal else { continue }
            let caseAccess = RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: CaseAccessFacts(members: record.members))
            if caseAccess != .none { lines.append(SignalLine(record: ListedRecord(record), access: caseAccess)) }
        }
        return lines
    }

    /// The incidents' lines: date, district, kind and follow-up, never a person.
    public func incidentLines(register registerID: UUID, context: Context) async throws -> [IncidentLine] {
        let (register, access) = try await usableRegister(registerID, context)
        guard access.role(of: context.actor.account) != nil else { throw RegisterError.notFound }
        return try await store.listedRecords(register: registerID, kind: .incident).compactMap { record in
            let caseAccess = RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access,
                                                             case: CaseAccessFacts(members: record.members))
            guard caseAccess != .none else { return nil }
            return IncidentLine(record: record, access: caseAccess)
        }
    }

    /// The meetings of the case table, for those who may plan and hold them.
    public func meetingLines(register registerID: UUID, context: Context) async throws -> [MeetingLine] {
        let (register, access) = try await usableRegister(registerID, context)
        guard RegisterAccessPolicy.mayTakeIn(context.actor, register: register, access: access) else { return [] }
        return try await store.listedRecords(register: registerID, kind: .meeting).map { record in
            let agenda = (try? JSONDecoder().decode([String].self, from: Data(record.facts.utf8))) ?? []
            return MeetingLine(id: record.id, reference: record.reference, heldOn: record.date, concluded: record.status == "afgerond",
                               agendaCount: agenda.count)
        }
    }

    /// The organisations a case was shared with, for those who may read the case.
    public func shares(of recordID: UUID, register registerID: UUID, context: Context) async throws -> [CaseShare] {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(recordID, register: registerID) else { throw RegisterError.notFound }
        guard RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: try await caseFacts(record)) >= .read else {
            throw RegisterError.notFound
        }
        return try await store.shares(record: recordID)
    }

    /// Every break-glass opening in the register, newest first: for its owners only.
    public func breakGlassReports(register registerID: UUID, context: Context) async throws -> [BreakGlassReport] {
        let (register, access) = try await usableRegister(registerID, context)
        guard RegisterAccessPolicy.mayManage(context.actor, register: register, access: access) else {
            throw RegisterError.notAllowed("de meldingen van doorbroken toegang lezen")
        }
        var references: [UUID: String] = [:]
        var reports: [BreakGlassReport] = []
        for access in try await store.breakGlass(register: registerID).sorted(by: { $0.at > $1.at }) {
            if references[access.record] == nil { references[access.record] = try await store.record(access.record, register: registerID)?.reference ?? "(verwijderd)" }
            reports.append(BreakGlassReport(access: access, reference: references[access.record] ?? ""))
        }
        return reports
    }
}

/// An incident as lists show it: no personal data.
public struct IncidentLine: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var occurredAt: Date
    public var district: String
    public var kind: IncidentKind
    public var followUp: IncidentFollowUp
    public var access: CaseAccess

    init(record: ListedRecord, access: CaseAccess) {
        id = record.id
        reference = record.reference
        occurredAt = record.date
        district = record.district ?? ""
        kind = record.categories.first.flatMap(IncidentKind.init(rawValue:)) ?? .other
        followUp = IncidentFollowUp(rawValue: record.status) ?? .none
        self.access = access
    }
}

/// A meeting of the case table as the list shows it.
public struct MeetingLine: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var heldOn: Date
    public var concluded: Bool
    public var agendaCount: Int
}

/// One break-glass opening as its report to the owner shows it.
public struct BreakGlassReport: Hashable, Sendable {
    public var access: BreakGlassAccess
    /// The case's reference, without personal data.
    public var reference: String
}

/// One case as its page shows it (``RegisterService/openSignalPage(_:register:context:breakGlassReason:)``).
public struct OpenedCase<Content: Sendable>: Sendable {
    public var register: RegisterDefinition
    /// The partner organisations taking part in the register.
    public var organisations: Set<Key>
    public var content: Content
    public var access: CaseAccess
    /// Empty after a break-glass opening: the case itself, not to whom it was disclosed.
    public var shares: [CaseShare]
    /// Only for the register's owner.
    public var keeping: RecordKeeping?
    /// Whether the account may take in and search (a handler or owner of the municipality).
    public var mayWork: Bool

    init(_ opened: (register: RegisterDefinition, access: RegisterAccessList, record: StoredRecord, caseAccess: CaseAccess, shares: [CaseShare]),
         content: Content, service: RegisterService, context: RegisterService.Context) async throws {
        register = opened.register
        organisations = opened.access.organisations
        self.content = content
        access = opened.caseAccess
        shares = opened.caseAccess >= .read ? opened.shares : []
        keeping = RegisterAccessPolicy.mayManage(context.actor, register: opened.register, access: opened.access)
            ? try await service.keeping(of: opened.record, register: opened.register) : nil
        mayWork = RegisterAccessPolicy.mayTakeIn(context.actor, register: opened.register, access: opened.access)
    }
}
