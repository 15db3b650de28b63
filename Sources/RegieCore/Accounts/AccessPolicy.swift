import Foundation

/// What the access rules need to know about a plan, without reading its document.
public struct PlanAccessFacts: Hashable, Sendable {
    /// The owning municipality, or every member of the owning collaboration.
    public var municipalities: [MunicipalityCode]
    public var isCollaboration: Bool
    public var status: PlanStatus
    /// Whether an adopted version is kept while a new version is being prepared.
    public var hasAdoptedVersion: Bool
    /// For each partner organisation with accounts: the keys of the plan's partners it acts for.
    public var organisations: [Key: Set<Key>]

    public init(municipalities: [MunicipalityCode], isCollaboration: Bool, status: PlanStatus,
                hasAdoptedVersion: Bool = false, organisations: [Key: Set<Key>] = [:]) {
        self.municipalities = municipalities
        self.isCollaboration = isCollaboration
        self.status = status
        self.hasAdoptedVersion = hasAdoptedVersion
        self.organisations = organisations
    }

    public init(_ plan: Plan, hasAdoptedVersion: Bool = false) {
        var organisations: [Key: Set<Key>] = [:]
        for partner in plan.partners {
            if let organisation = partner.organisation { organisations[organisation, default: []].insert(partner.key) }
        }
        self.init(municipalities: plan.owner.municipalities.map(\.code),
                  isCollaboration: { if case .collaboration = plan.owner { true } else { false } }(),
                  status: plan.status, hasAdoptedVersion: hasAdoptedVersion, organisations: organisations)
    }
}

/// What one account may do with one plan.
public struct PlanPermissions: Hashable, Sendable {
    public enum View: Int, Hashable, Sendable, Comparable {
        /// The plan does not exist for this account: it gets a 404, never a hint.
        case none
        /// The adopted version kept while a new version is prepared (readers, partners).
        case lastAdopted
        /// The plan as it is now, drafts included.
        case current

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var view: View
    /// May change plan-wide parts, common themes, partners and the rest; false once adopted.
    public var editCommon: Bool
    /// The local chapters this account may change (its own municipality's).
    public var editChapters: Set<MunicipalityCode>
    /// May move the plan through its status steps and start a new version of an adopted plan.
    public var manageStatus: Bool
    /// May see the contact persons of partners (personal data).
    public var seeContacts: Bool
    /// Whose actions this account may update progress for: every action (nil), or only those
    /// led by these partners of the plan.
    public var progressPartners: Set<Key>?
    /// May update progress at all.
    public var updateProgress: Bool
    /// May move an agreement's planning as part of running the adopted plan, without a new version.
    public var shiftPlanning: Bool = false

    public static let none = PlanPermissions(view: .none, editCommon: false, editChapters: [], manageStatus: false,
                                             seeContacts: false, progressPartners: [], updateProgress: false)

    /// May read the status and version pages: every account that reads the plan, council
    /// members too; only ``manageStatus`` may take a step.
    public var seeStatus: Bool { canRead }

    public var canRead: Bool { view != .none }
    public var canEditSomething: Bool { editCommon || !editChapters.isEmpty }

    /// Whether this account may update the progress of an action led by `owner`.
    public func mayUpdateProgress(ofActionLedBy owner: Key?) -> Bool {
        guard updateProgress else { return false }
        guard let partners = progressPartners else { return true }
        return owner.map(partners.contains) ?? false
    }
}

/// The one place where roles, tenants and plan status meet. Every plan the web layer shows or
/// changes goes through ``permissions(of:for:)``; handlers never check roles themselves.
public enum AccessPolicy {
    public static func permissions(of account: Account, for plan: PlanAccessFacts) -> PlanPermissions {
        guard !account.disabled else { return .none }
        var result = PlanPermissions.none
        let frozen = plan.status >= .adopted
        let published: PlanPermissions.View = plan.status >= .adopted ? .current : (plan.hasAdoptedVersion ? .lastAdopted : .none)

        switch account.tenant {
        case .municipality(let code):
            guard plan.municipalities.contains(code) else { return .none }
            if account.has(.policyOfficer) {
                result.view = .current
                result.editCommon = !frozen
                if plan.isCollaboration, !frozen { result.editChapters = [code] }
                result.manageStatus = true
                result.seeContacts = true
                result.updateProgress = true
                result.progressPartners = nil
                // Running the plan: once adopted, and while a new version of it is prepared.
                result.shiftPlanning = frozen || plan.hasAdoptedVersion
            }
            if account.has(.administrator) {
                result.view = max(result.view, published)
            }
            if account.has(.reader) {
                // Council members are heard on the draft: they read it once it is offered to the council.
                let offered: PlanPermissions.View = plan.status >= .offeredToCouncil ? .current : published
                result.view = max(result.view, offered)
            }
        case .organisation(let organisation):
            guard account.has(.partner), let partners = plan.organisations[organisation] else { return .none }
            let shared: PlanPermissions.View = plan.status >= .consultation ? .current : (plan.hasAdoptedVersion ? .lastAdopted : .none)
            guard shared != .none else { return .none }
            result.view = shared
            result.seeContacts = true
            // Progress is reported on the plan being carried out: the adopted plan, also while a
            // new version of it is being prepared (the report then lands in both).
            result.updateProgress = plan.status >= .adopted || plan.hasAdoptedVersion
            result.progressPartners = partners
        }
        return result
    }

    /// Whether `account` may create plans owned by `owner` (its own municipality, or a
    /// collaboration it is a member of).
    public static func mayCreatePlan(_ account: Account, ownedBy municipalities: [MunicipalityCode]) -> Bool {
        guard !account.disabled, account.has(.policyOfficer), let code = account.tenant.municipality else { return false }
        return municipalities.contains(code)
    }

    /// Whether `account` may manage the accounts of `tenant`: a beheerder of the same municipality.
    public static func mayManageAccounts(_ account: Account, of tenant: Tenant) -> Bool {
        guard !account.disabled, account.has(.administrator), let code = account.tenant.municipality else { return false }
        return tenant == .municipality(code)
    }

    /// Whether `account` may import open-data figures through the browser, and see the imports
    /// of its municipality: its beheerder. The figures are shared by every municipality of the
    /// deployment, so what such an import may replace is limited (docs/adr/0009).
    public static func mayImportFigures(_ account: Account, for municipality: MunicipalityCode) -> Bool {
        mayManageAccounts(account, of: .municipality(municipality))
    }

    /// Whether `account` may read the audit trail of `municipality`.
    public static func mayReadAudit(_ account: Account, of municipality: MunicipalityCode) -> Bool {
        mayManageAccounts(account, of: .municipality(municipality))
    }
}
