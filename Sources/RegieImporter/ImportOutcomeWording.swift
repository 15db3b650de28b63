import Foundation
import RegieCore

extension StatisticsImportOutcome {
    /// What the import did to the table, in Dutch sentences for the command line and the
    /// browser: the version, what was added, revised and kept or removed, and the new periods.
    public func sentences(table identifier: String) -> [String] {
        let n = Self.number
        var lines: [String] = []
        guard revision > 1 else {
            lines.append("Tabel \(identifier) is nieuw: versie 1 met \(n(observations)) cijfers.")
            if !periods.isEmpty { lines.append("Perioden: \(StatisticsPeriod.words(periods)).") }
            return lines
        }
        let figures = [
            "\(n(changes.added)) nieuwe \(changes.added == 1 ? "cijfer" : "cijfers")",
            "\(n(changes.revised)) herzien",
            "\(n(changes.unchanged)) ongewijzigd",
        ].joined(separator: ", ")
        switch mode {
        case .addUp:
            lines.append("Tabel \(identifier) aangevuld tot versie \(revision): \(figures). "
                         + "\(n(changes.kept)) \(changes.kept == 1 ? "cijfer" : "cijfers") uit eerdere downloads \(changes.kept == 1 ? "blijft" : "blijven") staan.")
        case .replace:
            lines.append("Tabel \(identifier) vervangen door versie \(revision): \(figures). "
                         + "\(n(changes.removed)) \(changes.removed == 1 ? "cijfer" : "cijfers") van de vorige versie \(changes.removed == 1 ? "staat" : "staan") niet in dit bestand en \(changes.removed == 1 ? "is" : "zijn") verwijderd.")
        }
        var coverage: [String] = []
        if !periods.isEmpty { coverage.append("Dit bestand had de perioden \(StatisticsPeriod.words(periods))") }
        coverage.append(newPeriods.isEmpty ? "geen nieuwe perioden" : "nieuw: \(StatisticsPeriod.words(newPeriods))")
        if newRegions > 0 { coverage.append("\(n(newRegions)) nieuwe \(newRegions == 1 ? "regio" : "regio's")") }
        lines.append(coverage.joined(separator: "; ") + ".")
        lines.append("De tabel heeft nu \(n(observations)) cijfers (vorige versie: \(n(previousObservations ?? 0))).")
        return lines
    }

    static func number(_ value: Int) -> String {
        value.formatted(.number.locale(Locale(identifier: "nl_NL")))
    }

}

extension StatisticsRevision {
    /// One line for the list of a table's versions, in Dutch.
    public var sentence: String {
        let n = StatisticsImportOutcome.number
        let how = switch mode {
        case _ where revision == 1: "eerste download"
        case .addUp?: "aangevuld"
        case .replace?: "vervangen"
        case nil: "ingelezen"
        }
        var line = "versie \(revision), \(how), uit \(source), \(n(observations)) cijfers"
        if let changes {
            var parts = ["\(n(changes.added)) nieuw", "\(n(changes.revised)) herzien", "\(n(changes.unchanged)) ongewijzigd"]
            if changes.kept > 0 { parts.append("\(n(changes.kept)) behouden") }
            if changes.removed > 0 { parts.append("\(n(changes.removed)) verwijderd") }
            line += " (" + parts.joined(separator: ", ") + ")"
        } else {
            line += " (ingelezen voordat Regie versies bijhield)"
        }
        if !periods.isEmpty { line += "; perioden \(StatisticsPeriod.words(periods))" }
        return line
    }
}
