import Foundation

/// A span of whole calendar years, both ends included, such as a plan period 2020-2024.
public struct YearRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var first: Int
    public var last: Int

    /// Creates a range; nil when `last` lies before `first` or a year is implausible.
    public init?(first: Int, last: Int) {
        guard YearRange.plausible.contains(first), YearRange.plausible.contains(last),
              first <= last else { return nil }
        self.first = first
        self.last = last
    }

    /// Years a municipal plan can reasonably be about.
    public static let plausible = 1900...2200

    public var years: ClosedRange<Int> { first...last }
    public var description: String { first == last ? "\(first)" : "\(first)-\(last)" }
}

/// A quarter of a year, 1 to 4.
public struct Quarter: Hashable, Comparable, Sendable, Codable {
    public var year: Int
    public var quarter: Int

    public init?(year: Int, quarter: Int) {
        guard YearRange.plausible.contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter)
    }
}

/// When something is planned or measured, in the words plans use: a year (`2020`), a span of
/// years (`2020-2021`), a quarter (`2021-Q3`), a span of quarters (`2021-Q3-2022-Q1`) or
/// ongoing work (`doorlopend`).
public enum PlannedPeriod: Hashable, Sendable, TextCodable {
    case year(Int)
    case years(YearRange)
    case quarter(Quarter)
    case quarters(Quarter, Quarter)
    case ongoing

    /// The file and URL spelling of ongoing work.
    public static let ongoingSpelling = "doorlopend"

    /// Parses the textual form; nil when the text is not one of the accepted forms or the end
    /// lies before the start. ``parse(_:)`` says why.
    public init?(_ text: String) {
        guard case .success(let period) = PlannedPeriod.parse(text) else { return nil }
        self = period
    }

    /// Why a text is not a valid period.
    public enum ParseFailure: Error, Hashable, Sendable {
        /// The text has none of the accepted shapes.
        case unrecognised
        /// The shape is right but the end lies before the start.
        case endBeforeStart
    }

    /// Parses the textual form and says why it failed.
    public static func parse(_ text: String) -> Result<PlannedPeriod, ParseFailure> {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.lowercased() == ongoingSpelling { return .success(.ongoing) }
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func year(_ s: String) -> Int? {
            guard s.count == 4, s.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(s),
                  YearRange.plausible.contains(y) else { return nil }
            return y
        }
        func quarter(_ y: String, _ q: String) -> Quarter? {
            guard let y = year(y), q.count == 2, q.hasPrefix("Q"), let n = Int(q.dropFirst()) else { return nil }
            return Quarter(year: y, quarter: n)
        }
        switch parts.count {
        case 1:
            if let y = year(parts[0]) { return .success(.year(y)) }
        case 2:
            if let a = year(parts[0]), let b = year(parts[1]) {
                guard let range = YearRange(first: a, last: b) else { return .failure(.endBeforeStart) }
                return .success(a == b ? .year(a) : .years(range))
            }
            if let q = quarter(parts[0], parts[1]) { return .success(.quarter(q)) }
        case 4:
            if let a = quarter(parts[0], parts[1]), let b = quarter(parts[2], parts[3]) {
                guard a <= b else { return .failure(.endBeforeStart) }
                return .success(a == b ? .quarter(a) : .quarters(a, b))
            }
        default:
            break
        }
        return .failure(.unrecognised)
    }

    /// The canonical textual form, which ``init(_:)`` reads back.
    public var description: String {
        switch self {
        case .year(let y): "\(y)"
        case .years(let range): "\(range.first)-\(range.last)"
        case .quarter(let q): "\(q.year)-Q\(q.quarter)"
        case .quarters(let a, let b): "\(a.year)-Q\(a.quarter)-\(b.year)-Q\(b.quarter)"
        case .ongoing: PlannedPeriod.ongoingSpelling
        }
    }

    /// The calendar years this period touches; nil for ongoing work.
    public var years: ClosedRange<Int>? {
        switch self {
        case .year(let y): y...y
        case .years(let range): range.years
        case .quarter(let q): q.year...q.year
        case .quarters(let a, let b): a.year...b.year
        case .ongoing: nil
        }
    }

    /// The first year, used for sorting; ongoing work sorts last.
    public var sortYear: Int { years?.lowerBound ?? Int.max }

}

/// A calendar date without time, as councils record their decisions.
public struct CalendarDate: Hashable, Comparable, Sendable, TextCodable {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date when it exists in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard YearRange.plausible.contains(year), (1...12).contains(month), day >= 1 else { return nil }
        guard day <= CalendarDate.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO 8601 `YYYY-MM-DD`.
    public init?(_ text: String) { self.init(iso: text) }

    /// Parses ISO 8601 `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The number of days of a month (1 to 12) in a year.
    public static func days(inMonth month: Int, year: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

}
