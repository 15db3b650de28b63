import Foundation
import RegieCore

/// The first interpretation (duiding) of what lies behind the behaviour.
public enum Interpretation: String, CaseIterable, Hashable, Sendable, Codable {
    case psychiatric = "psychiatrisch"
    case addiction = "verslaving"
    case intellectualDisability = "lvb"
    case dementia = "dementie"
    case social = "sociaal-maatschappelijk"
    case unknown = "onbekend"

    public var name: String {
        switch self {
        case .psychiatric: "psychiatrische problematiek"
        case .addiction: "verslaving"
        case .intellectualDisability: "licht verstandelijke beperking"
        case .dementia: "dementie"
        case .social: "sociaal-maatschappelijke problemen"
        case .unknown: "onbekend"
        }
    }
}

public enum IncidentFollowUp: String, CaseIterable, Hashable, Sendable, Codable {
    case none = "geen"
    case careReferral = "doorverwezen-zorg"
    case nonUrgentCareDesk = "meldpunt-niet-acute-zorg"
    case crisisMeasure = "crisismaatregel-wvggz"
    case careAndSafetyCase = "zvh-casus"

    public var name: String {
        switch self {
        case .none: "geen"
        case .careReferral: "doorverwezen naar zorg"
        case .nonUrgentCareDesk: "meldpunt niet-acute zorg"
        case .crisisMeasure: "crisismaatregel (Wvggz)"
        case .careAndSafetyCase: "casus in het Zorg- en Veiligheidshuis"
        }
    }
}

/// The facts of an incident that may be listed and counted.
public struct IncidentFacts: Hashable, Sendable, Codable {
    public var interpretation: Interpretation
    public var partners: [String]
    public var minutesSpent: Int
    public var followUp: IncidentFollowUp

    public init(interpretation: Interpretation, partners: [String], minutesSpent: Int, followUp: IncidentFollowUp) {
        self.interpretation = interpretation
        self.partners = partners
        self.minutesSpent = minutesSpent
        self.followUp = followUp
    }
}

/// What is sealed: a person only where needed (most incidents need no name), and the notes.
public struct IncidentContent: Hashable, Sendable, Codable {
    public var person: Subject?
    public var note: String

    public init(person: Subject? = nil, note: String = "") {
        self.person = person
        self.note = note
    }
}

/// An incident with a confused or vulnerable person.
public struct Incident: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var occurredAt: Date
    /// The district (wijk), never an address: the register counts per district.
    public var district: String
    public var kind: IncidentKind
    public var facts: IncidentFacts
    public var content: IncidentContent

    public init(id: UUID = UUID(), reference: String = "", occurredAt: Date, district: String, kind: IncidentKind,
                facts: IncidentFacts, content: IncidentContent = IncidentContent()) {
        self.id = id
        self.reference = reference
        self.occurredAt = occurredAt
        self.district = district
        self.kind = kind
        self.facts = facts
        self.content = content
    }

    public func problems(today: Date = Date()) -> [RegisterProblem] {
        var problems: [RegisterProblem] = []
        if district.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(RegisterProblem(field: "Wijk", message: "Kies de wijk waar het incident plaatsvond."))
        }
        if occurredAt > today.addingTimeInterval(3_600) {
            problems.append(RegisterProblem(field: "Datum en tijd", message: "Het tijdstip ligt in de toekomst."))
        }
        if !(0...10_000).contains(facts.minutesSpent) {
            problems.append(RegisterProblem(field: "Bestede tijd", message: "Geef de bestede tijd in minuten, van 0 tot 10.000."))
        }
        if let person = content.person {
            if case .person = person {} else {
                problems.append(RegisterProblem(field: "Persoon", message: "Bij een incident wordt alleen een persoon vastgelegd, geen bedrijf of adres."))
            }
            problems += person.problems(at: 1)
        }
        return problems
    }
}
