import Foundation
import RegieCore

/// Typing periods in forms: the hints that say which spellings Regie understands, and the Dutch
/// messages when a text is not one of them. Parsing itself is ``PlannedPeriod/parse(_:)`` and
/// ``YearRange/parse(_:)``; what is stored is their canonical spelling.
public enum PeriodInput {
    /// Longer than any spelling of a period ("3e kwartaal 2025 tot en met 1e kwartaal 2026" is
    /// 45 characters), so the server's message shows instead of the browser cutting the text.
    public static let maximumLength = 80

    public static let yearRangeHint = "Eerste en laatste jaar, bijvoorbeeld 2027-2030 of 2027 t/m 2030."

    public static let periodHint = "Een jaar (2025), jaren (2025-2026 of 2025 t/m 2026), een kwartaal (Q3 2025 of 3e kwartaal 2025), kwartalen (Q3 2025 t/m Q1 2026) of \u{201C}doorlopend\u{201D}. Terugkerend werk: jaarlijks, per kwartaal, maandelijks of regelmatig. Een open begin: vanaf 2025-03, vanaf 2025 of vanaf Q3 2025."

    static let periodExamples = "2025, 2025-2026, 2025 t/m 2026, Q3 2025, 3e kwartaal 2025, Q3 2025 t/m Q1 2026, doorlopend, jaarlijks, per kwartaal, maandelijks, regelmatig, vanaf 2025-03 of vanaf 2025"

    /// A plan period typed in a form, or a Dutch message saying what would be right.
    public static func yearRange(_ typed: String, what: String = "planperiode") -> Result<YearRange, Message> {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .failure(Message(text: "Vul de \(what) in, bijvoorbeeld 2025-2028 of 2025 t/m 2028.")) }
        switch YearRange.parse(text) {
        case .success(let range) where range.first == range.last:
            // One year is most often a period whose end was forgotten.
            return .failure(Message(text: "Schrijf het eerste en het laatste jaar van de \(what), bijvoorbeeld 2025-2028 of 2025 t/m 2028."))
        case .success(let range): return .success(range)
        case .failure(.endBeforeStart):
            return .failure(Message(text: "In \u{201C}\(text)\u{201D} ligt het laatste jaar voor het eerste. Schrijf eerst het eerste jaar, bijvoorbeeld 2025-2028."))
        case .failure(.notWholeYears):
            return .failure(Message(text: "Een \(what) bestaat uit hele jaren. Schrijf het eerste en laatste jaar, bijvoorbeeld 2025-2028 of 2025 t/m 2028."))
        case .failure(.unrecognised):
            return .failure(Message(text: "\u{201C}\(text)\u{201D} is geen \(what). Schrijf het eerste en laatste jaar, bijvoorbeeld 2025-2028, 2025 t/m 2028 of 2025 tot en met 2028."))
        }
    }

    /// A planned period typed in a form (a planning, the period of a value), or a Dutch message.
    public static func period(_ typed: String) -> Result<PlannedPeriod, Message> {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        switch PlannedPeriod.parse(text) {
        case .success(let period): return .success(period)
        case .failure(.endBeforeStart):
            return .failure(Message(text: "In \u{201C}\(text)\u{201D} ligt het einde voor het begin. Schrijf het begin eerst, bijvoorbeeld 2025 t/m 2026 of Q3 2025 t/m Q1 2026."))
        case .failure(.unrecognised):
            return .failure(Message(text: "\u{201C}\(text)\u{201D} is geen periode. Regie begrijpt bijvoorbeeld \(periodExamples)."))
        }
    }

    /// The period of a measurement typed in a form (a baseline, a target): recurring work and an
    /// open start are refused, as they are no moment to measure.
    public static func measuredPeriod(_ typed: String) -> Result<PlannedPeriod, Message> {
        switch period(typed) {
        case .success(let period) where !period.isMeasurable:
            return .failure(Message(text: "\u{201C}\(typed.trimmingCharacters(in: .whitespacesAndNewlines))\u{201D} is geen moment van meten. Een nulmeting of streefwaarde hoort bij een jaar, jaren of een kwartaal, bijvoorbeeld 2023 of Q4 2025."))
        case let result: return result
        }
    }

    /// A Dutch message about a typed period.
    public struct Message: Error, Hashable, Sendable {
        public var text: String
    }
}
