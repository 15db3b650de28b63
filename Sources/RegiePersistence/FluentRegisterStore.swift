import FluentKit
import FluentSQL
import Foundation
import RegieCore
import RegieRegisters

/// The registers on SQLite and PostgreSQL. Every write goes in one transaction with its
/// processing-log lines and audit entries; the log is chained with ``ProcessingLogKeys``.
public struct FluentRegisterStore: RegisterStore {
    let database: any Database
    let chain: AuditChain
    let logKeys: ProcessingLogKeys

    public init(database: any Database, chain: AuditChain, logKeys: ProcessingLogKeys) {
        self.database = database
        self.chain = chain
        self.logKeys = logKeys
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }

    // MARK: Registers

    public func registers(of municipality: MunicipalityCode) async throws -> [RegisterDefinition] {
        try await RegisterRecordDefinition.query(on: database).filter(\.$municipality == municipality.rawValue).sort(\.$createdAt).all()
            .map { try Self.decoder.decode(RegisterDefinition.self, from: Data($0.definition.utf8)) }
    }

    public func allRegisters() async throws -> [RegisterDefinition] {
        try await RegisterRecordDefinition.query(on: database).sort(\.$municipality).sort(\.$createdAt).all()
            .map { try Self.decoder.decode(RegisterDefinition.self, from: Data($0.definition.utf8)) }
    }

    public func register(_ id: UUID) async throws -> RegisterDefinition? {
        try await RegisterRecordDefinition.find(id, on: database).map { try Self.decoder.decode(RegisterDefinition.self, from: Data($0.definition.utf8)) }
    }

    public func saveRegister(_ register: RegisterDefinition, audit: [AuditEntry]) async throws {
        let chain = self.chain
        let definition = try Self.json(register)
        try await database.writeTransaction { db in
            if let existing = try await RegisterRecordDefinition.find(register.id, on: db) {
                guard existing.municipality == register.municipality.rawValue else { throw RegisterError.notFound }
                existing.definition = definition
                try await existing.update(on: db)
            } else {
                let record = RegisterRecordDefinition()
                record.id = register.id
                record.municipality = register.municipality.rawValue
                record.kind = register.kind.rawValue
                record.definition = definition
                record.access = try Self.json(RegisterAccessList())
                record.createdAt = Date()
                try await record.create(on: db)
            }
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func accessList(_ register: UUID) async throws -> RegisterAccessList {
        guard let record = try await RegisterRecordDefinition.find(register, on: database) else { return RegisterAccessList() }
        return try Self.decoder.decode(RegisterAccessList.self, from: Data(record.access.utf8))
    }

    public func saveAccessList(_ list: RegisterAccessList, register: UUID, audit: [AuditEntry]) async throws {
        let chain = self.chain
        let access = try Self.json(list)
        try await database.writeTransaction { db in
            guard let record = try await RegisterRecordDefinition.find(register, on: db) else { throw RegisterError.notFound }
            record.access = access
            try await record.update(on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    // MARK: Records

    public func records(register: UUID, kind: RecordKind) async throws -> [StoredRecord] {
        try await RegisterEntryRecord.query(on: database).filter(\.$registerID == register).filter(\.$kind == kind.rawValue)
            .sort(\.$date).sort(\.$reference).all().map(Self.stored)
    }

    public func listedRecords(register: UUID, kind: RecordKind) async throws -> [ListedRecord] {
        try await RegisterEntryRecord.query(on: database).filter(\.$registerID == register).filter(\.$kind == kind.rawValue)
            .sort(\.$date).sort(\.$reference)
            .field(\.$id).field(\.$reference).field(\.$status).field(\.$date).field(\.$district).field(\.$categories).field(\.$facts).field(\.$members)
            .all()
            .map { row in
                let members = try Self.decoder.decode([String].self, from: Data(row.members.utf8)).compactMap(UUID.init(uuidString:))
                return ListedRecord(id: row.id ?? UUID(), reference: row.reference, status: row.status, date: row.date, district: row.district,
                                    categories: row.categories.split(separator: ",").map(String.init), facts: row.facts, members: Set(members))
            }
    }

    public func countedRecords(register: UUID, kind: RecordKind, from: Date, before: Date) async throws -> [CountedRecord] {
        try await RegisterEntryRecord.query(on: database).filter(\.$registerID == register).filter(\.$kind == kind.rawValue)
            .filter(\.$date >= from).filter(\.$date < before)
            .field(\.$date).field(\.$categories).field(\.$district).all()
            .map { row in
                CountedRecord(date: row.date, category: row.categories.split(separator: ",").first.map(String.init) ?? "overig", district: row.district)
            }
    }

    public func record(_ id: UUID, register: UUID) async throws -> StoredRecord? {
        guard let record = try await RegisterEntryRecord.find(id, on: database), record.registerID == register else { return nil }
        return try await withSubjects(try Self.stored(record), on: database)
    }

    public func records(register: UUID, lookups: [String]) async throws -> [StoredRecord] {
        guard !lookups.isEmpty else { return [] }
        let ids = try await RegisterLookupRecord.query(on: database).filter(\.$registerID == register).filter(\.$hash ~~ lookups).all().map(\.recordID)
        guard !ids.isEmpty else { return [] }
        return try await RegisterEntryRecord.query(on: database).filter(\.$id ~~ Set(ids)).all().map(Self.stored)
    }

    public func records(municipality: MunicipalityCode, pseudonym: String) async throws -> [StoredRecord] {
        let ids = try await RegisterSubjectRecord.query(on: database).filter(\.$municipality == municipality.rawValue)
            .filter(\.$pseudonym == pseudonym).all().map(\.recordID)
        guard !ids.isEmpty else { return [] }
        var result: [StoredRecord] = []
        for record in try await RegisterEntryRecord.query(on: database).filter(\.$id ~~ Set(ids)).sort(\.$date).all() {
            result.append(try await withSubjects(try Self.stored(record), on: database))
        }
        return result
    }

    public func create(_ record: StoredRecord, referencePrefix: String, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws -> StoredRecord {
        let (chain, logKeys) = (self.chain, self.logKeys)
        return try await database.writeTransaction { db in
            guard let register = try await RegisterRecordDefinition.find(record.register, on: db) else { throw RegisterError.notFound }
            let year = Calendar.dutch.component(.year, from: record.date)
            let prefix = "\(referencePrefix)-\(year)-"
            let taken = try await RegisterEntryRecord.query(on: db).filter(\.$registerID == record.register)
                .filter(\.$reference >= prefix).filter(\.$reference < prefix + "~").count()
            var stored = record
            stored.reference = prefix + String(format: "%04d", taken + 1)
            stored.version = 1
            let row = RegisterEntryRecord()
            try Self.fill(row, from: stored)
            row.id = stored.id
            try await row.create(on: db)
            try await Self.writeSubjects(stored, municipality: register.municipality, on: db)
            try await Self.append(log, keys: logKeys, on: db)
            try await AuditWriter.append(audit.map { entry in
                var entry = entry
                entry.object += " \(stored.reference)"
                return entry
            }, chain: chain, on: db)
            return stored
        }
    }

    public func update(_ record: StoredRecord, expectingVersion version: Int, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws -> StoredRecord {
        let (chain, logKeys) = (self.chain, self.logKeys)
        return try await database.writeTransaction { db in
            guard let row = try await RegisterEntryRecord.find(record.id, on: db), row.registerID == record.register,
                  let register = try await RegisterRecordDefinition.find(record.register, on: db) else { throw RegisterError.notFound }
            guard row.version == version else { throw RegisterError.changedMeanwhile }
            var stored = record
            stored.version = version + 1
            try Self.fill(row, from: stored)
            try await row.update(on: db)
            try await RegisterLookupRecord.query(on: db).filter(\.$recordID == record.id).delete()
            try await RegisterSubjectRecord.query(on: db).filter(\.$recordID == record.id).delete()
            try await Self.writeSubjects(stored, municipality: register.municipality, on: db)
            try await Self.append(log, keys: logKeys, on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
            return stored
        }
    }

    // MARK: Sharing, break-glass, restrictions

    public func shares(record: UUID) async throws -> [CaseShare] {
        try await CaseShareRecord.query(on: database).filter(\.$recordID == record).sort(\.$sharedAt).all().compactMap(Self.share)
    }

    public func shares(register: UUID) async throws -> [CaseShare] {
        try await CaseShareRecord.query(on: database).filter(\.$registerID == register).sort(\.$sharedAt).all().compactMap(Self.share)
    }

    public func share(_ share: CaseShare, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws {
        let (chain, logKeys) = (self.chain, self.logKeys)
        try await database.writeTransaction { db in
            guard let record = try await RegisterEntryRecord.find(share.record, on: db) else { throw RegisterError.notFound }
            let row = CaseShareRecord()
            row.recordID = share.record
            row.registerID = record.registerID
            row.organisation = share.organisation.rawValue
            row.sharedBy = share.sharedBy
            row.sharedAt = share.sharedAt
            row.purpose = share.purpose
            try await row.create(on: db)
            try await Self.append(log, keys: logKeys, on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func recordBreakGlass(_ access: BreakGlassAccess, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws {
        let (chain, logKeys) = (self.chain, self.logKeys)
        try await database.writeTransaction { db in
            let row = BreakGlassRecord()
            row.id = access.id
            row.registerID = access.register
            row.recordID = access.record
            row.accountID = access.account
            row.at = access.at
            row.reason = access.reason
            try await row.create(on: db)
            try await Self.append(log, keys: logKeys, on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func breakGlass(register: UUID) async throws -> [BreakGlassAccess] {
        try await BreakGlassRecord.query(on: database).filter(\.$registerID == register).sort(\.$at).all().map {
            BreakGlassAccess(id: $0.id ?? UUID(), register: $0.registerID, record: $0.recordID, account: $0.accountID, at: $0.at,
                             reason: $0.reason, acknowledgedBy: $0.acknowledgedBy)
        }
    }

    public func restrictions(record: UUID) async throws -> [String] {
        try await SubjectRestrictionRecord.query(on: database).filter(\.$recordID == record).sort(\.$at).all().map(\.reason)
    }

    public func addRestriction(record: UUID, reason: String, audit: [AuditEntry]) async throws {
        let chain = self.chain
        try await database.writeTransaction { db in
            let row = SubjectRestrictionRecord()
            row.recordID = record
            row.reason = reason
            row.at = Date()
            try await row.create(on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    // MARK: Retention

    public func anonymise(_ record: UUID, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws {
        let (chain, logKeys) = (self.chain, self.logKeys)
        try await database.writeTransaction { db in
            guard let row = try await RegisterEntryRecord.find(record, on: db), row.legalHold == nil else { return }
            row.sealed = nil
            row.keyID = nil
            row.anonymised = true
            row.members = "[]"
            row.version += 1
            try await row.update(on: db)
            try await RegisterLookupRecord.query(on: db).filter(\.$recordID == record).delete()
            try await RegisterSubjectRecord.query(on: db).filter(\.$recordID == record).delete()
            try await CaseShareRecord.query(on: db).filter(\.$recordID == record).delete()
            try await SubjectRestrictionRecord.query(on: db).filter(\.$recordID == record).delete()
            try await Self.append(log, keys: logKeys, on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func delete(_ record: UUID, log: [ProcessingLogEntry], audit: [AuditEntry]) async throws {
        let (chain, logKeys) = (self.chain, self.logKeys)
        try await database.writeTransaction { db in
            guard let row = try await RegisterEntryRecord.find(record, on: db), row.legalHold == nil else { return }
            try await RegisterLookupRecord.query(on: db).filter(\.$recordID == record).delete()
            try await RegisterSubjectRecord.query(on: db).filter(\.$recordID == record).delete()
            try await CaseShareRecord.query(on: db).filter(\.$recordID == record).delete()
            try await SubjectRestrictionRecord.query(on: db).filter(\.$recordID == record).delete()
            try await BreakGlassRecord.query(on: db).filter(\.$recordID == record).delete()
            try await row.delete(on: db)
            try await Self.append(log, keys: logKeys, on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func setLegalHold(_ record: UUID, reason: String?, audit: [AuditEntry]) async throws {
        let chain = self.chain
        try await database.writeTransaction { db in
            guard let row = try await RegisterEntryRecord.find(record, on: db) else { throw RegisterError.notFound }
            row.legalHold = reason
            row.version += 1
            try await row.update(on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    // MARK: Processing log

    public func appendLog(_ entries: [ProcessingLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        let logKeys = self.logKeys
        try await database.writeTransaction { db in try await Self.append(entries, keys: logKeys, on: db) }
    }

    public func log(pseudonym: String) async throws -> [ProcessingLogEntry] {
        try await ProcessingLogRecord.query(on: database).filter(\.$dataSubject == pseudonym).sort(\.$sequence).all().compactMap(Self.entry)
    }

    public func log(record: UUID) async throws -> [ProcessingLogEntry] {
        try await ProcessingLogRecord.query(on: database).filter(\.$recordID == record).sort(\.$sequence).all().compactMap(Self.entry)
    }

    public func checkLog() async throws -> ProcessingLogCheck {
        var verifier = ProcessingLogVerifier(keys: logKeys)
        var after: Int64 = 0
        while true {
            let page = try await ProcessingLogRecord.query(on: database).filter(\.$sequence > after).sort(\.$sequence).limit(1000).all()
            guard let last = page.last else { break }
            for row in page {
                guard let entry = Self.entry(row) else {
                    verifier.check(ProcessingLogEntry.broken(sequence: Int(row.sequence)))
                    continue
                }
                verifier.check(entry)
            }
            after = last.sequence
        }
        return verifier.result
    }

    /// Appends under a turn: on PostgreSQL an advisory lock of its own (not the audit trail's),
    /// so concurrent requests never fork the chain; SQLite writes one transaction at a time.
    static func append(_ entries: [ProcessingLogEntry], keys: ProcessingLogKeys, on db: any Database) async throws {
        guard !entries.isEmpty else { return }
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(7265676966)").run()
        }
        let last = try await ProcessingLogRecord.query(on: db).sort(\.$sequence, .descending).first()
        let chained = keys.chain(entries, after: last.map { (Int($0.sequence), $0.hash) })
        for entry in chained {
            let row = ProcessingLogRecord()
            row.sequence = Int64(entry.sequence)
            row.traceID = entry.traceID
            row.operationID = entry.operationID
            row.operation = entry.operation.rawValue
            row.status = entry.status.rawValue
            row.startMS = ProcessingLogKeys.milliseconds(entry.start)
            row.endMS = ProcessingLogKeys.milliseconds(entry.end)
            row.processingActivity = entry.processingActivity
            row.registerID = entry.register
            row.recordID = entry.record
            row.dataSubject = entry.dataSubject
            row.actorID = entry.actor
            row.purpose = entry.purpose
            row.recipient = entry.recipient
            row.previousHash = entry.previousHash
            row.hash = entry.hash
            try await row.create(on: db)
        }
    }

    static func entry(_ row: ProcessingLogRecord) -> ProcessingLogEntry? {
        guard let operation = ProcessingLogEntry.Operation(rawValue: row.operation),
              let status = ProcessingLogEntry.Status(rawValue: row.status) else { return nil }
        var entry = ProcessingLogEntry(sequence: Int(row.sequence), traceID: row.traceID, operationID: row.operationID, operation: operation,
                                       status: status, start: Date(timeIntervalSince1970: Double(row.startMS) / 1000),
                                       end: Date(timeIntervalSince1970: Double(row.endMS) / 1000), processingActivity: row.processingActivity,
                                       register: row.registerID, record: row.recordID, dataSubject: row.dataSubject, actor: row.actorID,
                                       purpose: row.purpose, recipient: row.recipient)
        entry.previousHash = row.previousHash
        entry.hash = row.hash
        return entry
    }

    // MARK: Keys

    public func sealedKeyIDs() async throws -> Set<String> {
        guard let sql = database as? any SQLDatabase else { return [] }
        let rows = try await sql.raw("SELECT DISTINCT key_id FROM register_entries WHERE key_id IS NOT NULL").all()
        return Set(try rows.map { try $0.decode(column: "key_id", as: String.self) })
    }

    public func recordsSealed(notWith current: String, limit: Int) async throws -> [StoredRecord] {
        try await RegisterEntryRecord.query(on: database).filter(\.$keyID != nil).filter(\.$keyID != current).limit(limit).all().map(Self.stored)
    }

    public func reseal(_ record: UUID, expected: String, sealed: String, lookups: [String]) async throws -> Bool {
        try await database.writeTransaction { db in
            guard let row = try await RegisterEntryRecord.find(record, on: db), row.sealed == expected else { return false }
            row.sealed = sealed
            row.keyID = FieldSealer.keyID(of: sealed)
            try await row.update(on: db)
            try await RegisterLookupRecord.query(on: db).filter(\.$recordID == record).delete()
            for hash in lookups {
                let lookup = RegisterLookupRecord()
                lookup.recordID = record
                lookup.registerID = row.registerID
                lookup.hash = hash
                try await lookup.create(on: db)
            }
            return true
        }
    }

    // MARK: Mapping

    static func fill(_ row: RegisterEntryRecord, from record: StoredRecord) throws {
        row.registerID = record.register
        row.kind = record.kind.rawValue
        row.reference = record.reference
        row.status = record.status
        row.date = record.date
        row.closedOn = record.closedOn
        row.district = record.district
        row.categories = "," + record.categories.joined(separator: ",") + ","
        row.facts = record.facts
        row.sealed = record.sealed
        row.keyID = record.sealed.flatMap(FieldSealer.keyID(of:))
        row.members = try json(record.members.map(\.uuidString).sorted())
        row.legalHold = record.legalHold
        row.anonymised = record.anonymised
        row.version = record.version
        row.createdAt = record.createdAt
    }

    static func stored(_ row: RegisterEntryRecord) throws -> StoredRecord {
        let members = try decoder.decode([String].self, from: Data(row.members.utf8)).compactMap(UUID.init(uuidString:))
        return StoredRecord(id: row.id ?? UUID(), register: row.registerID, kind: RecordKind(rawValue: row.kind) ?? .signal, reference: row.reference,
                            status: row.status, date: row.date, closedOn: row.closedOn, district: row.district,
                            categories: row.categories.split(separator: ",").map(String.init), facts: row.facts, sealed: row.sealed,
                            lookups: [], pseudonyms: [], members: Set(members), legalHold: row.legalHold, anonymised: row.anonymised,
                            version: row.version, createdAt: row.createdAt)
    }

    func withSubjects(_ record: StoredRecord, on db: any Database) async throws -> StoredRecord {
        var record = record
        record.pseudonyms = try await RegisterSubjectRecord.query(on: db).filter(\.$recordID == record.id).all().map(\.pseudonym)
        record.lookups = try await RegisterLookupRecord.query(on: db).filter(\.$recordID == record.id).all().map(\.hash)
        return record
    }

    static func writeSubjects(_ record: StoredRecord, municipality: String, on db: any Database) async throws {
        for hash in Set(record.lookups) {
            let lookup = RegisterLookupRecord()
            lookup.recordID = record.id
            lookup.registerID = record.register
            lookup.hash = hash
            try await lookup.create(on: db)
        }
        for pseudonym in Set(record.pseudonyms) {
            let subject = RegisterSubjectRecord()
            subject.recordID = record.id
            subject.municipality = municipality
            subject.pseudonym = pseudonym
            try await subject.create(on: db)
        }
    }

    static func share(_ row: CaseShareRecord) -> CaseShare? {
        guard let organisation = Key(row.organisation) else { return nil }
        return CaseShare(record: row.recordID, organisation: organisation, sharedBy: row.sharedBy, sharedAt: row.sharedAt, purpose: row.purpose)
    }
}
