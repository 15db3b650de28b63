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
    /// The account the entry is about (an account created, reset, locked or logged in), so the
    /// account's own page can show what others did to it. Nil for entries about plans.
    public var subject: UUID?
    /// Readable values before and after: label and value per field. Empty when not applicable.
    public var before: [AuditValue]
    public var after: [AuditValue]

    public init(at: Date = Date(), actor: UUID?, actorName: String, municipalities: [MunicipalityCode],
                action: AuditAction, object: String, subject: UUID? = nil, before: [AuditValue] = [], after: [AuditValue] = []) {
        self.at = at
        self.actor = actor
        self.actorName = actorName
        self.municipalities = municipalities
        self.action = action
        self.object = object
        self.subject = subject
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
    /// Failed logins of unknown names in one interval, counted instead of one entry each.
    case unknownLoginsCounted
    case accountCreated, accountDisabled, accountEnabled, passwordChanged, twoFactorEnabled, twoFactorDisabled
    /// A password set for an account by someone else (a beheerder or the command line).
    case passwordReset
    /// A beheerder chose a user name for a new account that is not available.
    case usernameRefused
    case planCreated, planPartChanged, planPartAdded, planPartRemoved, planPartMoved
    case planStatusChanged, planVersionStarted, actionProgressUpdated
    /// A plan stored from a plan file with `regie plan import` (added, replaced, or a new version).
    case planImported
    /// Figures read in through the browser by a beheerder (file, table, version, SHA-256).
    case figuresImported
    /// A browser import of figures that stored nothing (problems in the file, or refused).
    case figuresImportFailed
    /// Running the plan (docs/adr/0013): a dated progress update, a partner's update approved
    /// or rejected, a measurement, a programme saved or adopted, the plan's running settings
    /// and a reason given in the quality check.
    case progressRecorded, progressReviewed, measurementRecorded, programmeSaved, programmeAdopted
    case executionSettingsChanged, checkReasonGiven
    /// The address for reminders set or removed (the address itself is not in the trail).
    case emailChanged
    /// The weekly reminders were sent by one instance (counts only, no addresses).
    case remindersSent
    // Issue 16, council documents
    /// The officer's own texts or the header of a council document draft were saved.
    case documentDraftSaved
    /// A council document was sent to the council: its files were frozen with their SHA-256.
    case documentSent
    /// A municipality's Word template (huisstijl) was uploaded or removed.
    case houseStyleChanged
    // Issue 17, registers with personal data. Entries name records by reference, never a person.
    /// A register's definition (purpose, basis, retention, DPIA) or its members were changed.
    case registerChanged, registerMembersChanged
    /// A record was taken in or changed; a case was shared with a partner organisation.
    case registerRecordCreated, registerRecordChanged, caseShared
    /// A case was opened by someone who is not a member, with a reason (break-glass).
    case breakGlassUsed
    /// The purge anonymised or deleted a record; a legal hold was set or lifted.
    case registerRecordPurged, legalHoldChanged
    /// A subject-access answer was made, or restricted under art. 41 UAVG.
    case subjectAccessAnswered, subjectAccessRestricted
}

extension AuditAction {
    /// Whether the trail shows this entry's values to a beheerder. A beheerder may not read draft
    /// texts or contact persons on the plan pages, so the trail does not show them either: for
    /// changes to a plan's content it says which fields changed, not what they say.
    public var valuesVisibleToAdministrators: Bool {
        switch self {
        case .planPartChanged, .planPartAdded, .planPartRemoved, .planPartMoved, .planCreated, .actionProgressUpdated,
             .progressRecorded, .progressReviewed, .programmeSaved, .documentDraftSaved,
             .registerRecordCreated, .registerRecordChanged, .caseShared, .breakGlassUsed, .subjectAccessRestricted, .legalHoldChanged: false
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

/// The outcome of checking the audit chain: every entry against the one before it, the
/// sequence numbers without gaps, and the heads recorded outside the database (anchors).
public struct AuditChainCheck: Hashable, Sendable {
    /// Why an entry does not fit the chain.
    public enum Fault: Hashable, Sendable {
        /// The entry's hash does not match its content and the entry before it.
        case hashMismatch
        /// Entries before this one are missing (sequence numbers skipped).
        case missingBefore(count: Int)
        /// An entry in the older, unkeyed scheme after keyed entries: rewritten to pass as old.
        case schemeDowngrade
    }

    public struct Problem: Hashable, Sendable {
        public var sequence: Int
        public var fault: Fault

        public init(sequence: Int, fault: Fault) {
            self.sequence = sequence
            self.fault = fault
        }
    }

    /// A head recorded outside the database that the database no longer matches.
    public struct AnchorProblem: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// The anchored entry is gone: the newest entries were removed.
            case entryMissing
            /// The anchored entry is there but its hash differs: it was rewritten.
            case hashDiffers
            /// The anchor line itself was not written by Regie (its MAC is wrong).
            case anchorForged
        }

        public var sequence: Int
        public var anchoredAt: Date
        public var kind: Kind

        public init(sequence: Int, anchoredAt: Date, kind: Kind) {
            self.sequence = sequence
            self.anchoredAt = anchoredAt
            self.kind = kind
        }
    }

    /// The first sequence number checked (1 for a whole check, later for a check from a marker).
    public var checkedFrom: Int
    /// The number of entries read.
    public var entriesChecked: Int
    /// The newest entry in the database (0 when the trail is empty).
    public var headSequence: Int
    /// The first entry that does not fit, if any; later faults are counted, not listed.
    public var firstProblem: Problem?
    public var problemCount: Int
    /// Entries in the older SHA-256 scheme (kept from before the keyed chain).
    public var legacyEntries: Int
    /// How many anchors were compared, and the ones that do not match.
    public var anchorsCompared: Int
    public var anchorProblems: [AnchorProblem]
    /// The highest sequence number an anchor names (0 without anchors).
    public var highestAnchored: Int

    public init(checkedFrom: Int = 1, entriesChecked: Int = 0, headSequence: Int = 0, firstProblem: Problem? = nil,
                problemCount: Int = 0, legacyEntries: Int = 0, anchorsCompared: Int = 0, anchorProblems: [AnchorProblem] = [],
                highestAnchored: Int = 0) {
        self.checkedFrom = checkedFrom
        self.entriesChecked = entriesChecked
        self.headSequence = headSequence
        self.firstProblem = firstProblem
        self.problemCount = problemCount
        self.legacyEntries = legacyEntries
        self.anchorsCompared = anchorsCompared
        self.anchorProblems = anchorProblems
        self.highestAnchored = highestAnchored
    }

    /// Whether the newest entries were removed: an anchor names an entry beyond the head.
    public var newestRemoved: Bool { anchorProblems.contains { $0.kind == .entryMissing && $0.sequence > headSequence } }

    /// Whether nothing is wrong.
    public var intact: Bool { firstProblem == nil && anchorProblems.isEmpty }
}

/// What the beheerder's trail page shows about the whole chain: the check just done and when the
/// whole chain was last read from the first entry.
public struct AuditChainStatus: Hashable, Sendable {
    public var check: AuditChainCheck
    /// When every entry from the first was last checked (this check, or the one the marker came from).
    public var lastFullCheck: Date?

    public init(check: AuditChainCheck, lastFullCheck: Date?) {
        self.check = check
        self.lastFullCheck = lastFullCheck
    }
}
