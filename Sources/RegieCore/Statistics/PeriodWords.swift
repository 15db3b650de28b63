/// Statistics periods in Dutch words, as importer messages and pages name them.
extension StatisticsPeriod {
    /// "2023", "1e kwartaal 2023", "maart 2023".
    public var words: String {
        let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        return switch self {
        case .year(let year): String(year)
        case .quarter(let year, let quarter): "\(quarter)e kwartaal \(year)"
        case .month(let year, let month): "\(months[(month - 1) % 12]) \(year)"
        }
    }

    /// Periods in words, sorted, runs of whole years joined: "2020–2023, 2025, maart 2024". Long
    /// lists are cut to their first and last three parts and their number.
    public static func words(_ periods: [StatisticsPeriod]) -> String {
        var parts: [String] = []
        var run: (first: Int, last: Int)?
        func flush() {
            if let r = run { parts.append(r.first == r.last ? String(r.first) : "\(r.first)–\(r.last)") }
            run = nil
        }
        for period in periods.sorted() {
            if case .year(let year) = period {
                if let r = run, r.last + 1 == year { run = (r.first, year) } else { flush(); run = (year, year) }
            } else {
                flush()
                parts.append(period.words)
            }
        }
        flush()
        guard parts.count > 12 else { return parts.joined(separator: ", ") }
        return parts.prefix(3).joined(separator: ", ") + " … " + parts.suffix(3).joined(separator: ", ") + " (\(parts.count) perioden)"
    }
}
