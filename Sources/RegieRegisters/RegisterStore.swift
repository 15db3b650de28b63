import Foundation
import RegieCore

/// Where registers keep their definitions, records, shares and processing log: SQLite or
/// PostgreSQL (RegiePersistence). The store sees sealed content only; ``RegisterService``
/// seals, opens and decides who may.
public protocol RegisterStore: Sendable {
    func registers(of municipality: MunicipalityCode) async throws -> [RegisterDefinition]
    /// Every register of every municipality, for the command-line jobs (purge, art. 30 export).
    func allRegisters() async throws -> [RegisterDefinition]
    func register(_ id: UUID) async throws -> RegisterDefinition?
    func saveRegister(_ register: RegisterDefinition, audit: [AuditEntry]) async throws
    func accessList(_ register: UUID) async throws -> RegisterAccessList
    func saveAccessList(_ list: RegisterAccessList, register: UUID, audit: [AuditEntry]) async throws

    func records(register: UUID, kind: RecordKind) async throws -> [StoredRecord]
    /// The records of a kind for lists, without their sealed content, oldest first.
    func listedRecords(register: UUID, kind: RecordKind) async throws -> [ListedRecord]
    func record(_ id: UUID, register: UUID) async throws -> StoredRecord?
    /// The classifying fields (date, first category, district) of the records dated in
    /// `from..<before`, for the register's counts: nothing sealed is read.
    func countedRecords(register: UUID, kind: RecordKind, from: Date, before: Date) async throws -> [CountedRecord]
    /// Records whose subjects have one of these keyed hashes.
    func records(register: UUID, lookups: [String]) async throws -> [StoredRecord]
    /// Records of any register of the municipality about the person with this pseudonym.
    func records(municipality: MunicipalityCode, pseudonym: String) async throws -> [StoredRecord]
    /// Adds `record` with the next reference `prefix-year-NNNN` for its register, with its log lines and audit entries.
    func create(_ record: StoredRecord, referencePrefix: String, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws -> StoredRecord
    /// Replaces a record if it still has `version`; throws ``RegisterError/changedMeanwhile`` otherwise.
    func update(_ record: StoredRecord, expectingVersion version: Int, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws -> StoredRecord

    func shares(record: UUID) async throws -> [CaseShare]
    func shares(register: UUID) async throws -> [CaseShare]
    func share(_ share: CaseShare, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws
    func recordBreakGlass(_ access: BreakGlassAccess, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws
    func breakGlass(register: UUID) async throws -> [BreakGlassAccess]
    /// Records a restriction of a subject-access answer (art. 41 UAVG) for a record.
    func restrictions(record: UUID) async throws -> [String]
    func addRestriction(record: UUID, reason: String, audit: [AuditEntry]) async throws

    /// Anonymises or deletes records, each step in its own transaction with its log line, so an
    /// interrupted purge leaves every record either untouched or done, and a rerun finishes it.
    func anonymise(_ record: UUID, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws
    func delete(_ record: UUID, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws
    func setLegalHold(_ record: UUID, reason: String?, audit: [AuditEntry]) async throws

    func appendLog(_ entries: [ProcessingLogEntry]) async throws
    func log(pseudonym: String) async throws -> [ProcessingLogEntry]
    func log(record: UUID) async throws -> [ProcessingLogEntry]
    func checkLog() async throws -> ProcessingLogCheck

    /// The key identifiers of every sealed value in the registers.
    func sealedKeyIDs() async throws -> Set<String>
    /// Records sealed with another key than `current`, at most `limit`.
    func recordsSealed(notWith current: String, limit: Int) async throws -> [StoredRecord]
    /// Swaps a record's sealed content and lookups if the content is still `expected`; false otherwise.
    func reseal(_ record: UUID, expected: String, sealed: String, lookups: [String]) async throws -> Bool
}
