import Foundation

/// A short description of a stored plan, for lists.
public struct PlanSummary: Hashable, Sendable {
    public var key: Key
    public var kind: PlanKind
    public var title: String
    public var ownerName: String
    /// The owning municipality, or nil for a collaboration.
    public var ownerMunicipality: MunicipalityCode?
    /// The owning collaboration, or nil for a municipality.
    public var ownerCollaboration: Key?
    public var period: YearRange
    public var status: PlanStatus
    /// How many times the plan was stored; 1 for a new plan.
    public var revision: Int
    /// What the access rules need to know about the plan.
    public var access: PlanAccessFacts

    public init(key: Key, kind: PlanKind, title: String, ownerName: String, ownerMunicipality: MunicipalityCode?,
                ownerCollaboration: Key?, period: YearRange, status: PlanStatus, revision: Int,
                access: PlanAccessFacts) {
        self.key = key
        self.kind = kind
        self.title = title
        self.ownerName = ownerName
        self.ownerMunicipality = ownerMunicipality
        self.ownerCollaboration = ownerCollaboration
        self.period = period
        self.status = status
        self.revision = revision
        self.access = access
    }
}

/// A stored plan with what concurrency and versions need.
public struct StoredPlan: Hashable, Sendable {
    public var plan: Plan
    /// Counts every save; a change is only stored when nobody saved in between.
    public var revision: Int
    /// The version of the content: one more for each amendment of an adopted plan.
    public var version: Int
    /// The number of the latest adopted version kept while a new one is prepared.
    public var adoptedVersion: Int?
    public var updatedAt: Date?

    public init(plan: Plan, revision: Int, version: Int, adoptedVersion: Int?, updatedAt: Date?) {
        self.plan = plan
        self.revision = revision
        self.version = version
        self.adoptedVersion = adoptedVersion
        self.updatedAt = updatedAt
    }

    public var access: PlanAccessFacts { PlanAccessFacts(plan, hasAdoptedVersion: adoptedVersion != nil) }
}

/// A frozen earlier version of a plan.
public struct PlanVersion: Hashable, Sendable {
    public var number: Int
    public var plan: Plan
    /// Why the version after it was started.
    public var reason: String
    public var createdAt: Date
    public var createdBy: String

    public init(number: Int, plan: Plan, reason: String, createdAt: Date, createdBy: String) {
        self.number = number
        self.plan = plan
        self.reason = reason
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// Why a change to a stored plan was not stored.
public enum PlanStoreError: Error, Hashable, Sendable {
    /// Someone else saved the plan since it was read; nothing was stored.
    case conflict(currentRevision: Int)
    /// A new plan's key is already used.
    case keyTaken(Key)
    case notFound(Key)
}

/// What storing a plan did.
public enum PlanSaveOutcome: Hashable, Sendable {
    /// A new plan was stored.
    case created
    /// A plan with the same key was replaced; `revision` is the new revision number.
    case replaced(revision: Int)
}

/// One plan of an import from plan files, as decided by ``PlanImportStep``. Every write checks
/// that the stored plan is still the one the decision was made on.
public enum PlanImportWrite: Sendable {
    /// A new plan; throws `keyTaken` when someone stored one under its key in the meantime.
    case create(Plan, audit: AuditEntry)
    /// Replaces the stored plan when its revision is still `revision`.
    case replace(Plan, expectingRevision: Int, audit: AuditEntry)
    /// Keeps the stored (adopted) content as a frozen version with `reason`, as "Nieuwe versie"
    /// in the browser does, and stores `plan` as the next version.
    case newVersion(Plan, expectingRevision: Int, reason: String, by: String, audit: AuditEntry)
}

/// Where plans and their owners are kept. Implemented by the persistence module on SQLite and
/// PostgreSQL; the web layer and the command line only see this protocol.
public protocol PlanRepository: Sendable {
    /// Stores `plan` with its owner (and the owner's members) in one transaction: all or nothing.
    /// A plan with the same key is replaced.
    func save(_ plan: Plan) async throws -> PlanSaveOutcome
    /// Stores several plans in one transaction: all or nothing.
    func save(_ plans: [Plan]) async throws -> [PlanSaveOutcome]
    func plan(_ key: Key) async throws -> Plan?
    /// All plans, newest period first.
    func summaries() async throws -> [PlanSummary]
    /// Plans owned by `code` or by a collaboration it is a member of.
    func summaries(involving code: MunicipalityCode) async throws -> [PlanSummary]
    func municipalities() async throws -> [Municipality]
    func municipality(_ code: MunicipalityCode) async throws -> Municipality?
    func collaborations() async throws -> [Collaboration]
    func collaboration(_ key: Key) async throws -> Collaboration?
    /// Whether no plan is stored yet.
    func isEmpty() async throws -> Bool

    // MARK: Working in the browser

    /// The plan with its revision and version numbers.
    func stored(_ key: Key) async throws -> StoredPlan?
    /// Plans that may concern `tenant`: those involving its municipality, or naming its partner
    /// organisation. The access policy decides what of these the account really sees.
    func summaries(concerning tenant: Tenant) async throws -> [PlanSummary]
    /// Stores a new plan and its audit entry in one transaction; throws `keyTaken` when the key is used.
    func create(_ plan: Plan, audit: AuditEntry) async throws
    /// Stores a changed plan only when its revision is still `revision`; throws `conflict`
    /// otherwise. The audit entries are written in the same transaction. Returns the new revision.
    func update(_ plan: Plan, expectingRevision revision: Int, audit: [AuditEntry]) async throws -> Int
    /// Running the plan: applies `update` to the stored plan when its revision is still
    /// `revision` (else `conflict`), and, while a new version is being prepared, to the adopted
    /// version readers see as well. Throws `notFound` when neither holds the agreement. One
    /// transaction with the audit entries; returns the new revision.
    func updateExecution(_ update: ExecutionUpdate, of key: Key, expectingRevision revision: Int,
                         audit: [AuditEntry]) async throws -> Int
    /// Running the plan: stores `execution` (programmes, progress, measurements) as the plan's
    /// when its revision is still `revision` (else `conflict`), and, while a new version is being
    /// prepared, in the adopted version readers see as well. One transaction with the audit
    /// entries; returns the new revision.
    func updateExecution(_ execution: PlanExecution, of key: Key, expectingRevision revision: Int,
                         audit: [AuditEntry]) async throws -> Int
    /// Freezes the current (adopted) content as a version and opens the next version as a concept.
    func startNewVersion(of key: Key, expectingRevision revision: Int, reason: String, by actor: String,
                         audit: AuditEntry) async throws
    /// The frozen versions of a plan, oldest first.
    func versions(of key: Key) async throws -> [PlanVersion]
    /// The latest frozen adopted version, shown to readers while a new version is prepared.
    func adoptedVersion(of key: Key) async throws -> Plan?
    /// Stores the writes of an import from plan files with their audit entries, in one
    /// transaction: all or nothing. Throws `conflict` or `keyTaken` when a plan changed since
    /// the import was decided.
    func importPlans(_ writes: [PlanImportWrite]) async throws
}
