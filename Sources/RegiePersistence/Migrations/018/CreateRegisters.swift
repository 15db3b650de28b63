import FluentKit
import FluentSQL
import Foundation

/// Registers with personal data (issue 17): definitions with their access lists, records with
/// sealed content, keyed lookups and pseudonyms, shares, break-glass accesses, restrictions of
/// subject access, and the processing log. No table holds a name, address or free text about a
/// person in the clear (docs/adr/0015).
struct CreateRegisters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RegisterRecordDefinition.schema)
            .id()
            .field("municipality", .string, .required)
            .field("kind", .string, .required)
            .field("definition", .string, .required)
            .field("access", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(RegisterEntryRecord.schema)
            .id()
            .field("register_id", .uuid, .required, .references(RegisterRecordDefinition.schema, .id))
            .field("kind", .string, .required)
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("date", .datetime, .required)
            .field("closed_on", .datetime)
            .field("district", .string)
            .field("categories", .string, .required)
            .field("facts", .string, .required)
            .field("sealed", .string)
            .field("key_id", .string)
            .field("members", .string, .required)
            .field("legal_hold", .string)
            .field("anonymised", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "register_id", "reference", name: "register_entries_reference_once")
            .create()
        try await database.schema(RegisterLookupRecord.schema)
            .id()
            .field("record_id", .uuid, .required, .references(RegisterEntryRecord.schema, .id))
            .field("register_id", .uuid, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema(RegisterSubjectRecord.schema)
            .id()
            .field("record_id", .uuid, .required, .references(RegisterEntryRecord.schema, .id))
            .field("municipality", .string, .required)
            .field("pseudonym", .string, .required)
            .create()
        try await database.schema(CaseShareRecord.schema)
            .id()
            .field("record_id", .uuid, .required, .references(RegisterEntryRecord.schema, .id))
            .field("register_id", .uuid, .required)
            .field("organisation", .string, .required)
            .field("shared_by", .uuid, .required)
            .field("shared_at", .datetime, .required)
            .field("purpose", .string, .required)
            .create()
        try await database.schema(BreakGlassRecord.schema)
            .id()
            .field("register_id", .uuid, .required)
            .field("record_id", .uuid, .required)
            .field("account_id", .uuid, .required)
            .field("at", .datetime, .required)
            .field("reason", .string, .required)
            .field("acknowledged_by", .uuid)
            .create()
        try await database.schema(SubjectRestrictionRecord.schema)
            .id()
            .field("record_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(ProcessingLogRecord.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("trace_id", .string, .required)
            .field("operation_id", .string, .required)
            .field("operation", .string, .required)
            .field("status", .string, .required)
            .field("start_ms", .int64, .required)
            .field("end_ms", .int64, .required)
            .field("processing_activity", .string, .required)
            .field("register_id", .uuid, .required)
            .field("record_id", .uuid)
            .field("data_subject", .string)
            .field("actor_id", .uuid)
            .field("purpose", .string, .required)
            .field("recipient", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX register_entries_by_register ON register_entries (register_id, kind)").run()
            try await sql.raw("CREATE INDEX register_lookups_by_hash ON register_lookups (register_id, hash)").run()
            try await sql.raw("CREATE INDEX register_subjects_by_pseudonym ON register_subjects (municipality, pseudonym)").run()
            try await sql.raw("CREATE INDEX case_shares_by_record ON case_shares (record_id)").run()
            try await sql.raw("CREATE INDEX processing_log_by_subject ON processing_log (data_subject)").run()
            try await sql.raw("CREATE INDEX processing_log_by_record ON processing_log (record_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [ProcessingLogRecord.schema, SubjectRestrictionRecord.schema, BreakGlassRecord.schema, CaseShareRecord.schema,
                       RegisterSubjectRecord.schema, RegisterLookupRecord.schema, RegisterEntryRecord.schema, RegisterRecordDefinition.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// A register's definition and access list, as JSON (neither holds personal data: accounts by id).
final class RegisterRecordDefinition: Model, @unchecked Sendable {
    static let schema = "registers"
    @ID(key: .id) var id: UUID?
    @Field(key: "municipality") var municipality: String
    @Field(key: "kind") var kind: String
    @Field(key: "definition") var definition: String
    @Field(key: "access") var access: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class RegisterEntryRecord: Model, @unchecked Sendable {
    static let schema = "register_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "register_id") var registerID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "reference") var reference: String
    @Field(key: "status") var status: String
    @Field(key: "date") var date: Date
    @OptionalField(key: "closed_on") var closedOn: Date?
    @OptionalField(key: "district") var district: String?
    /// `,drugs,witwassen,`: the categories, each between commas.
    @Field(key: "categories") var categories: String
    @Field(key: "facts") var facts: String
    @OptionalField(key: "sealed") var sealed: String?
    @OptionalField(key: "key_id") var keyID: String?
    /// The case members' account ids as JSON.
    @Field(key: "members") var members: String
    @OptionalField(key: "legal_hold") var legalHold: String?
    @Field(key: "anonymised") var anonymised: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class RegisterLookupRecord: Model, @unchecked Sendable {
    static let schema = "register_lookups"
    @ID(key: .id) var id: UUID?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "register_id") var registerID: UUID
    @Field(key: "hash") var hash: String
    init() {}
}

final class RegisterSubjectRecord: Model, @unchecked Sendable {
    static let schema = "register_subjects"
    @ID(key: .id) var id: UUID?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "municipality") var municipality: String
    @Field(key: "pseudonym") var pseudonym: String
    init() {}
}

final class CaseShareRecord: Model, @unchecked Sendable {
    static let schema = "case_shares"
    @ID(key: .id) var id: UUID?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "register_id") var registerID: UUID
    @Field(key: "organisation") var organisation: String
    @Field(key: "shared_by") var sharedBy: UUID
    @Field(key: "shared_at") var sharedAt: Date
    @Field(key: "purpose") var purpose: String
    init() {}
}

final class BreakGlassRecord: Model, @unchecked Sendable {
    static let schema = "break_glass_accesses"
    @ID(key: .id) var id: UUID?
    @Field(key: "register_id") var registerID: UUID
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "reason") var reason: String
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    init() {}
}

final class SubjectRestrictionRecord: Model, @unchecked Sendable {
    static let schema = "subject_access_restrictions"
    @ID(key: .id) var id: UUID?
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "at") var at: Date
    init() {}
}

/// A processing-log line. Rows are only inserted; the chain's MAC shows a change or a gap.
final class ProcessingLogRecord: Model, @unchecked Sendable {
    static let schema = "processing_log"
    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "trace_id") var traceID: String
    @Field(key: "operation_id") var operationID: String
    @Field(key: "operation") var operation: String
    @Field(key: "status") var status: String
    @Field(key: "start_ms") var startMS: Int64
    @Field(key: "end_ms") var endMS: Int64
    @Field(key: "processing_activity") var processingActivity: String
    @Field(key: "register_id") var registerID: UUID
    @OptionalField(key: "record_id") var recordID: UUID?
    @OptionalField(key: "data_subject") var dataSubject: String?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "purpose") var purpose: String
    @OptionalField(key: "recipient") var recipient: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    init() {}
}
