import Foundation

/// What is kept to check a login. Only the authentication code sees this.
public struct AccountCredentials: Hashable, Sendable {
    /// A bcrypt hash, never the password.
    public var passwordHash: String
    /// The TOTP secret (base32) when two-factor login is on.
    public var totpSecret: String?
    public var failedLogins: Int
    public var lockedUntil: Date?

    public init(passwordHash: String, totpSecret: String?, failedLogins: Int, lockedUntil: Date?) {
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
    }
}

public enum AccountStoreError: Error, Hashable, Sendable {
    case usernameTaken(String)
    /// The account's municipality or organisation is not known to Regie.
    case unknownTenant
    case notFound
}

/// Where accounts, partner organisations and the audit trail are kept. Every change is written
/// together with its audit entry, in one transaction.
public protocol AccountRepository: Sendable {
    func account(named username: String) async throws -> (Account, AccountCredentials)?
    func account(_ id: UUID) async throws -> (Account, AccountCredentials)?
    /// Accounts of `tenant`, or of everyone when nil (command line), by user name.
    func accounts(of tenant: Tenant?) async throws -> [Account]
    func create(_ account: Account, passwordHash: String, audit: AuditEntry) async throws
    /// Sets a new password hash and ends every session of the account. `mustChange` marks a
    /// password set by someone else, to be replaced at the next login.
    func setPasswordHash(_ id: UUID, _ hash: String, mustChange: Bool, audit: AuditEntry) async throws
    func setDisabled(_ id: UUID, _ disabled: Bool, audit: AuditEntry) async throws
    func setTOTPSecret(_ id: UUID, _ secret: String?, audit: AuditEntry) async throws
    /// Counts a failed login (of a known account) and locks it until `lockUntil` when given.
    func recordFailedLogin(_ id: UUID?, lockUntil: Date?, audit: AuditEntry) async throws
    /// Resets the failure count and notes the time of login.
    func recordLogin(_ id: UUID, audit: AuditEntry) async throws
    func record(_ audit: AuditEntry) async throws
    /// The audit trail a beheerder of `municipality` may read (all when nil), newest first.
    func auditTrail(for municipality: MunicipalityCode?, limit: Int) async throws -> [StoredAuditEntry]

    func organisations() async throws -> [Organisation]
    func organisation(_ key: Key) async throws -> Organisation?
    func save(_ organisation: Organisation) async throws
    /// Adds the municipality when it is not known yet (for a first account before any plan).
    func ensure(_ municipality: Municipality) async throws
    /// The municipality's name and whether every account of it must log in with two factors,
    /// in one read; nil when Regie does not know the municipality.
    func accountSettings(of municipality: MunicipalityCode) async throws -> (name: String, requiresTwoFactor: Bool)?
    func setRequiresTwoFactor(_ municipality: MunicipalityCode, _ required: Bool, audit: AuditEntry) async throws
}

extension AccountRepository {
    /// Whether every account of `municipality` must log in with two factors.
    public func requiresTwoFactor(_ municipality: MunicipalityCode) async throws -> Bool {
        try await accountSettings(of: municipality)?.requiresTwoFactor ?? false
    }
}
