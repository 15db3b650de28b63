import Foundation

/// What is kept to check a login. Only the authentication code sees this.
public struct AccountCredentials: Hashable, Sendable {
    /// A bcrypt hash, never the password.
    public var passwordHash: String
    /// The TOTP secret (base32) when two-factor login is on.
    public var totpSecret: String?
    public var failedLogins: Int
    public var lockedUntil: Date?
    /// The RFC 6238 time step of the last code accepted: a code of this or an earlier step is
    /// refused, so a code works once.
    public var lastOneTimeStep: Int64?

    public init(passwordHash: String, totpSecret: String?, failedLogins: Int, lockedUntil: Date?, lastOneTimeStep: Int64? = nil) {
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.lastOneTimeStep = lastOneTimeStep
    }

    /// Whether the account is locked at `date`.
    public func isLocked(at date: Date) -> Bool { lockedUntil.map { $0 > date } ?? false }
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
    /// The address for reminders (nil removes it).
    func setEmail(_ id: UUID, _ email: String?, audit: AuditEntry) async throws
    func email(of id: UUID) async throws -> String?
    /// Every account's address for reminders. Personal data: for the reminders only.
    func reminderAddresses() async throws -> [UUID: String]
    /// Turns two-factor login on with `secret` (or off with nil). `acceptedStep` is the time step
    /// of the code that confirmed it, which cannot be used again.
    func setTOTPSecret(_ id: UUID, _ secret: String?, acceptedStep: Int64?, audit: AuditEntry) async throws
    /// Marks the one-time code of time step `step` as used, if no code of this or a later step was
    /// accepted before; false when it was (a replay). Atomic: of two requests with the same
    /// code only one gets true.
    func useOneTimeStep(_ id: UUID, step: Int64) async throws -> Bool
    /// Counts a failed login (of a known account) and locks it until `lockUntil` when given. A
    /// lock ends every session of the account still waiting for its second factor.
    func recordFailedLogin(_ id: UUID?, lockUntil: Date?, audit: AuditEntry) async throws
    /// Counts a failed login for a name that has no account, without an audit entry of its own:
    /// the count per interval becomes one entry when the interval is over.
    func recordUnknownLogin(at date: Date) async throws
    /// Writes the counts of unknown-name logins of intervals ended before `date` to the trail.
    func flushUnknownLogins(before date: Date) async throws
    /// Failed logins of unknown names counted but not yet written to the trail.
    func pendingUnknownLogins() async throws -> Int
    /// Resets the failure count and notes the time of login.
    func recordLogin(_ id: UUID, audit: AuditEntry) async throws
    func record(_ audit: AuditEntry) async throws
    /// The audit trail a beheerder of `municipality` may read (all when nil), newest first.
    func auditTrail(for municipality: MunicipalityCode?, limit: Int) async throws -> [StoredAuditEntry]
    /// The entries about one account (its subject), newest first; with `byOthers` only those
    /// someone else caused (a beheerder, the command line), not the account's own logins.
    func auditTrail(about account: UUID, byOthers: Bool, limit: Int) async throws -> [StoredAuditEntry]
    /// How many entries `actor` caused with `action` since `date`.
    func auditCount(by actor: UUID, action: AuditAction, since date: Date) async throws -> Int
    /// Checks the whole chain cheaply: from the last verified-up-to marker on (every entry from
    /// the first when the marker is missing or older than `fullCheckAfter`), plus every anchor.
    /// An intact chain moves the marker and records its head as an anchor.
    func auditChainStatus(fullCheckAfter: TimeInterval) async throws -> AuditChainStatus
    /// Checks every entry from the first, streaming, and every anchor; records the head when intact.
    func checkWholeAuditChain() async throws -> AuditChainCheck

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
