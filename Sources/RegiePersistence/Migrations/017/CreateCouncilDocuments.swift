import Foundation
import FluentKit

/// Council documents (issue 16): the officer's drafts, the versions sent to the council with
/// their frozen files, and each municipality's Word template.
struct CreateCouncilDocuments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DocumentDraftRecord.schema)
            .id()
            .field("plan_key", .string, .required)
            .field("document", .string, .required)
            .field("content", .string, .required)
            .field("revision", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "plan_key", "document")
            .create()
        try await database.schema(SentDocumentRecord.schema)
            .id()
            .field("plan_key", .string, .required)
            .field("document", .string, .required)
            .field("version", .int, .required)
            .field("draft_revision", .int, .required)
            .field("sent_at", .datetime, .required)
            .field("description", .string, .required)
            // Named: PostgreSQL cuts names at 63 characters, and the two generated names would meet.
            .unique(on: "plan_key", "document", "version", name: "sent_documents_version_once")
            .unique(on: "plan_key", "document", "draft_revision", name: "sent_documents_draft_once")
            .create()
        try await database.schema(SentFileRecord.schema)
            .id()
            .field("sent_document_id", .uuid, .required, .references(SentDocumentRecord.schema, .id))
            .field("format", .string, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .unique(on: "sent_document_id", "format")
            .create()
        try await database.schema(HouseStyleRecord.schema)
            .id()
            .field("municipality", .string, .required)
            .field("file_name", .string, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("uploaded_at", .datetime, .required)
            .unique(on: "municipality")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HouseStyleRecord.schema).delete()
        try await database.schema(SentFileRecord.schema).delete()
        try await database.schema(SentDocumentRecord.schema).delete()
        try await database.schema(DocumentDraftRecord.schema).delete()
    }
}

/// A draft: the officer's texts and header as JSON, per plan and document slug.
final class DocumentDraftRecord: Model, @unchecked Sendable {
    static let schema = "document_drafts"
    @ID(key: .id) var id: UUID?
    @Field(key: "plan_key") var planKey: String
    @Field(key: "document") var document: String
    @Field(key: "content") var content: String
    @Field(key: "revision") var revision: Int
    @Field(key: "updated_at") var updatedAt: Date
    init() {}
}

/// A sent version. Rows are only inserted, never updated: the unique keys on version and on the
/// draft revision make a second send of the same draft fail in the database itself.
final class SentDocumentRecord: Model, @unchecked Sendable {
    static let schema = "sent_documents"
    @ID(key: .id) var id: UUID?
    @Field(key: "plan_key") var planKey: String
    @Field(key: "document") var document: String
    @Field(key: "version") var version: Int
    @Field(key: "draft_revision") var draftRevision: Int
    @Field(key: "sent_at") var sentAt: Date
    /// The ``SentDocument`` without bytes, as JSON.
    @Field(key: "description") var description: String
    init() {}
}

final class SentFileRecord: Model, @unchecked Sendable {
    static let schema = "sent_document_files"
    @ID(key: .id) var id: UUID?
    @Field(key: "sent_document_id") var sentDocumentID: UUID
    @Field(key: "format") var format: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "content") var content: Data
    init() {}
}

final class HouseStyleRecord: Model, @unchecked Sendable {
    static let schema = "house_styles"
    @ID(key: .id) var id: UUID?
    @Field(key: "municipality") var municipality: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "content") var content: Data
    @Field(key: "uploaded_at") var uploadedAt: Date
    init() {}
}
