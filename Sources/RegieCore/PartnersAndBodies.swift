import Foundation

/// Where a partner stands when the plan names it as one still to be won (issue 11).
public enum PartnerStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// A partner the plan would like to work with.
    case potential
    /// A partner still to be approached or lobbied.
    case toLobby
}

/// Whether a consultation body already meets or is still to be started.
public enum ConsultationBodyStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case existing
    case toBeStarted
}

extension Plan {
    /// The consultation body with key `key`, if the plan has one.
    public func consultationBody(_ key: Key) -> ConsultationBody? { consultationBodies.first { $0.key == key } }

    /// Every goal of every theme (common and local) that names `body` as a place where it is taken up.
    public func goals(takenUpIn body: Key) -> [(theme: Theme, goal: Goal)] {
        allThemes.flatMap { theme in theme.goals.filter { $0.consultationBodies.contains(body) }.map { (theme, $0) } }
    }
}
