import FluentKit
import Foundation
import RegieCore

/// Partner organisations, accounts, sessions and the audit trail.
struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationRecord.schema)
            .field("key", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .create()
        try await database.schema(AccountRecord.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("municipality_code", .string, .references(MunicipalityRecord.schema, "code", onDelete: .restrict))
            .field("organisation_key", .string, .references(OrganisationRecord.schema, "key", onDelete: .restrict))
            .field("roles", .string, .required)
            .field("password_hash", .string, .required)
            .field("totp_secret", .string)
            .field("disabled", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("password_changed_at", .datetime)
            .field("password_must_change", .bool, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(SessionRecord.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("second_factor_pending", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(AuditRecord.schema)
            .id()
            .field("sequence", .int, .required)
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("municipalities", .string, .required)
            .field("action", .string, .required)
            .field("object", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await database.schema(MunicipalityRecord.schema)
            .field("require_two_factor", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MunicipalityRecord.schema).deleteField("require_two_factor").update()
        try await database.schema(AuditRecord.schema).delete()
        try await database.schema(SessionRecord.schema).delete()
        try await database.schema(AccountRecord.schema).delete()
        try await database.schema(OrganisationRecord.schema).delete()
    }
}

/// Versions of adopted plans, and the columns the access rules query on plans.
struct CreatePlanVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanVersionRecord.schema)
            .id()
            .field("plan_key", .string, .required)
            .field("number", .int, .required)
            .field("document", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .unique(on: "plan_key", "number")
            .create()
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(PlanRecord.schema).field("version", .int, .required, .sql(.default(1))).update()
        try await database.schema(PlanRecord.schema).field("adopted_version", .int).update()
        try await database.schema(PlanRecord.schema).field("access_municipalities", .string, .required, .sql(.default(""))).update()
        try await database.schema(PlanRecord.schema).field("access_organisations", .string, .required, .sql(.default(""))).update()
        // Fill the access columns of plans stored before this migration.
        for record in try await PlanRecord.query(on: database).all() {
            let plan = try PlanDocument.decode(record.document)
            record.setAccessColumns(for: plan)
            try await record.update(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanVersionRecord.schema).delete()
        for column in ["access_organisations", "access_municipalities", "adopted_version", "version"] {
            try await database.schema(PlanRecord.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
