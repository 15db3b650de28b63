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

    public init(key: Key, kind: PlanKind, title: String, ownerName: String, ownerMunicipality: MunicipalityCode?,
                ownerCollaboration: Key?, period: YearRange, status: PlanStatus, revision: Int) {
        self.key = key
        self.kind = kind
        self.title = title
        self.ownerName = ownerName
        self.ownerMunicipality = ownerMunicipality
        self.ownerCollaboration = ownerCollaboration
        self.period = period
        self.status = status
        self.revision = revision
    }
}

/// What storing a plan did.
public enum PlanSaveOutcome: Hashable, Sendable {
    /// A new plan was stored.
    case created
    /// A plan with the same key was replaced; `revision` is the new revision number.
    case replaced(revision: Int)
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
}
