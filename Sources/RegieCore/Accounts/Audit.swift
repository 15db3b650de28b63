import Foundation

/// One entry of the audit trail: who did what to which part, when, with the values before and
/// after. The trail is append-only; each entry carries the hash of the one before it, so a
/// removed or altered entry shows.
public struct AuditEntry: Hashable, Sendable {
    public var at: Date
    /// The account that acted; nil for the command line or a failed login of an unknown name.
    public var actor: UUID?
    /// The actor's name at the time, so the trail stays readable when the account is gone.
    public var actorName: String
    /// The municipalities whose beheerders may read this entry.
    public var municipalities: [MunicipalityCode]
    public var action: AuditAction
    /// What was acted on, such as a plan key and a part: `stadskanaal-2020-2024 · Thema woninginbraak`.
    public var object: String
    /// Readable values before and after: label and value per field. Empty when not applicable.
    public var before: [AuditValue]
    public var after: [AuditValue]

    public init(at: Date = Date(), actor: UUID?, actorName: String, municipalities: [MunicipalityCode],
                action: AuditAction, object: String, before: [AuditValue] = [], after: [AuditValue] = []) {
        self.at = at
        self.actor = actor
        self.actorName = actorName
        self.municipalities = municipalities
        self.action = action
        self.object = object
        self.before = before
        self.after = after
    }
}

/// A labelled value in an audit entry.
public struct AuditValue: Hashable, Sendable, Codable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

public enum AuditAction: String, CaseIterable, Hashable, Sendable {
    case login, loginFailed, logout, accountLocked
    case accountCreated, accountDisabled, accountEnabled, passwordChanged, twoFactorEnabled, twoFactorDisabled
    case planCreated, planPartChanged, planPartAdded, planPartRemoved, planPartMoved
    case planStatusChanged, planVersionStarted, actionProgressUpdated
    /// A plan stored from a plan file with `regie plan import` (added, replaced, or a new version).
    case planImported
}

extension AuditAction {
    /// Whether the trail shows this entry's values to a beheerder. A beheerder may not read draft
    /// texts or contact persons on the plan pages, so the trail does not show them either: for
    /// changes to a plan's content it says which fields changed, not what they say.
    public var valuesVisibleToAdministrators: Bool {
        switch self {
        case .planPartChanged, .planPartAdded, .planPartRemoved, .planPartMoved, .planCreated, .actionProgressUpdated: false
        default: true
        }
    }
}

/// A stored entry with its place in the chain.
public struct StoredAuditEntry: Hashable, Sendable {
    public var sequence: Int
    public var entry: AuditEntry
    public var hash: String
    /// Whether the hash matches the entry and the one before it.
    public var intact: Bool

    public init(sequence: Int, entry: AuditEntry, hash: String, intact: Bool) {
        self.sequence = sequence
        self.entry = entry
        self.hash = hash
        self.intact = intact
    }
}
