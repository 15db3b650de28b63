import FluentKit
import Foundation
import RegieCore

/// Scheduled runs and digests on SQLite and PostgreSQL. A claim is one INSERT into a table with
/// a unique key on (job, period): the database lets exactly one insert through, so two instances
/// that start the weekly reminders at the same moment cannot both send them.
public struct FluentScheduleStore: ScheduleStore {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func claim(job: String, period: String, instance: String, at date: Date) async throws -> Bool {
        let record = ScheduledRunRecord()
        record.job = job
        record.period = period
        record.instance = instance
        record.startedAt = date
        return try await insertOnce(record) {
            try await ScheduledRunRecord.query(on: database).filter(\.$job == job).filter(\.$period == period).first() != nil
        }
    }

    public func finish(job: String, period: String, outcome: String, at date: Date) async throws {
        guard let record = try await ScheduledRunRecord.query(on: database).filter(\.$job == job).filter(\.$period == period).first() else { return }
        record.finishedAt = date
        record.outcome = outcome
        try await record.update(on: database)
    }

    public func recordDigest(account: UUID, week: String, items: Int, at date: Date) async throws -> Bool {
        let record = ReminderDigestRecord()
        record.accountID = account
        record.week = week
        record.sentAt = date
        record.items = items
        return try await insertOnce(record) {
            try await ReminderDigestRecord.query(on: database).filter(\.$accountID == account).filter(\.$week == week).first() != nil
        }
    }

    /// Inserts `record`; false when its unique key refused it because the row already exists
    /// (`exists`). Any other failure is thrown.
    private func insertOnce(_ record: some Model, exists: () async throws -> Bool) async throws -> Bool {
        do {
            try await record.create(on: database)
            return true
        } catch {
            if try await exists() { return false }
            throw error
        }
    }
}
