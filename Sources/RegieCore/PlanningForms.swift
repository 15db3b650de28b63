import Foundation

// Issue 11, point 6: planning as plans write it — recurring work ("jaarlijks", "per kwartaal"),
// an open start ("vanaf 2020-01") and a moment that depends on someone else.

/// How often recurring work happens.
public enum Frequency: String, CaseIterable, Hashable, Sendable, Codable {
    case yearly
    case quarterly
    case monthly
    case regularly

    /// The file spelling, which ``PlannedPeriod/description`` writes.
    public var spelling: String {
        switch self {
        case .yearly: "jaarlijks"
        case .quarterly: "per kwartaal"
        case .monthly: "maandelijks"
        case .regularly: "regelmatig"
        }
    }

    /// Every spelling read, without spaces: the canonical ones and the ways officers write them.
    static let spellings: [String: Frequency] = [
        "jaarlijks": .yearly, "elkjaar": .yearly, "iederjaar": .yearly, "perjaar": .yearly, "eenkeerperjaar": .yearly,
        "perkwartaal": .quarterly, "elkkwartaal": .quarterly, "iederkwartaal": .quarterly, "elkekwartaal": .quarterly,
        "driemaandelijks": .quarterly, "kwartaallijks": .quarterly,
        "maandelijks": .monthly, "permaand": .monthly, "elkemaand": .monthly, "iederemaand": .monthly,
        "regelmatig": .regularly, "geregeld": .regularly,
    ]

    /// The frequency a text of words names ("Elk jaar", "per  kwartaal"), or nil.
    static func parse(_ tokens: [PeriodTokens.Token]) -> Frequency? {
        var joined = ""
        for token in tokens {
            guard case .word(let word) = token else { return nil }
            joined += word
        }
        return spellings[joined]
    }
}

/// A month of a year, as in "vanaf 2020-01".
public struct YearMonth: Hashable, Comparable, Sendable {
    public var year: Int
    public var month: Int

    public init?(year: Int, month: Int) {
        guard YearRange.plausible.contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`.
    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    /// Dutch month names and their usual abbreviations, lowercased.
    static let names: [String: Int] = [
        "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
        "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
}

/// Where work with an open start begins: a year, a quarter or a month.
public enum PeriodStart: Hashable, Sendable {
    case year(Int)
    case quarter(Quarter)
    case month(YearMonth)

    public var year: Int {
        switch self {
        case .year(let y): y
        case .quarter(let q): q.year
        case .month(let m): m.year
        }
    }

    /// `2021`, `2021-Q3`, `2020-01`.
    public var description: String {
        switch self {
        case .year(let y): "\(y)"
        case .quarter(let q): "\(q.year)-Q\(q.quarter)"
        case .month(let m): m.description
        }
    }

    /// The start moved by whole years; nil when it would leave the plausible years.
    public func shifted(byYears n: Int) -> PeriodStart? {
        switch self {
        case .year(let y): YearRange.plausible.contains(y + n) ? .year(y + n) : nil
        case .quarter(let q): Quarter(year: q.year + n, quarter: q.quarter).map(PeriodStart.quarter)
        case .month(let m): YearMonth(year: m.year + n, month: m.month).map(PeriodStart.month)
        }
    }

    /// Reads the words after "vanaf": `2020-01`, `januari 2020`, `2021`, `2021-Q3`, `Q3 2021`, ….
    static func parse(_ tokens: [PeriodTokens.Token]) -> PeriodStart? {
        // 2020-01, 2020-1
        if tokens.count == 3, case .number(let y) = tokens[0], y.count == 4, tokens[1] == .dash,
           case .number(let m) = tokens[2], (1...2).contains(m.count) {
            return YearMonth(year: Int(y)!, month: Int(m)!).map(PeriodStart.month)
        }
        // januari 2020
        if tokens.count == 2, case .word(let name) = tokens[0], let month = YearMonth.names[name],
           case .number(let y) = tokens[1], y.count == 4 {
            return YearMonth(year: Int(y)!, month: month).map(PeriodStart.month)
        }
        var reader = PeriodTokens.Reader(tokens: tokens)
        guard let point = reader.point(), reader.atEnd else { return nil }
        switch point {
        case .year(let y): return .year(y)
        case .quarter(let q): return .quarter(q)
        }
    }
}

extension PlannedPeriod {
    /// The word that opens an open start: "vanaf 2020-01".
    public static let openStartWord = "vanaf"

    /// The calendar years the period touches within a plan period: an open start touches its
    /// first year and every later year of the plan; other periods their own years (nil for
    /// ongoing and recurring work, which run through the whole plan).
    public func years(in plan: YearRange) -> ClosedRange<Int>? {
        if case .openStart(let start) = self { return start.year...max(start.year, plan.last) }
        return years
    }

    /// Whether the period can be the moment of a measurement (a baseline or target): recurring
    /// work and an open start cannot.
    public var isMeasurable: Bool {
        switch self {
        case .recurring, .openStart: false
        default: true
        }
    }
}
