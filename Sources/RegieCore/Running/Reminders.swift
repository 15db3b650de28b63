import Foundation

/// Scheduled work that must run once per period, whatever the number of Regie instances
/// (ROADMAP: the web tier is stateless and may run several times behind a load balancer).
public protocol ScheduleStore: Sendable {
    /// Claims the run of `job` for `period` for `instance`. True for exactly one caller per job
    /// and period, across every instance that shares the database; false for all others.
    func claim(job: String, period: String, instance: String, at date: Date) async throws -> Bool
    /// Records how the claimed run ended.
    func finish(job: String, period: String, outcome: String, at date: Date) async throws
    /// Records that `account` was sent its digest for `week`: true the first time, false when
    /// a digest for that week was already recorded (at most one per person per week).
    func recordDigest(account: UUID, week: String, items: Int, at date: Date) async throws -> Bool
}

extension CalendarDate {
    /// The ISO 8601 week of this date, such as `2026-W49`: weeks start on Monday, and week 1
    /// holds the year's first Thursday.
    public var isoWeek: String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let week = calendar.component(.weekOfYear, from: date)
        let weekYear = calendar.component(.yearForWeekOfYear, from: date)
        return String(format: "%04d-W%02d", weekYear, week)
    }
}
