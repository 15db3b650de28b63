import Foundation

/// What an account may do. An account can hold several roles.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Manages the accounts of its municipality and reads its audit trail (beheerder).
    case administrator
    /// Writes and maintains the plans of its municipality and its collaborations (beleidsmedewerker).
    case policyOfficer
    /// Works for a partner organisation: reads what plans share with partners and updates the
    /// progress of the actions its organisation leads (partner).
    case partner
    /// Reads adopted plans and published reports, such as a council member (lezer/raadslid).
    case reader

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Whether the role belongs to a municipality's account (all but partner) or to a partner
    /// organisation's (partner only).
    public var isForMunicipality: Bool { self != .partner }
}

/// The organisation an account belongs to: everything it sees is scoped by this.
public enum Tenant: Hashable, Sendable {
    case municipality(MunicipalityCode)
    /// A partner organisation, such as a police unit or a housing corporation.
    case organisation(Key)

    public var municipality: MunicipalityCode? {
        if case .municipality(let code) = self { code } else { nil }
    }

    public var organisation: Key? {
        if case .organisation(let key) = self { key } else { nil }
    }
}

/// A partner organisation that has accounts in Regie. Plans link their partners to it, so its
/// people can update the actions it leads in every plan it takes part in.
public struct Organisation: Hashable, Sendable, Codable {
    public var key: Key
    public var name: String
    public var type: PartnerType

    public init(key: Key, name: String, type: PartnerType) {
        self.key = key
        self.name = name
        self.type = type
    }
}

/// An account as the rest of the application sees it: never the password hash or the TOTP secret.
public struct Account: Hashable, Sendable, Identifiable {
    public var id: UUID
    /// The login name, unique, lower case.
    public var username: String
    /// The name shown in the trail and the header.
    public var displayName: String
    public var tenant: Tenant
    public var roles: Set<Role>
    public var disabled: Bool
    public var twoFactorEnabled: Bool
    public var lastLogin: Date?
    /// The password was set by someone else (a first or reset password): the account must
    /// choose its own before it can do anything else.
    public var mustChangePassword: Bool

    public init(id: UUID, username: String, displayName: String, tenant: Tenant, roles: Set<Role>,
                disabled: Bool = false, twoFactorEnabled: Bool = false, lastLogin: Date? = nil,
                mustChangePassword: Bool = false) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.tenant = tenant
        self.roles = roles
        self.disabled = disabled
        self.twoFactorEnabled = twoFactorEnabled
        self.lastLogin = lastLogin
        self.mustChangePassword = mustChangePassword
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// Problems with a new account's fields, in the order of the form.
public enum AccountProblem: Hashable, Sendable {
    case usernameInvalid
    case displayNameEmpty
    case noRoles
    /// A partner role on a municipality's account, or a municipal role on a partner's.
    case roleDoesNotFitTenant(Role)

    public static func check(username: String, displayName: String, tenant: Tenant, roles: Set<Role>) -> [AccountProblem] {
        var problems: [AccountProblem] = []
        if !Account.isValidUsername(username) { problems.append(.usernameInvalid) }
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.displayNameEmpty) }
        if roles.isEmpty { problems.append(.noRoles) }
        for role in roles.sorted() {
            let fits = tenant.municipality != nil ? role.isForMunicipality : role == .partner
            if !fits { problems.append(.roleDoesNotFitTenant(role)) }
        }
        return problems
    }
}

extension Account {
    /// 3 to 64 characters from `a-z`, `0-9`, `.`, `-`, `_` and `@`, so an e-mail address works.
    public static func isValidUsername(_ name: String) -> Bool {
        (3...64).contains(name.count) && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_@".unicodeScalars.contains($0)
        }
    }

    /// The login name as stored: trimmed and lower case.
    public static func normalise(username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
