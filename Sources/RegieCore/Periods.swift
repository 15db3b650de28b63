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

    /// Why a text is not a span of years.
    public enum ParseFailure: Error, Hashable, Sendable {
        /// The text has none of the accepted shapes.
        case unrecognised
        /// The last year lies before the first.
        case endBeforeStart
        /// The text names quarters or ongoing work, where whole years are asked for.
        case notWholeYears
    }

    /// Reads a span of years in the spellings ``PlannedPeriod/parse(_:)`` accepts (`2025-2028`,
    /// `2025 t/m 2028`, `2025–2028`, …) or one year (`2025`).
    public static func parse(_ text: String) -> Result<YearRange, ParseFailure> {
        switch PlannedPeriod.parse(text) {
        case .success(.year(let y)): .success(YearRange(first: y, last: y)!)
        case .success(.years(let range)): .success(range)
        case .success: .failure(.notWholeYears)
        case .failure(.endBeforeStart): .failure(.endBeforeStart)
        case .failure(.unrecognised): .failure(.unrecognised)
        }
    }

    /// The range moved by `years` (negative: earlier); nil when it would leave the plausible years.
    public func shifted(by years: Int) -> YearRange? {
        YearRange(first: first + years, last: last + years)
    }

    /// Whether `period` lies entirely inside this range; ongoing work always does.
    public func contains(_ period: PlannedPeriod) -> Bool {
        guard let touched = period.years else { return true }
        return years.contains(touched.lowerBound) && years.contains(touched.upperBound)
    }

    /// Whether `period` and this range share at least one year; ongoing work always does.
    public func overlaps(_ period: PlannedPeriod) -> Bool {
        guard let touched = period.years else { return true }
        return years.overlaps(touched)
    }
}

/// The pieces of a typed period: numbers, words, `q`, and separators between two ends.
enum PeriodTokens {
    enum Token: Hashable {
        case number(String)
        case word(String)
        /// `-` or an en dash: between the two ends of a span, or between year and quarter.
        case dash
        /// `t/m`, `tot en met`, `tm`.
        case through
    }

    /// The tokens of `text`, or nil when it holds a character no period has.
    static func tokens(_ text: String) -> [Token]? {
        var text = text.lowercased()
        // Dashes: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
        for dash in ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}"] {
            text = text.replacingOccurrences(of: dash, with: "-")
        }
        for through in ["tot en met", "t/m", "t.e.m.", "t.m."] {
            text = text.replacingOccurrences(of: through, with: " ~ ")
        }
        var tokens: [Token] = []
        var current = ""
        var kind: Character = " "
        func flush() {
            guard !current.isEmpty else { return }
            if kind == "0" { tokens.append(.number(current)) } else { tokens.append(current == "tm" ? .through : .word(current)) }
            current = ""
        }
        for c in text {
            if c.isASCII && c.isNumber {
                if kind != "0" { flush() }
                kind = "0"
                current.append(c)
            } else if c.isLetter {
                if kind != "a" { flush() }
                kind = "a"
                current.append(c)
            } else if c == "-" || c == "~" {
                flush()
                tokens.append(c == "-" ? .dash : .through)
            } else if c.isWhitespace {
                flush()
            } else {
                return nil
            }
        }
        flush()
        return tokens
    }

    enum Point: Hashable {
        case year(Int)
        case quarter(Quarter)
    }

    /// Reads points (a year or a quarter) and the separator between them.
    struct Reader {
        let tokens: [Token]
        var index = 0

        var atEnd: Bool { index == tokens.count }

        private func peek(_ offset: Int = 0) -> Token? {
            tokens.indices.contains(index + offset) ? tokens[index + offset] : nil
        }

        private func year(at offset: Int) -> Int? {
            guard case .number(let digits)? = peek(offset), digits.count == 4, let y = Int(digits),
                  YearRange.plausible.contains(y) else { return nil }
            return y
        }

        private func quarterNumber(at offset: Int) -> Int? {
            guard case .number(let digits)? = peek(offset), digits.count == 1, let n = Int(digits), (1...4).contains(n) else { return nil }
            return n
        }

        private static let ordinals = ["eerste": 1, "tweede": 2, "derde": 3, "vierde": 4]
        private static let ordinalSuffixes: Set<String> = ["e", "ste", "de"]

        /// A year or a quarter at the reading position, consumed; nil when there is none.
        mutating func point() -> Point? {
            if let y = year(at: 0) {
                // 2025 Q3, 2025-Q3, 2025Q3
                if peek(1) == .word("q"), let n = quarterNumber(at: 2) { index += 3; return .quarter(Quarter(year: y, quarter: n)!) }
                if peek(1) == .dash, peek(2) == .word("q"), let n = quarterNumber(at: 3) { index += 4; return .quarter(Quarter(year: y, quarter: n)!) }
                index += 1
                return .year(y)
            }
            // Q3 2025, Q3-2025
            if peek() == .word("q"), let n = quarterNumber(at: 1) {
                if let y = year(at: 2) { index += 3; return .quarter(Quarter(year: y, quarter: n)!) }
                if peek(2) == .dash, let y = year(at: 3) { index += 4; return .quarter(Quarter(year: y, quarter: n)!) }
                return nil
            }
            // 3e kwartaal 2025, 3de kwartaal 2025
            if let n = quarterNumber(at: 0), case .word(let suffix)? = peek(1), Self.ordinalSuffixes.contains(suffix),
               peek(2) == .word("kwartaal"), let y = year(at: 3) {
                index += 4
                return .quarter(Quarter(year: y, quarter: n)!)
            }
            // derde kwartaal 2025
            if case .word(let word)? = peek(), let n = Self.ordinals[word], peek(1) == .word("kwartaal"), let y = year(at: 2) {
                index += 3
                return .quarter(Quarter(year: y, quarter: n)!)
            }
            // kwartaal 3 2025
            if peek() == .word("kwartaal"), let n = quarterNumber(at: 1), let y = year(at: 2) {
                index += 3
                return .quarter(Quarter(year: y, quarter: n)!)
            }
            return nil
        }

        /// The separator between the two ends of a span, consumed; false when there is none.
        mutating func separator() -> Bool {
            guard let token = peek(), token == .dash || token == .through else { return false }
            index += 1
            return true
        }
    }
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
/// years (`2020-2021`), a quarter (`2021-Q3`), a span of quarters (`2021-Q3-2022-Q1`),
/// ongoing work (`doorlopend`), recurring work (`jaarlijks`) or an open start (`vanaf 2020-01`).
public enum PlannedPeriod: Hashable, Sendable, TextCodable {
    case year(Int)
    case years(YearRange)
    case quarter(Quarter)
    case quarters(Quarter, Quarter)
    case ongoing
    // Issue 11, point 6
    /// Work that recurs throughout the plan: `jaarlijks`, `per kwartaal`, `maandelijks`, `regelmatig`.
    case recurring(Frequency)
    /// Work that starts at a moment and continues: `vanaf 2020-01`, `vanaf 2021`, `vanaf 2021-Q3`.
    case openStart(PeriodStart)

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

    /// Parses the textual form and says why it failed. Besides the canonical spelling
    /// (``description``) it accepts the ways Dutch officers write periods, case-insensitive and
    /// with any spaces: `2025 t/m 2028`, `2025 tot en met 2028`, `2025–2028` (en dash),
    /// `2025 - 2028`, `Q3 2025`, `2025 Q3`, `2025-Q3`, `3e kwartaal 2025`, `derde kwartaal 2025`,
    /// spans of quarters such as `Q3 2025 t/m Q1 2026`, and `doorlopend`; recurring work
    /// (`jaarlijks`, `elk jaar`, `per kwartaal`, `ieder kwartaal`, `maandelijks`, `per maand`,
    /// `regelmatig`) and an open start (`vanaf 2020-01`, `vanaf januari 2020`, `vanaf 2021`,
    /// `vanaf 2021-Q3`). A frequency with a year (`jaarlijks 2020`) or a bare `vanaf` is refused.
    public static func parse(_ text: String) -> Result<PlannedPeriod, ParseFailure> {
        guard let tokens = PeriodTokens.tokens(text) else { return .failure(.unrecognised) }
        if tokens == [.word(ongoingSpelling)] { return .success(.ongoing) }
        if let frequency = Frequency.parse(tokens) { return .success(.recurring(frequency)) }
        if tokens.first == .word(openStartWord) {
            guard let start = PeriodStart.parse(Array(tokens.dropFirst())) else { return .failure(.unrecognised) }
            return .success(.openStart(start))
        }
        var reader = PeriodTokens.Reader(tokens: tokens)
        guard let start = reader.point() else { return .failure(.unrecognised) }
        if reader.atEnd {
            switch start {
            case .year(let y): return .success(.year(y))
            case .quarter(let q): return .success(.quarter(q))
            }
        }
        guard reader.separator(), let end = reader.point(), reader.atEnd else { return .failure(.unrecognised) }
        switch (start, end) {
        case (.year(let a), .year(let b)):
            guard let range = YearRange(first: a, last: b) else { return .failure(.endBeforeStart) }
            return .success(a == b ? .year(a) : .years(range))
        case (.quarter(let a), .quarter(let b)):
            guard a <= b else { return .failure(.endBeforeStart) }
            return .success(a == b ? .quarter(a) : .quarters(a, b))
        default:
            // "2025 t/m Q1 2026" mixes a year and a quarter: which quarter of 2025 is meant?
            return .failure(.unrecognised)
        }
    }

    /// The canonical textual form, which ``init(_:)`` reads back.
    public var description: String {
        switch self {
        case .year(let y): "\(y)"
        case .years(let range): "\(range.first)-\(range.last)"
        case .quarter(let q): "\(q.year)-Q\(q.quarter)"
        case .quarters(let a, let b): "\(a.year)-Q\(a.quarter)-\(b.year)-Q\(b.quarter)"
        case .ongoing: PlannedPeriod.ongoingSpelling
        case .recurring(let frequency): frequency.spelling
        case .openStart(let start): "\(PlannedPeriod.openStartWord) \(start.description)"
        }
    }

    /// The calendar years this period touches; nil for ongoing and recurring work. For an open
    /// start its first year: the later years depend on the plan (``years(in:)``), and a start
    /// must lie in the plan period as any other planning.
    public var years: ClosedRange<Int>? {
        switch self {
        case .year(let y): y...y
        case .years(let range): range.years
        case .quarter(let q): q.year...q.year
        case .quarters(let a, let b): a.year...b.year
        case .ongoing, .recurring: nil
        case .openStart(let start): start.year...start.year
        }
    }

    /// The first year, used for sorting; ongoing and recurring work sort last.
    public var sortYear: Int { years?.lowerBound ?? Int.max }

    /// The period moved by whole years (a quarter stays the same quarter); ongoing and recurring
    /// work stay as they are. Nil when it would leave the plausible years.
    public func shifted(byYears n: Int) -> PlannedPeriod? {
        func moved(_ q: Quarter) -> Quarter? { Quarter(year: q.year + n, quarter: q.quarter) }
        switch self {
        case .year(let y): return YearRange.plausible.contains(y + n) ? .year(y + n) : nil
        case .years(let range): return range.shifted(by: n).map(PlannedPeriod.years)
        case .quarter(let q): return moved(q).map(PlannedPeriod.quarter)
        case .quarters(let a, let b):
            guard let a = moved(a), let b = moved(b) else { return nil }
            return .quarters(a, b)
        case .ongoing: return .ongoing
        case .recurring: return self
        case .openStart(let start): return start.shifted(byYears: n).map(PlannedPeriod.openStart)
        }
    }

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
