import Foundation
import RegieCore

// Dutch labels for the domain's enumerations. They live here, not in the core, so the core
// stays free of presentation (see STYLE.md).

extension PlanKind {
    public var label: String {
        switch self {
        case .integralSafetyPlan: "Integraal veiligheidsplan"
        case .framework: "Kadernota"
        case .multiYearPolicyPlan: "Meerjarenbeleidsplan"
        case .other: "Beleidsplan"
        }
    }
}

extension PlanStatus {
    public var label: String {
        switch self {
        case .draft: "Concept"
        case .consultation: "Ter consultatie"
        case .offeredToCouncil: "Aangeboden aan de raad"
        case .adopted: "Vastgesteld"
        case .inExecution: "In uitvoering"
        case .evaluated: "Geëvalueerd"
        }
    }
}

// Issue 11, governance bodies
extension GovernanceKind {
    public var label: String {
        switch self {
        case .council: "Gemeenteraad"
        case .mayor: "Burgemeester"
        case .executive: "College van burgemeester en wethouders"
        case .triangle: "Lokale driehoek (burgemeester, politie en Openbaar Ministerie)"
        case .councilCommittee: "Raadscommissie"
        case .other: "Overig bestuur"
        }
    }
}

extension ThemeRole {
    public var label: String {
        switch self {
        case .priority: "Prioriteit"
        case .developmentTheme: "Ontwikkelthema"
        case .strategicTheme: "Strategisch thema"
        case .foundation: "Veiligheidsfundament"
        case .ongoing: "Overig lopend werk"
        }
    }

    /// Heading for a group of themes with this role.
    public var pluralLabel: String {
        switch self {
        case .priority: "Prioriteiten"
        case .developmentTheme: "Ontwikkelthema's"
        case .strategicTheme: "Strategische thema's"
        case .foundation: "Veiligheidsfundament"
        case .ongoing: "Overige thema's waar we aan blijven werken"
        }
    }
}

extension DevelopmentDirection {
    public var label: String {
        switch self {
        case .intensify: "intensiveren"
        case .optimise: "optimaliseren"
        case .renew: "vernieuwen"
        case .develop: "ontwikkelen"
        }
    }
}

extension SafetyField {
    public var label: String {
        switch self {
        case .residentialEnvironment: "Veilige woon- en leefomgeving"
        case .businessAndSafety: "Bedrijvigheid en veiligheid"
        case .youthAndSafety: "Jeugd en veiligheid"
        case .physicalSafety: "Fysieke veiligheid"
        case .integrityAndSafety: "Integriteit en veiligheid"
        }
    }
}

extension SafetyChainPhase {
    /// The name of the field, on the reading pages and in the editor alike (the glossary's word).
    public static let fieldLabel = "Veiligheidsketen"

    public var label: String {
        switch self {
        case .proaction: "pro-actie"
        case .prevention: "preventie"
        case .preparation: "preparatie"
        case .repression: "repressie"
        case .aftercare: "nazorg"
        }
    }
}

extension ActionStatus {
    public var label: String {
        switch self {
        case .planned: "Gepland"
        case .inProgress: "In uitvoering"
        case .completed: "Afgerond"
        case .postponed: "Uitgesteld"
        case .cancelled: "Vervallen"
        }
    }
}

extension IndicatorDirection {
    public var label: String {
        switch self {
        case .increase: "stijgen"
        case .decrease: "dalen"
        case .maintain: "gelijk blijven"
        }
    }
}

extension TrendJudgement {
    /// The wording of a trend: never stronger than the numbers allow.
    public var label: String {
        switch self {
        case .increase: "stijging"
        case .decrease: "daling"
        case .noClearChange: "geen duidelijke verandering"
        case .tooFewData: "te weinig gegevens om iets over een verandering te zeggen"
        }
    }
}

extension TrendAssessment {
    /// The judgement in a table cell: a comparison of two years is named as such, and a series
    /// that cannot be judged gives its true reason.
    public var label: String {
        switch judgement {
        case .tooFewData:
            switch shortfall {
            case .noFigures: return "geen cijfers"
            case .oneYear(let year): return "alleen \(year): niet te beoordelen"
            case .fewRegistrations(let total): return "te weinig registraties (\(Format.count(total)) in totaal, minstens \(TrendAnalysis.minimumTotalCount) nodig)"
            case nil: return judgement.label
            }
        case .increase, .decrease, .noClearChange:
            guard method == .comparison, let first = judgedYears.first, let last = judgedYears.last else { return judgement.label }
            return judgement.label + " (\(first) vergeleken met \(last))"
        }
    }
}

extension PriorityLevel {
    public var label: String {
        switch self {
        case .regional: "Regionaal"
        case .national: "Landelijk"
        }
    }
}

extension PartnerType {
    public var label: String {
        switch self {
        case .municipality: "Gemeente"
        case .police: "Politie"
        case .publicProsecutor: "Openbaar Ministerie"
        case .riec: "RIEC"
        case .careAndSafetyHouse: "Zorg- en Veiligheidshuis"
        case .domesticViolenceService: "Veilig Thuis"
        case .publicHealthService: "GGD"
        case .careProvider: "Zorgaanbieder"
        case .housingCorporation: "Woningcorporatie"
        case .youthJustice: "Halt"
        case .education: "Onderwijs"
        case .enforcement: "Handhaving"
        case .safetyRegion: "Veiligheidsregio"
        case .business: "Ondernemers"
        case .residents: "Inwoners"
        // Issue 11: partners as plans name them
        case .nationalGovernment: "Rijksoverheid en ministeries"
        case .province: "Provincie"
        case .justice: "Justitie (reclassering, DJI, Raad voor de Kinderbescherming)"
        case .researchBureau: "Onderzoeksbureau"
        case .internalDepartment: "Afdeling van de gemeente"
        case .company: "Bedrijf"
        case .knowledgeInstitute: "Kennisinstituut"
        case .other: "Overig"
        }
    }
}

// Issue 11: partner and consultation body statuses
extension PartnerStatus {
    public var label: String {
        switch self {
        case .potential: "Mogelijke partner"
        case .toLobby: "Te benaderen / lobby"
        }
    }
}

extension ConsultationBodyStatus {
    public var label: String {
        switch self {
        case .existing: "Bestaand overleg"
        case .toBeStarted: "Nog op te starten"
        }
    }
}

extension PlannedPeriod {
    /// How a period reads in Dutch: "2021", "2020 t/m 2021", "3e kwartaal 2021", "doorlopend".
    public var label: String {
        switch self {
        case .year(let y): "\(y)"
        case .years(let range): "\(range.first) t/m \(range.last)"
        case .quarter(let q): "\(q.quarter)e kwartaal \(q.year)"
        case .quarters(let a, let b): "\(a.quarter)e kwartaal \(a.year) t/m \(b.quarter)e kwartaal \(b.year)"
        case .ongoing: "doorlopend"
        case .recurring(let frequency): frequency.spelling
        case .openStart(.year(let y)): "vanaf \(y)"
        case .openStart(.quarter(let q)): "vanaf \(q.quarter)e kwartaal \(q.year)"
        case .openStart(.month(let m)): "vanaf \(CalendarDate.months[m.month - 1]) \(m.year)"
        }
    }
}

extension YearRange {
    public var label: String { first == last ? "\(first)" : "\(first)–\(last)" }
}

extension CalendarDate {
    static let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                         "september", "oktober", "november", "december"]
    /// "28 januari 2020".
    public var label: String { "\(day) \(Self.months[month - 1]) \(year)" }
}

public enum Format {
    static let dutch = Locale(identifier: "nl_NL")

    /// Dutch number formatting: "31.800", "12,5".
    public static func number(_ value: Decimal) -> String {
        value.formatted(.number.locale(dutch).precision(.fractionLength(0...2)))
    }

    public static func number(_ value: Int) -> String { number(Decimal(value)) }

    /// A measured figure with a fixed number of decimals: "1,7", "12.480".
    public static func decimal(_ value: Double, digits: Int) -> String {
        value.formatted(.number.locale(dutch).precision(.fractionLength(digits)).grouping(.automatic))
    }

    /// A count as published: whole numbers without decimals ("1.234"), a figure imported with
    /// decimals (an own series' 46,1 or 12,25) with its own, up to ``maximumDecimals``; "–" when unknown.
    public static func count(_ value: Double?) -> String {
        guard let value else { return "–" }
        return decimal(value, digits: decimals(of: value))
    }

    /// The most decimals a figure is shown with: more than three are not in the sources Regie reads.
    static let maximumDecimals = 3

    /// The decimals `value` was written with, as far as a `Double` tells: the fewest (at most
    /// ``maximumDecimals``) at which it is a whole number, allowing for the tiny errors of binary
    /// fractions and of adding up months (0,1 + 0,2).
    public static func decimals(of value: Double) -> Int {
        guard value.isFinite else { return 0 }
        for digits in 0..<maximumDecimals {
            let scaled = value * pow(10, Double(digits))
            if abs(scaled - scaled.rounded()) <= 1e-6 * max(1, abs(scaled)) { return digits }
        }
        return maximumDecimals
    }

    /// The decimals a column of figures needs so that each shows as imported: the most any of
    /// them has (0 for counts), at least `minimum`.
    public static func decimals(in values: [Double?], minimum: Int = 0) -> Int {
        values.reduce(minimum) { most, value in value.map { max(most, decimals(of: $0)) } ?? most }
    }

    /// A rate per 1,000 inhabitants with one or two decimals.
    public static func rate(_ value: Double?) -> String {
        guard let value else { return "–" }
        return decimal(value, digits: value < 10 ? 2 : 1)
    }

    /// "27 november 2026, 10:40" in Dutch time.
    public static func dateTime(_ date: Date) -> String {
        var style = Date.FormatStyle(date: .long, time: .shortened).locale(dutch)
        style.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        return date.formatted(style)
    }

    /// A statistics period in words: "2023", "maart 2023", "1e kwartaal 2023".
    public static func period(_ period: StatisticsPeriod) -> String {
        switch period {
        case .year(let year): String(year)
        case .quarter(let year, let quarter): "\(quarter)e kwartaal \(year)"
        case .month(let year, let month): "\(AnalysisWording.monthName(month)) \(year)"
        }
    }

    /// A signed percentage: "+12 %", "−4,5 %".
    public static func change(_ fraction: Double) -> String {
        let percent = fraction * 100
        let digits = abs(percent) < 10 ? 1 : 0
        let text = decimal(abs(percent), digits: digits)
        return (percent > 0 ? "+" : percent < 0 ? "−" : "") + text + " %"
    }

    /// "€ 42.500" or "€ 1,00".
    public static func euro(_ value: Decimal) -> String {
        let digits = value == value.rounded ? 0...0 : 2...2
        return "€ " + value.formatted(.number.locale(dutch).precision(.fractionLength(digits)))
    }
}

extension Decimal {
    var rounded: Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .plain)
        return result
    }
}
