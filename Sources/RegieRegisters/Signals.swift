import Foundation
import RegieCore

/// Where a signal of organised crime came from.
public enum SignalSource: String, CaseIterable, Hashable, Sendable, Codable {
    case internalReportingPoint = "intern-meldpunt"
    case partner
    case anonymousTip = "anonieme-tip"
    case ownObservation = "eigen-waarneming"

    public var name: String {
        switch self {
        case .internalReportingPoint: "intern meldpunt"
        case .partner: "partner"
        case .anonymousTip: "anonieme tip"
        case .ownObservation: "eigen waarneming"
        }
    }
}

/// Urgency or seriousness in the intake assessment.
public enum Level: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case low = "laag"
    case medium = "middel"
    case high = "hoog"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum SignalStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case received = "ontvangen"
    case inAssessment = "in-behandeling"
    case onAgenda = "geagendeerd"
    case followUp = "in-opvolging"
    case closed = "afgesloten"

    public var name: String {
        switch self {
        case .received: "ontvangen"
        case .inAssessment: "in behandeling"
        case .onAgenda: "op de agenda van de casustafel"
        case .followUp: "in opvolging"
        case .closed: "afgesloten"
        }
    }
}

/// A signal's facts that may be listed and counted: no personal data.
public struct SignalFacts: Hashable, Sendable, Codable {
    public var source: SignalSource
    public var urgency: Level
    public var seriousness: Level
    /// The case table's last decision about the signal.
    public var lastDecision: DecisionKind?

    public init(source: SignalSource, urgency: Level, seriousness: Level, lastDecision: DecisionKind? = nil) {
        self.source = source
        self.urgency = urgency
        self.seriousness = seriousness
        self.lastDecision = lastDecision
    }
}

/// What a signal says about people: sealed.
public struct SignalContent: Hashable, Sendable, Codable {
    public var subjects: [Subject]
    public var description: String
    /// Who reported it, when known (never for an anonymous tip); protected like the subjects,
    /// and restricted in a subject-access answer (art. 41 UAVG, protection of reporters).
    public var reporter: String

    public init(subjects: [Subject], description: String, reporter: String = "") {
        self.subjects = subjects
        self.description = description
        self.reporter = reporter
    }
}

/// A signal as a member of the register works with it.
public struct Signal: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var receivedOn: Date
    public var phenomena: [Phenomenon]
    public var district: String?
    public var facts: SignalFacts
    public var status: SignalStatus
    public var closedOn: Date?
    public var content: SignalContent
    /// The stored version it was read at, for a change that must not overwrite someone else's.
    public var version: Int

    public init(id: UUID = UUID(), reference: String = "", receivedOn: Date, phenomena: [Phenomenon], district: String?,
                facts: SignalFacts, status: SignalStatus = .received, closedOn: Date? = nil, content: SignalContent, version: Int = 0) {
        self.version = version
        self.id = id
        self.reference = reference
        self.receivedOn = receivedOn
        self.phenomena = phenomena
        self.district = district
        self.facts = facts
        self.status = status
        self.closedOn = closedOn
        self.content = content
    }

    /// Every problem of the intake form at once.
    public func problems(today: Date = Date()) -> [RegisterProblem] {
        var problems: [RegisterProblem] = []
        if phenomena.isEmpty { problems.append(RegisterProblem(field: "Fenomeen", message: "Kies ten minste één fenomeen.")) }
        if receivedOn > today.addingTimeInterval(86_400) {
            problems.append(RegisterProblem(field: "Datum ontvangst", message: "De datum van ontvangst ligt in de toekomst."))
        }
        if content.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(RegisterProblem(field: "Omschrijving", message: "Beschrijf kort wat er is gesignaleerd."))
        }
        if facts.source == .anonymousTip, !content.reporter.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(RegisterProblem(field: "Melder", message: "Bij een anonieme tip wordt geen melder vastgelegd."))
        }
        for (index, subject) in content.subjects.enumerated() { problems += subject.problems(at: index + 1) }
        return problems
    }
}

/// What the case table decides about a signal.
public enum DecisionKind: String, CaseIterable, Hashable, Sendable, Codable {
    case furtherInvestigation = "nader-onderzoek"
    case reportToRIEC = "melding-riec"
    case administrativeIntervention = "bestuurlijke-interventie"
    case noAction = "geen-actie"
    case feedbackToReporter = "terugkoppeling-melder"

    public var name: String {
        switch self {
        case .furtherInvestigation: "nader onderzoek"
        case .reportToRIEC: "melding aan het RIEC"
        case .administrativeIntervention: "bestuurlijke interventie"
        case .noAction: "geen actie"
        case .feedbackToReporter: "terugkoppeling aan de melder"
        }
    }

    /// The signal's status after the decision.
    public var resultingStatus: SignalStatus {
        switch self {
        case .noAction, .feedbackToReporter: .closed
        case .furtherInvestigation, .reportToRIEC, .administrativeIntervention: .followUp
        }
    }
}

/// A follow-up task from the case table, with an owner (an account) and a due date.
public struct FollowUpTask: Hashable, Sendable, Codable, Identifiable {
    public var id: UUID
    public var signal: UUID
    public var description: String
    public var owner: UUID
    public var due: Date
    public var done: Bool

    public init(id: UUID = UUID(), signal: UUID, description: String, owner: UUID, due: Date, done: Bool = false) {
        self.id = id
        self.signal = signal
        self.description = description
        self.owner = owner
        self.due = due
        self.done = done
    }
}

/// One meeting of the case table (casustafel, ondermijningsoverleg). The agenda names signals by
/// reference only; attendance, the notes per decision and the minutes are sealed with the meeting.
public struct CaseMeeting: Hashable, Sendable {
    public struct Decision: Hashable, Sendable, Codable {
        public var signal: UUID
        public var kind: DecisionKind
        public var note: String

        public init(signal: UUID, kind: DecisionKind, note: String = "") {
            self.signal = signal
            self.kind = kind
            self.note = note
        }
    }

    /// What is sealed.
    public struct Content: Hashable, Sendable, Codable {
        /// Who attended, with their organisation.
        public var attendance: [String]
        public var decisions: [Decision]
        public var tasks: [FollowUpTask]
        public var minutes: String

        public init(attendance: [String] = [], decisions: [Decision] = [], tasks: [FollowUpTask] = [], minutes: String = "") {
            self.attendance = attendance
            self.decisions = decisions
            self.tasks = tasks
            self.minutes = minutes
        }
    }

    public var id: UUID
    public var reference: String
    public var heldOn: Date
    public var agenda: [UUID]
    public var closed: Bool
    public var content: Content

    public init(id: UUID = UUID(), reference: String = "", heldOn: Date, agenda: [UUID] = [], closed: Bool = false, content: Content = Content()) {
        self.id = id
        self.reference = reference
        self.heldOn = heldOn
        self.agenda = agenda
        self.closed = closed
        self.content = content
    }
}
