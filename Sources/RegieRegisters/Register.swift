import Foundation
import RegieCore

/// The lawful basis of art. 6 AVG that a municipal register can rest on. Consent and legitimate
/// interest are left out on purpose: a public body cannot rely on them for its public task.
public enum LawfulBasis: String, CaseIterable, Hashable, Sendable, Codable {
    /// Art. 6(1)(c): a legal obligation.
    case legalObligation = "wettelijke-verplichting"
    /// Art. 6(1)(e): a task carried out in the public interest or in the exercise of official authority.
    case publicTask = "publieke-taak"

    public var description: String {
        switch self {
        case .legalObligation: "art. 6 lid 1 sub c AVG (wettelijke verplichting)"
        case .publicTask: "art. 6 lid 1 sub e AVG (taak van algemeen belang of openbaar gezag)"
        }
    }
}

/// Who decides about the processing (verwerkingsverantwoordelijke).
public enum Controller: Hashable, Sendable, Codable {
    case mayor
    case executive
    /// A joint arrangement (art. 26 AVG), such as a RIEC or a Zorg- en Veiligheidshuis.
    case joint(String)

    public var description: String {
        switch self {
        case .mayor: "de burgemeester"
        case .executive: "het college van burgemeester en wethouders"
        case .joint(let name): "gezamenlijk verantwoordelijken: \(name)"
        }
    }
}

/// The ZGW confidentiality designation (vertrouwelijkheidaanduiding).
public enum Confidentiality: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case openbaar, beperkt_openbaar, intern, zaakvertrouwelijk, vertrouwelijk, confidentieel, geheim, zeer_geheim

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var description: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// What happens to a record at the end of its retention period.
public enum RetentionEnd: String, CaseIterable, Hashable, Sendable, Codable {
    /// Personal data removed; the classifying fields (date, district, category) stay for counts.
    case anonymise = "anonimiseren"
    /// The whole record removed.
    case delete = "verwijderen"
}

/// How long records are kept, counted from their closing date (or their date when never closed).
public struct Retention: Hashable, Sendable, Codable {
    public var months: Int
    public var end: RetentionEnd

    public init(months: Int, end: RetentionEnd) {
        self.months = months
        self.end = end
    }

    /// The first day the record is past its period, for a record whose period starts on `start`.
    public func expiry(from start: Date, calendar: Calendar = .dutch) -> Date {
        calendar.date(byAdding: .month, value: months, to: calendar.startOfDay(for: start)) ?? start
    }
}

extension Calendar {
    /// The Gregorian calendar in Dutch time, for dates a municipality counts in.
    public static var dutch: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
        return calendar
    }
}

/// One register of a municipality as configured by its beheerder: everything the record of
/// processing activities (art. 30 AVG) asks, and the rules the records are kept under.
public struct RegisterDefinition: Hashable, Sendable, Codable, Identifiable {
    public var id: UUID
    public var municipality: MunicipalityCode
    public var kind: RegisterKind
    public var name: String
    /// The purpose the data is collected for; reuse for another purpose needs its own basis.
    public var purpose: String
    public var lawfulBasis: LawfulBasis?
    /// The statutory provision the task rests on, such as "art. 172 Gemeentewet; WGS (RIEC)".
    public var legalProvision: String
    /// The provision that lifts the ban on special or criminal-law data (art. 9/10 AVG with the UAVG).
    public var specialCategoryBasis: String
    public var controller: Controller
    /// The URI of the processing activity in the municipality's register of processing
    /// activities; it is written into every processing-log line.
    public var processingActivity: String
    /// Categories of data subjects and of personal data, and recipients, for the art. 30 record.
    public var dataSubjects: String
    public var dataCategories: String
    public var recipients: String
    public var retention: Retention
    public var confidentiality: Confidentiality
    /// Where the DPIA is kept (a document number or address), and when it was concluded.
    public var dpiaReference: String
    public var dpiaDate: Date?

    public init(id: UUID = UUID(), municipality: MunicipalityCode, kind: RegisterKind, name: String, purpose: String,
                lawfulBasis: LawfulBasis?, legalProvision: String, specialCategoryBasis: String, controller: Controller,
                processingActivity: String, dataSubjects: String, dataCategories: String, recipients: String,
                retention: Retention, confidentiality: Confidentiality, dpiaReference: String, dpiaDate: Date? = nil) {
        self.id = id
        self.municipality = municipality
        self.kind = kind
        self.name = name
        self.purpose = purpose
        self.lawfulBasis = lawfulBasis
        self.legalProvision = legalProvision
        self.specialCategoryBasis = specialCategoryBasis
        self.controller = controller
        self.processingActivity = processingActivity
        self.dataSubjects = dataSubjects
        self.dataCategories = dataCategories
        self.recipients = recipients
        self.retention = retention
        self.confidentiality = confidentiality
        self.dpiaReference = dpiaReference
        self.dpiaDate = dpiaDate
    }
}

/// What is wrong with a register's definition, per field, in Dutch.
public struct RegisterProblem: Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

extension RegisterDefinition {
    /// Every problem at once, in the order of the form. A register without a purpose, a lawful
    /// basis, a provision for its special category, a processing activity, a retention period
    /// or a DPIA may not hold records.
    public func problems() -> [RegisterProblem] {
        var problems: [RegisterProblem] = []
        func require(_ value: String, _ field: String, _ message: String) {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(RegisterProblem(field: field, message: message)) }
        }
        require(name, "Naam", "Geef het register een naam.")
        require(purpose, "Doel", "Beschrijf het doel waarvoor de gegevens worden verzameld (doelbinding).")
        if lawfulBasis == nil {
            problems.append(RegisterProblem(field: "Grondslag", message: "Kies de grondslag uit art. 6 AVG: wettelijke verplichting of publieke taak."))
        }
        require(legalProvision, "Wettelijk voorschrift", "Noem het wetsartikel waarop de taak rust, bijvoorbeeld art. 172 Gemeentewet.")
        if kind.specialCategory != .none {
            require(specialCategoryBasis, "Grondslag bijzondere gegevens",
                    "Dit register bevat \(kind.specialCategory.description); noem de uitzonderingsgrond (AVG met UAVG).")
        }
        if case .joint(let name) = controller {
            require(name, "Verwerkingsverantwoordelijke", "Noem het samenwerkingsverband dat gezamenlijk verantwoordelijk is.")
        }
        let activity = processingActivity.trimmingCharacters(in: .whitespaces)
        if activity.isEmpty {
            problems.append(RegisterProblem(field: "Verwerkingsactiviteit", message: "Geef het adres (URI) van de verwerking in het register van verwerkingsactiviteiten."))
        } else if URL(string: activity)?.scheme == nil || activity.contains(" ") {
            problems.append(RegisterProblem(field: "Verwerkingsactiviteit", message: "„\(activity)” is geen adres (URI); begin met https:// of urn:."))
        }
        if !(1...1200).contains(retention.months) {
            problems.append(RegisterProblem(field: "Bewaartermijn", message: "Geef een bewaartermijn van 1 tot 1200 maanden."))
        }
        if confidentiality < .vertrouwelijk {
            problems.append(RegisterProblem(field: "Vertrouwelijkheid",
                                            message: "Een register met persoonsgegevens is ten minste vertrouwelijk; „\(confidentiality.description)” is te laag."))
        }
        require(dpiaReference, "DPIA", "Noem waar de DPIA van dit register staat; zonder DPIA mag het register geen gegevens bevatten.")
        return problems
    }
}

/// The record of processing activities (art. 30 AVG) for a municipality's registers, as the
/// beheerder reads and exports it.
public enum ProcessingRecord {
    public static let headers = [
        "Register", "Verwerkingsactiviteit", "Verwerkingsverantwoordelijke", "Doel", "Grondslag", "Wettelijk voorschrift",
        "Bijzondere of strafrechtelijke gegevens", "Uitzonderingsgrond", "Betrokkenen", "Categorieën persoonsgegevens",
        "Ontvangers", "Bewaartermijn", "Na de bewaartermijn", "Vertrouwelijkheid", "DPIA", "DPIA vastgesteld",
    ]

    public static func row(_ register: RegisterDefinition) -> [String] {
        [
            register.name, register.processingActivity, register.controller.description, register.purpose,
            register.lawfulBasis?.description ?? "ontbreekt", register.legalProvision, register.kind.specialCategory.description,
            register.specialCategoryBasis, register.dataSubjects, register.dataCategories, register.recipients,
            "\(register.retention.months) maanden", register.retention.end.rawValue, register.confidentiality.description,
            register.dpiaReference, register.dpiaDate.map(dayText) ?? "",
        ]
    }

    /// The record as CSV (semicolon-separated, as Dutch spreadsheets open it), with a byte-order
    /// mark so Excel reads the accents.
    public static func csv(_ registers: [RegisterDefinition]) -> String {
        var lines = [headers.map(field).joined(separator: ";")]
        for register in registers.sorted(by: { $0.name < $1.name }) {
            lines.append(row(register).map(field).joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var text = value
        // A leading =, +, - or @ would be a formula in a spreadsheet.
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// `2026-12-06`: a day in Dutch time.
public func dayText(_ date: Date) -> String {
    let parts = Calendar.dutch.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
}
