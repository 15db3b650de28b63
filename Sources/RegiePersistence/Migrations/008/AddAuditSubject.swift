import FluentKit
import FluentSQL

/// The account an audit entry is about, indexed, so an account's own page can show what others
/// did to it (a password reset by the beheerder).
struct AddAuditSubject: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema).field("subject_id", .uuid).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "audit_entries_subject").on(AuditRecord.schema).column("subject_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "audit_entries_subject").run()
        }
        try await database.schema(AuditRecord.schema).deleteField("subject_id").update()
    }
}
