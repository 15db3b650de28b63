import Foundation
import RegieCore

/// A person's place in one register: need-to-know, separate from the plan roles. Having a plan
/// role gives nothing here; a beheerder configures registers but reads no records.
public enum RegisterRole: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Reads the records of the cases they are a member of.
    case reader = "lezer"
    /// Takes in records and works on the cases they are a member of; may open another case
    /// with a reason (break-glass).
    case handler = "behandelaar"
    /// Answers for the register: sees every case, decides on membership and sharing, and
    /// receives the reports of break-glass access.
    case owner = "eigenaar"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var name: String {
        switch self {
        case .reader: "lezer"
        case .handler: "behandelaar"
        case .owner: "eigenaar"
        }
    }
}

/// Who asks: the account and its tenant. Plan roles only matter for the beheerder, who may see
/// the configuration of the registers (the art. 30 record) and nothing in them.
public struct RegisterActor: Hashable, Sendable {
    public var account: UUID
    public var tenant: Tenant
    public var isAdministrator: Bool

    public init(account: UUID, tenant: Tenant, isAdministrator: Bool = false) {
        self.account = account
        self.tenant = tenant
        self.isAdministrator = isAdministrator
    }

    public init(_ account: Account) {
        self.init(account: account.id, tenant: account.tenant, isAdministrator: account.has(.administrator))
    }
}

/// The people of one register and the partner organisations that take part in it.
public struct RegisterAccessList: Hashable, Sendable, Codable {
    public var members: [UUID: RegisterRole]
    /// Partner organisations that take part (a police unit, a housing corporation): only to
    /// these can a case be shared.
    public var organisations: Set<Key>

    public init(members: [UUID: RegisterRole] = [:], organisations: Set<Key> = []) {
        self.members = members
        self.organisations = organisations
    }

    public func role(of account: UUID) -> RegisterRole? { members[account] }
}

/// What the access rules need to know about one case (a signal, an incident, a meeting).
public struct CaseAccessFacts: Hashable, Sendable {
    public var members: Set<UUID>
    /// The partner organisations the case was shared with.
    public var sharedWith: Set<Key>

    public init(members: Set<UUID> = [], sharedWith: Set<Key> = []) {
        self.members = members
        self.sharedWith = sharedWith
    }
}

/// What one account sees of a register as a whole.
public enum RegisterVisibility: Hashable, Sendable {
    /// Nothing: the register does not exist for this account (a 404, never a hint).
    case none
    /// The configuration and the art. 30 record, no records and no counts of them (beheerder).
    case configuration
    /// A member: the list of cases as the role allows.
    case member(RegisterRole)
}

/// What one account may do with one case.
public enum CaseAccess: Int, Hashable, Sendable, Comparable {
    /// Nothing, not even that the case exists.
    case none
    /// The case's line in the list and on the agenda (reference, date, phenomenon, status),
    /// without any personal data; opening it needs a reason (break-glass).
    case breakGlass
    /// Reads the case: what was shared (partners) or everything (members).
    case read
    /// Reads and changes the case.
    case write

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The need-to-know rules of every register (docs/adr/0015). Pure: the web layer and the
/// store ask it, and the test matrix over role × register × membership × sharing checks it.
public enum RegisterAccessPolicy {
    public static func visibility(_ actor: RegisterActor, register: RegisterDefinition, access: RegisterAccessList) -> RegisterVisibility {
        guard belongs(actor, to: register, access: access) else { return .none }
        if let role = access.role(of: actor.account) { return .member(role) }
        if actor.isAdministrator, actor.tenant.municipality == register.municipality { return .configuration }
        return .none
    }

    public static func caseAccess(_ actor: RegisterActor, register: RegisterDefinition, access: RegisterAccessList,
                                  case facts: CaseAccessFacts) -> CaseAccess {
        guard belongs(actor, to: register, access: access), let role = access.role(of: actor.account) else { return .none }
        if let organisation = actor.tenant.organisation {
            // A partner sees only what was shared with its organisation, and changes nothing.
            return facts.sharedWith.contains(organisation) ? .read : .none
        }
        if role == .owner { return .write }
        if facts.members.contains(actor.account) { return role == .handler ? .write : .read }
        return role == .handler ? .breakGlass : .none
    }

    /// Whether the account may take in new records (it becomes a member of each).
    public static func mayTakeIn(_ actor: RegisterActor, register: RegisterDefinition, access: RegisterAccessList) -> Bool {
        guard actor.tenant.municipality == register.municipality, let role = access.role(of: actor.account) else { return false }
        return role >= .handler
    }

    /// Whether the account may search the register (is this address or company known?). Only
    /// members of the municipality who can open cases: an answer is itself personal data.
    public static func maySearch(_ actor: RegisterActor, register: RegisterDefinition, access: RegisterAccessList) -> Bool {
        mayTakeIn(actor, register: register, access: access)
    }

    /// Whether the account decides on members and sharing and receives break-glass reports.
    public static func mayManage(_ actor: RegisterActor, register: RegisterDefinition, access: RegisterAccessList) -> Bool {
        actor.tenant.municipality == register.municipality && access.role(of: actor.account) == .owner
    }

    /// Whether a case may be shared with `organisation`: only with one that takes part.
    public static func mayShare(with organisation: Key, access: RegisterAccessList) -> Bool {
        access.organisations.contains(organisation)
    }

    /// The municipality's people and the partner organisations taking part; anyone else is out.
    static func belongs(_ actor: RegisterActor, to register: RegisterDefinition, access: RegisterAccessList) -> Bool {
        switch actor.tenant {
        case .municipality(let code): code == register.municipality
        case .organisation(let key): access.organisations.contains(key)
        }
    }
}

/// Why the register refused, in Dutch. The refusals that concern a case never say whether the
/// case or person exists.
public enum RegisterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The register or case does not exist for this account.
    case notFound
    case definitionIncomplete([RegisterProblem])
    case notAllowed(String)
    case shareOutsideRegister(String)
    case breakGlassReasonMissing
    case invalid([RegisterProblem])
    case changedMeanwhile
    case sealing(String)

    public var description: String {
        switch self {
        case .notFound: "Dit register of deze zaak bestaat niet, of u hebt er geen toegang toe."
        case .definitionIncomplete(let problems):
            "Het register is nog niet volledig beschreven en kan nog geen gegevens bevatten: "
                + problems.map(\.description).joined(separator: " ")
        case .notAllowed(let what): "U mag \(what) niet in dit register."
        case .shareOutsideRegister(let name):
            "\(name) neemt niet deel aan dit register. Een zaak kan alleen worden gedeeld met een organisatie die deelneemt; de eigenaar van het register kan deze toevoegen."
        case .breakGlassReasonMissing:
            "U bent geen lid van deze zaak. Geef een reden (minstens 10 tekens) om de zaak toch te openen; dit wordt apart vastgelegd en gemeld aan de eigenaar van het register."
        case .invalid(let problems): problems.map(\.description).joined(separator: " ")
        case .changedMeanwhile: "Iemand anders heeft deze zaak intussen gewijzigd. Open de zaak opnieuw en breng uw wijziging nog eens aan."
        case .sealing(let reason): "De versleutelde gegevens konden niet worden gelezen: \(reason)"
        }
    }
}
