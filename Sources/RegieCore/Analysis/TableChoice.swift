import Foundation

/// How Regie chooses between tables that could feed the same figures (issue 13 point 7): a
/// table with figures for the area first, then real figures before invented example figures,
/// then the table with most years, then the one that reaches the latest period, and last the
/// newest import. The same rule picks the yearly, monthly, district and population figures.
public struct TableChoice: Comparable, Sendable {
    public var hasFigures: Bool
    public var isExample: Bool
    /// Years with figures for the area (within the analysed years, where those are known).
    public var years: Int
    /// The latest period with a figure for the area.
    public var latest: StatisticsPeriod?
    public var importedAt: Date

    public init(hasFigures: Bool, isExample: Bool, years: Int, latest: StatisticsPeriod?, importedAt: Date) {
        self.hasFigures = hasFigures
        self.isExample = isExample
        self.years = years
        self.latest = latest
        self.importedAt = importedAt
    }

    /// The choice of a table from its summary and the years (with a figure) it has for the area.
    public init(_ summary: StatisticsTableSummary, years: some Collection<Int>, latest: StatisticsPeriod? = nil) {
        self.init(hasFigures: !years.isEmpty, isExample: summary.isExample, years: Set(years).count,
                  latest: latest ?? years.max().map { .year($0) }, importedAt: summary.importedAt)
    }

    /// `lhs < rhs` when `rhs` is the better table.
    public static func < (lhs: TableChoice, rhs: TableChoice) -> Bool {
        if lhs.hasFigures != rhs.hasFigures { return rhs.hasFigures }
        if lhs.isExample != rhs.isExample { return lhs.isExample }
        if lhs.years != rhs.years { return lhs.years < rhs.years }
        if lhs.latest != rhs.latest {
            guard let left = lhs.latest else { return true }
            guard let right = rhs.latest else { return false }
            return left < right
        }
        return lhs.importedAt < rhs.importedAt
    }

    /// The best of `candidates` by `choice`, or nil when there are none. Among equals the first wins.
    public static func best<T>(_ candidates: [T], by choice: (T) -> TableChoice) -> T? {
        var best: (T, TableChoice)?
        for candidate in candidates {
            let rank = choice(candidate)
            if best == nil || best!.1 < rank { best = (candidate, rank) }
        }
        return best?.0
    }

    /// `candidates` from best to worst (stable among equals).
    public static func ranked<T>(_ candidates: [T], by choice: (T) -> TableChoice) -> [T] {
        candidates.enumerated().map { ($0.element, choice($0.element), $0.offset) }
            .sorted { $0.1 != $1.1 ? $1.1 < $0.1 : $0.2 < $1.2 }
            .map(\.0)
    }
}
