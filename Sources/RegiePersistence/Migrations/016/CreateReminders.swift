import Foundation
import FluentKit

/// Reminders for running the plan (issue 15): an account's e-mail address for the weekly
/// digest (optional: without one no mail goes out), the scheduled runs claimed by one instance,
/// and the digests sent per account and week.
struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountEmailRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, .id, onDelete: .cascade))
            .field("email", .string, .required)
            .unique(on: "account_id")
            .create()
        try await database.schema(ScheduledRunRecord.schema)
            .id()
            .field("job", .string, .required)
            .field("period", .string, .required)
            .field("instance", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("outcome", .string)
            .unique(on: "job", "period")
            .create()
        try await database.schema(ReminderDigestRecord.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountRecord.schema, .id, onDelete: .cascade))
            .field("week", .string, .required)
            .field("sent_at", .datetime, .required)
            .field("items", .int, .required)
            .unique(on: "account_id", "week")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReminderDigestRecord.schema).delete()
        try await database.schema(ScheduledRunRecord.schema).delete()
        try await database.schema(AccountEmailRecord.schema).delete()
    }
}

/// An account's address for reminders, in a table of its own: personal data that only the
/// reminders read, kept out of the account rows every request loads.
final class AccountEmailRecord: Model, @unchecked Sendable {
    static let schema = "account_emails"
    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "email") var email: String
    init() {}
}

/// One run of a scheduled job for one period (`herinneringen`, `2026-W49`). The unique key on
/// job and period is what makes a job run once: every instance tries to insert the row, and
/// only the one whose insert succeeds does the work.
final class ScheduledRunRecord: Model, @unchecked Sendable {
    static let schema = "scheduled_runs"
    @ID(key: .id) var id: UUID?
    @Field(key: "job") var job: String
    @Field(key: "period") var period: String
    @Field(key: "instance") var instance: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "outcome") var outcome: String?
    init() {}
}

/// The weekly digest sent to an account: at most one per account and week.
final class ReminderDigestRecord: Model, @unchecked Sendable {
    static let schema = "reminder_digests"
    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "week") var week: String
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "items") var items: Int
    init() {}
}
