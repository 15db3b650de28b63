import Foundation
import RegieCore

/// What a register's owner manages about how one record is kept: a legal hold that stops the
/// purge, and restrictions of what a subject-access answer shows (art. 41 UAVG).
public struct RecordKeeping: Hashable, Sendable {
    /// Why the record must be kept past its period (a running objection, a criminal case); nil: none.
    public var legalHold: String?
    /// The reasons given for restricting subject access, oldest first.
    public var restrictions: [String]
    /// When the retention period ends: counted from the closing date, or else from the record's own date.
    public var retentionEnds: Date
    /// What happens then: anonymised or deleted.
    public var retentionEnd: RetentionEnd

    public init(legalHold: String?, restrictions: [String], retentionEnds: Date, retentionEnd: RetentionEnd) {
        self.legalHold = legalHold
        self.restrictions = restrictions
        self.retentionEnds = retentionEnds
        self.retentionEnd = retentionEnd
    }
}

// Legal holds and art. 41 restrictions (issue 17, point 3). Only the register's owner decides
// them; each is audited. Neither reads or changes what the record says about a person.
extension RegisterService {
    /// The record's keeping for the register's owner; nil for anyone else, who is not told.
    public func keeping(of recordID: UUID, register registerID: UUID, context: Context) async throws -> RecordKeeping? {
        let (register, access) = try await usableRegister(registerID, context)
        guard RegisterAccessPolicy.mayManage(context.actor, register: register, access: access) else { return nil }
        guard let record = try await store.record(recordID, register: registerID) else { throw RegisterError.notFound }
        return try await keeping(of: record, register: register)
    }

    func keeping(of record: StoredRecord, register: RegisterDefinition) async throws -> RecordKeeping {
        RecordKeeping(legalHold: record.legalHold, restrictions: try await store.restrictions(record: record.id),
                      retentionEnds: register.retention.expiry(from: record.closedOn ?? record.date), retentionEnd: register.retention.end)
    }

    /// Sets a legal hold with its reason, or lifts it (`reason` nil). The purge leaves a held
    /// record alone and reports it; lifting lets the next purge treat it as any other.
    public func setLegalHold(record recordID: UUID, register registerID: UUID, reason: String?, context: Context) async throws {
        let record = try await managedRecord(recordID, registerID, context, what: "een bewaarplicht vastleggen of opheffen")
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.count < 10 {
            throw RegisterError.invalid([RegisterProblem(field: Self.holdReasonField,
                message: "Noem de grond van de bewaarplicht, bijvoorbeeld een lopende bezwaarprocedure of strafzaak (minstens 10 tekens).")])
        }
        try await store.setLegalHold(recordID, reason: reason, audit: [audit(context, record.register, .legalHoldChanged, record.stored.reference,
            after: [AuditValue("Bewaarplicht", reason ?? "opgeheven")])])
    }

    /// Restricts what a subject-access answer shows of a record (art. 41 UAVG), with the reason.
    public func restrictSubjectAccess(record recordID: UUID, register registerID: UUID, reason: String, context: Context) async throws {
        let record = try await managedRecord(recordID, registerID, context, what: "inzage beperken")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 10 else {
            throw RegisterError.invalid([RegisterProblem(field: Self.restrictionReasonField,
                message: "Motiveer de beperking: welke grond uit art. 41 UAVG geldt en waarom (minstens 10 tekens).")])
        }
        try await store.addRestriction(record: recordID, reason: reason,
                                       audit: [audit(context, record.register, .subjectAccessRestricted, record.stored.reference, after: [AuditValue("Reden", reason)])])
    }

    public static let holdReasonField = "Reden van de bewaarplicht"
    public static let restrictionReasonField = "Reden van de beperking"

    /// A record of a register the account owns. A member who is not the owner is told what
    /// they may not do; anyone else hears only "not found".
    private func managedRecord(_ recordID: UUID, _ registerID: UUID, _ context: Context, what: String) async throws
        -> (register: RegisterDefinition, stored: StoredRecord) {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(recordID, register: registerID),
              RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: try await caseFacts(record)) != .none else {
            throw RegisterError.notFound
        }
        guard RegisterAccessPolicy.mayManage(context.actor, register: register, access: access) else { throw RegisterError.notAllowed(what) }
        return (register, record)
    }
}
