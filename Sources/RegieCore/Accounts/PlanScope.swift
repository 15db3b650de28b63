import Foundation

/// A plan as one account may see it.
public struct ScopedPlan: Sendable {
    /// The stored plan with revision and version; the current content, whatever the account sees.
    public var stored: StoredPlan
    /// What the account sees: the current content, or the last adopted version; contact persons
    /// removed for those who may not see them.
    public var plan: Plan
    public var permissions: PlanPermissions
    /// Whether `plan` is the adopted version kept while a new version is prepared.
    public var isAdoptedVersion: Bool
}

public enum ScopeError: Error, Hashable, Sendable {
    /// The plan does not exist, or the account may not know it exists.
    case notFound
    /// The account sees the plan but may not do this; the message says why, in Dutch.
    case forbidden(String)
}

/// Every plan an account reads or changes comes through here: the tenant filter and the access
/// policy are applied in this one place, never in handlers.
public struct PlanScope: Sendable {
    public let account: Account
    let plans: any PlanRepository

    public init(account: Account, plans: any PlanRepository) {
        self.account = account
        self.plans = plans
    }

    /// The plans this account may read, newest period first.
    public func summaries() async throws -> [PlanSummary] {
        try await plans.summaries(concerning: account.tenant).filter {
            AccessPolicy.permissions(of: account, for: $0.access).canRead
        }
    }

    /// The plan with `key` as this account may see it; `notFound` when it may not.
    public func open(_ key: Key) async throws -> ScopedPlan {
        guard let stored = try await plans.stored(key) else { throw ScopeError.notFound }
        let permissions = AccessPolicy.permissions(of: account, for: stored.access)
        var plan: Plan
        switch permissions.view {
        case .none:
            throw ScopeError.notFound
        case .current:
            plan = stored.plan
        case .lastAdopted:
            guard let adopted = try await plans.adoptedVersion(of: key) else { throw ScopeError.notFound }
            plan = adopted
        }
        if !permissions.seeContacts {
            for i in plan.partners.indices { plan.partners[i].contacts = [] }
        }
        return ScopedPlan(stored: stored, plan: plan, permissions: permissions, isAdoptedVersion: permissions.view == .lastAdopted)
    }

    /// As ``open(_:)``, and refuses unless `allowed` holds for the account's permissions.
    public func open(_ key: Key, requiring allowed: (PlanPermissions) -> Bool, otherwise message: String) async throws -> ScopedPlan {
        let scoped = try await open(key)
        guard allowed(scoped.permissions) else { throw ScopeError.forbidden(message) }
        return scoped
    }
}
