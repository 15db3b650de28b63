import Foundation

// The vocabulary of registers that plans may name: which registers exist and the categories
// they count by. The registers themselves (RegieRegisters) keep the records; a plan only ever
// links to a register's suppressed counts (ADR 0015).

/// The kinds of register Regie keeps. Issue 17 builds the first two; the others (administrative
/// measures with their legal deadlines, care-and-safety reports, the escalation model) use the
/// same foundation: definition, access, sealed fields, processing log, retention and counts.
public enum RegisterKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// Signals of organised crime (ondermijning) and the case table that discusses them.
    case underminingSignals = "ondermijningssignalen"
    /// Incidents with confused or vulnerable persons (personen met verward gedrag).
    case vulnerablePersonIncidents = "incidenten-verward-gedrag"

    public var name: String {
        switch self {
        case .underminingSignals: "Register ondermijningssignalen"
        case .vulnerablePersonIncidents: "Register incidenten met personen met verward gedrag"
        }
    }

    /// The special category the register's records belong to (AVG art. 9 or 10).
    public var specialCategory: SpecialCategory {
        switch self {
        case .underminingSignals: .criminal
        case .vulnerablePersonIncidents: .health
        }
    }
}

/// Personal data that the AVG protects more strictly than ordinary personal data.
public enum SpecialCategory: String, CaseIterable, Hashable, Sendable, Codable {
    case none = "geen"
    /// Data about health (art. 9 AVG), such as confused behaviour.
    case health = "art9"
    /// Criminal-law data (art. 10 AVG): suspicions, police information.
    case criminal = "art10"

    public var description: String {
        switch self {
        case .none: "geen bijzondere of strafrechtelijke persoonsgegevens"
        case .health: "bijzondere persoonsgegevens (gezondheid, art. 9 AVG)"
        case .criminal: "strafrechtelijke persoonsgegevens (art. 10 AVG)"
        }
    }
}

/// The phenomenon a signal points at.
public enum Phenomenon: String, CaseIterable, Hashable, Sendable, Codable {
    case drugs
    case humanTrafficking = "mensenhandel"
    case moneyLaundering = "witwassen"
    case realEstate = "vastgoed"
    case businessFronts = "malafide-bedrijvigheid"
    case fraud = "fraude"
    case other = "overig"

    public var name: String {
        switch self {
        case .drugs: "drugs"
        case .humanTrafficking: "mensenhandel en uitbuiting"
        case .moneyLaundering: "witwassen"
        case .realEstate: "vastgoed"
        case .businessFronts: "malafide bedrijvigheid"
        case .fraud: "fraude"
        case .other: "overig"
        }
    }
}

/// The kind of incident with a confused or vulnerable person.
public enum IncidentKind: String, CaseIterable, Hashable, Sendable, Codable {
    case publicNuisance = "overlast-openbare-ruimte"
    case housingNuisance = "woonoverlast"
    case aggression = "agressie"
    case suicideThreat = "suicidedreiging"
    case missing = "vermissing"
    case disorientation = "verwardheid"
    case other = "overig"

    public var name: String {
        switch self {
        case .publicNuisance: "overlast in de openbare ruimte"
        case .housingNuisance: "woonoverlast"
        case .aggression: "agressie of dreiging"
        case .suicideThreat: "suïcidedreiging"
        case .missing: "vermissing"
        case .disorientation: "verwardheid of desoriëntatie"
        case .other: "overig"
        }
    }
}

extension RegisterKind {
    /// The categories the register counts by, with their names: the kind of incident, or the
    /// (first) phenomenon of a signal.
    public var countCategories: [(key: String, name: String)] {
        switch self {
        case .underminingSignals: Phenomenon.allCases.map { ($0.rawValue, $0.name) }
        case .vulnerablePersonIncidents: IncidentKind.allCases.map { ($0.rawValue, $0.name) }
        }
    }

    /// What one record counts as, in the plural: "signalen", "incidenten".
    public var countNoun: String {
        switch self {
        case .underminingSignals: "signalen"
        case .vulnerablePersonIncidents: "incidenten"
        }
    }
}

/// An indicator whose figures are a register's published counts: per year, for all records or
/// one category, in the whole municipality or one district. Only suppressed counts leave a
/// register, so a figure from 1 to 4 arrives as "<5" and a withheld one as "×".
public struct IndicatorRegisterLink: Hashable, Sendable, Codable {
    public var register: RegisterKind
    /// Whose register, for a plan of several municipalities; nil when the plan has one.
    public var municipality: MunicipalityCode?
    /// A key of ``RegisterKind/countCategories``; nil for all records.
    public var category: String?
    /// A district name as the register records it; nil for the whole municipality.
    public var district: String?

    public init(register: RegisterKind, municipality: MunicipalityCode? = nil, category: String? = nil, district: String? = nil) {
        self.register = register
        self.municipality = municipality
        self.category = category
        self.district = district
    }

    /// The category's name, when the link names one the register counts by.
    public var categoryName: String? {
        category.flatMap { key in register.countCategories.first { $0.key == key }?.name }
    }

    /// What the link counts, in Dutch: "incidenten (woonoverlast) in Musselkanaal".
    public var description: String {
        register.countNoun + (categoryName.map { " (\($0))" } ?? "") + (district.map { " in \($0)" } ?? "")
    }
}

/// A figure a register did not publish as a number (small-number suppression, ADR 0015).
public enum SuppressionMark: String, CaseIterable, Hashable, Sendable, Codable {
    /// A count from 1 to 4.
    case small = "<5"
    /// Withheld so that a small count elsewhere cannot be worked out.
    case withheld = "×"

    /// What the mark means, for a reader of the measurement or the report.
    public var explanation: String {
        switch self {
        case .small: "minder dan 5; kleine aantallen worden niet precies getoond"
        case .withheld: "niet getoond, zodat een klein aantal elders niet kan worden teruggerekend"
        }
    }

    /// A published figure as text: the number when there is one, else the mark ("×" when
    /// neither is known, as nothing unpublished may show).
    public static func text(number: String?, mark: SuppressionMark?) -> String {
        number ?? (mark ?? .withheld).rawValue
    }
}

/// One year's count of a register as published for an indicator: a number, or "<5" or "×".
public struct PublishedRegisterCount: Hashable, Sendable {
    public var year: Int
    public var value: Int?
    public var suppressed: SuppressionMark?

    public init(year: Int, value: Int) {
        self.year = year
        self.value = value
    }

    public init(year: Int, suppressed: SuppressionMark) {
        self.year = year
        self.suppressed = suppressed
    }

    /// A count as suppression left it: a number, or else a mark.
    public init(year: Int, value: Int?, suppressed: SuppressionMark?) {
        self.year = year
        self.value = value
        self.suppressed = value == nil ? (suppressed ?? .withheld) : nil
    }

    public var text: String { SuppressionMark.text(number: value.map(String.init), mark: suppressed) }

    /// The count as a measurement of `indicator`, recorded on `day`.
    public func measurement(of indicator: Key, link: IndicatorRegisterLink, source: String, recordedOn day: CalendarDate) -> MeasuredValue {
        if let value {
            return MeasuredValue(indicator: indicator, value: Decimal(value), period: .year(year), source: source, recordedOn: day, origin: .register(link.register))
        }
        return MeasuredValue(indicator: indicator, suppressed: suppressed ?? .withheld, period: .year(year), source: source, recordedOn: day, origin: .register(link.register))
    }
}
