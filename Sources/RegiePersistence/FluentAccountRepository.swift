import FluentKit
import FluentSQL
import Foundation
import RegieCore

/// ``AccountRepository`` on any Fluent database.
public struct FluentAccountRepository: AccountRepository {
    let database: any Database
    let chain: AuditChain
    let secrets: SecretBox

    /// How long one count of failed logins with unknown names runs before it becomes an entry.
    public static let unknownLoginInterval: TimeInterval = 3600

    /// Builds the audit entry that sums up the failed logins of unknown names in one interval.
    let unknownLoginSummary: @Sendable (_ count: Int, _ from: Date, _ to: Date) -> AuditEntry

    public init(database: any Database, chain: AuditChain, secrets: SecretBox,
                unknownLoginSummary: @escaping @Sendable (Int, Date, Date) -> AuditEntry) {
        self.database = database
        self.chain = chain
        self.secrets = secrets
        self.unknownLoginSummary = unknownLoginSummary
    }

    public func account(named username: String) async throws -> (Account, AccountCredentials)? {
        let name = Account.normalise(username: username)
        return try await AccountRecord.query(on: database).filter(\.$username == name).first().flatMap { try account($0) }
    }

    public func account(_ id: UUID) async throws -> (Account, AccountCredentials)? {
        try await AccountRecord.find(id, on: database).flatMap { try account($0) }
    }

    public func accounts(of tenant: Tenant?) async throws -> [Account] {
        let query = AccountRecord.query(on: database).sort(\.$username)
        switch tenant {
        case .municipality(let code): query.filter(\.$municipalityCode == code.rawValue)
        case .organisation(let key): query.filter(\.$organisationKey == key.rawValue)
        case nil: break
        }
        return try await query.all().compactMap(Self.account).map(\.0)
    }

    public func create(_ account: Account, passwordHash: String, audit: AuditEntry) async throws {
        try await database.writeTransaction { db in
            if try await AccountRecord.query(on: db).filter(\.$username == account.username).first() != nil {
                throw AccountStoreError.usernameTaken(account.username)
            }
            let record = AccountRecord()
            record.id = account.id
            record.username = account.username
            record.displayName = account.displayName
            switch account.tenant {
            case .municipality(let code):
                guard try await MunicipalityRecord.find(code.rawValue, on: db) != nil else { throw AccountStoreError.unknownTenant }
                record.municipalityCode = code.rawValue
            case .organisation(let key):
                guard try await OrganisationRecord.find(key.rawValue, on: db) != nil else { throw AccountStoreError.unknownTenant }
                record.organisationKey = key.rawValue
            }
            record.roles = account.roles.sorted().map(\.rawValue).joined(separator: ",")
            record.passwordHash = passwordHash
            record.disabled = account.disabled
            record.failedLogins = 0
            record.passwordChangedAt = Date()
            record.passwordMustChange = account.mustChangePassword
            try await record.create(on: db)
            try await AuditWriter.append([audit], chain: chain, on: db)
        }
    }

    private func change(_ id: UUID, audit: AuditEntry?, _ body: @escaping @Sendable (AccountRecord) -> Void) async throws {
        try await database.writeTransaction { db in
            guard let record = try await AccountRecord.find(id, on: db) else { throw AccountStoreError.notFound }
            body(record)
            try await record.update(on: db)
            if let audit { try await AuditWriter.append([audit], chain: chain, on: db) }
        }
    }

    public func setPasswordHash(_ id: UUID, _ hash: String, mustChange: Bool, audit: AuditEntry) async throws {
        try await change(id, audit: audit) {
            $0.passwordHash = hash
            $0.passwordMustChange = mustChange
            $0.passwordChangedAt = Date()
            $0.failedLogins = 0
            $0.lockedUntil = nil
        }
        // A new password ends every session of the account.
        try await SessionRecord.query(on: database).filter(\.$account.$id == id).delete()
    }

    public func setDisabled(_ id: UUID, _ disabled: Bool, audit: AuditEntry) async throws {
        try await change(id, audit: audit) { $0.disabled = disabled }
        if disabled { try await SessionRecord.query(on: database).filter(\.$account.$id == id).delete() }
    }

    public func setEmail(_ id: UUID, _ email: String?, audit: AuditEntry) async throws {
        try await database.writeTransaction { db in
            guard try await AccountRecord.find(id, on: db) != nil else { throw AccountStoreError.notFound }
            try await AccountEmailRecord.query(on: db).filter(\.$accountID == id).delete()
            if let email {
                let record = AccountEmailRecord()
                record.accountID = id
                record.email = email
                try await record.create(on: db)
            }
            try await AuditWriter.append([audit], chain: chain, on: db)
        }
    }

    public func email(of id: UUID) async throws -> String? {
        try await AccountEmailRecord.query(on: database).filter(\.$accountID == id).first()?.email
    }

    public func reminderAddresses() async throws -> [UUID: String] {
        Dictionary(try await AccountEmailRecord.query(on: database).all().map { ($0.accountID, $0.email) }, uniquingKeysWith: { a, _ in a })
    }

    public func setTOTPSecret(_ id: UUID, _ secret: String?, acceptedStep: Int64?, audit: AuditEntry) async throws {
        let sealed = try secret.map { try secrets.seal($0, for: id) }
        try await change(id, audit: audit) {
            $0.totpSecret = sealed
            $0.totpLastStep = acceptedStep
        }
    }

    public func useOneTimeStep(_ id: UUID, step: Int64) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw AccountStoreError.notFound }
        // One conditional UPDATE: the database decides which of two requests with the same code wins.
        let rows = try await sql.update(AccountRecord.schema)
            .set("totp_last_step", to: step)
            .where("id", .equal, id)
            .where(group: { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) })
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    public func recordFailedLogin(_ id: UUID?, lockUntil: Date?, audit: AuditEntry) async throws {
        guard let id else { return try await record(audit) }
        try await database.writeTransaction { [chain] db in
            guard let record = try await AccountRecord.find(id, on: db) else { throw AccountStoreError.notFound }
            record.failedLogins += 1
            if let lockUntil {
                record.lockedUntil = lockUntil
                record.failedLogins = 0
                // The lock binds the account: sessions still waiting for their code end with it,
                // so none of them can go on guessing.
                try await SessionRecord.query(on: db).filter(\.$account.$id == id).filter(\.$secondFactorPending == true).delete()
            }
            try await record.update(on: db)
            try await AuditWriter.append([audit], chain: chain, on: db)
        }
    }

    public func recordUnknownLogin(at date: Date) async throws {
        let interval = Self.unknownLoginInterval
        let start = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / interval).rounded(.down) * interval)
        try await database.writeTransaction { [chain, unknownLoginSummary] db in
            // The same turn-taking as audit appends, so two first failures of an interval do not both insert.
            try await AuditWriter.lockAppends(on: db)
            if let current = try await UnknownLoginCountRecord.query(on: db).filter(\.$intervalStart == start).first() {
                current.count += 1
                try await current.update(on: db)
                return
            }
            try await Self.flush(before: start, chain: chain, summary: unknownLoginSummary, on: db)
            let record = UnknownLoginCountRecord()
            record.id = UUID()
            record.intervalStart = start
            record.count = 1
            try await record.create(on: db)
        }
    }

    public func flushUnknownLogins(before date: Date) async throws {
        let interval = Self.unknownLoginInterval
        let start = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / interval).rounded(.down) * interval)
        try await database.writeTransaction { [chain, unknownLoginSummary] db in
            try await AuditWriter.lockAppends(on: db)
            try await Self.flush(before: start, chain: chain, summary: unknownLoginSummary, on: db)
        }
    }

    /// Writes one entry per ended interval and removes its count.
    private static func flush(before start: Date, chain: AuditChain, summary: @Sendable (Int, Date, Date) -> AuditEntry,
                              on db: any Database) async throws {
        let ended = try await UnknownLoginCountRecord.query(on: db).filter(\.$intervalStart < start).sort(\.$intervalStart).all()
        guard !ended.isEmpty else { return }
        try await AuditWriter.append(ended.map { summary($0.count, $0.intervalStart, $0.intervalStart.addingTimeInterval(unknownLoginInterval)) },
                                     chain: chain, on: db)
        try await UnknownLoginCountRecord.query(on: db).filter(\.$intervalStart < start).delete()
    }

    public func pendingUnknownLogins() async throws -> Int {
        try await UnknownLoginCountRecord.query(on: database).all().reduce(0) { $0 + $1.count }
    }

    public func recordLogin(_ id: UUID, audit: AuditEntry) async throws {
        try await change(id, audit: audit) {
            $0.failedLogins = 0
            $0.lockedUntil = nil
            $0.lastLoginAt = Date()
        }
    }

    public func record(_ audit: AuditEntry) async throws {
        try await database.writeTransaction { [chain] db in try await AuditWriter.append([audit], chain: chain, on: db) }
    }

    public func auditTrail(for municipality: MunicipalityCode?, limit: Int) async throws -> [StoredAuditEntry] {
        try await AuditWriter.entries(for: municipality, limit: limit, chain: chain, on: database)
    }

    public func auditTrail(about account: UUID, byOthers: Bool, limit: Int) async throws -> [StoredAuditEntry] {
        try await AuditWriter.entries(about: account, byOthers: byOthers, limit: limit, chain: chain, on: database)
    }

    public func auditCount(by actor: UUID, action: AuditAction, since date: Date) async throws -> Int {
        try await AuditRecord.query(on: database).filter(\.$actorID == actor).filter(\.$action == action.rawValue)
            .filter(\.$at >= date).count()
    }

    public func auditChainStatus(fullCheckAfter: TimeInterval) async throws -> AuditChainStatus {
        let now = Date()
        let check: AuditChainCheck
        let fullCheckAt: Date
        if let marker = try await AuditWriter.marker(chain: chain, on: database), now.timeIntervalSince(marker.fullCheckAt) < fullCheckAfter {
            check = try await AuditWriter.check(from: (marker.verifiedThrough, marker.hash), chain: chain, on: database)
            fullCheckAt = marker.fullCheckAt
        } else {
            check = try await AuditWriter.check(from: nil, chain: chain, on: database)
            fullCheckAt = now
        }
        try await AuditWriter.recordIntact(check, fullCheckAt: check.checkedFrom == 1 ? now : fullCheckAt, chain: chain, on: database)
        // A marker that no longer matched made it a whole check after all.
        return AuditChainStatus(check: check, lastFullCheck: check.checkedFrom == 1 ? now : fullCheckAt)
    }

    public func checkWholeAuditChain() async throws -> AuditChainCheck {
        let check = try await AuditWriter.check(from: nil, chain: chain, on: database)
        try await AuditWriter.recordIntact(check, fullCheckAt: Date(), chain: chain, on: database)
        return check
    }

    public func organisations() async throws -> [Organisation] {
        try await OrganisationRecord.query(on: database).sort(\.$name).all().compactMap(Self.organisation)
    }

    public func organisation(_ key: Key) async throws -> Organisation? {
        try await OrganisationRecord.find(key.rawValue, on: database).flatMap(Self.organisation)
    }

    public func save(_ organisation: Organisation) async throws {
        let record = try await OrganisationRecord.find(organisation.key.rawValue, on: database) ?? OrganisationRecord()
        record.id = organisation.key.rawValue
        record.name = organisation.name
        record.type = organisation.type.rawValue
        try await record.save(on: database)
    }

    public func ensure(_ municipality: Municipality) async throws {
        guard try await MunicipalityRecord.find(municipality.code.rawValue, on: database) == nil else { return }
        try await MunicipalityRecord(code: municipality.code.rawValue, name: municipality.name,
                                     inhabitants: municipality.inhabitants).create(on: database)
    }

    public func accountSettings(of municipality: MunicipalityCode) async throws -> (name: String, requiresTwoFactor: Bool)? {
        try await MunicipalityRecord.find(municipality.rawValue, on: database).map { ($0.name, $0.requireTwoFactor) }
    }

    public func setRequiresTwoFactor(_ municipality: MunicipalityCode, _ required: Bool, audit: AuditEntry) async throws {
        try await database.writeTransaction { db in
            guard let record = try await MunicipalityRecord.find(municipality.rawValue, on: db) else { throw AccountStoreError.unknownTenant }
            record.requireTwoFactor = required
            try await record.update(on: db)
            try await AuditWriter.append([audit], chain: chain, on: db)
        }
    }

    private static func organisation(_ record: OrganisationRecord) -> Organisation? {
        guard let key = record.id.flatMap(Key.init), let type = PartnerType(rawValue: record.type) else { return nil }
        return Organisation(key: key, name: record.name, type: type)
    }

    /// Whether the database holds audit entries keyed with a master key (any key): a database
    /// that does must not be started with a newly generated one.
    public static func holdsKeyedData(on db: any Database) async throws -> Bool {
        try await AuditRecord.query(on: db).filter(\.$scheme == AuditWriter.keyedScheme).first() != nil
    }

    /// The account with its credentials, the TOTP secret opened.
    func account(_ record: AccountRecord) throws -> (Account, AccountCredentials)? {
        guard var result = Self.account(record), let id = record.id else { return nil }
        result.1.totpSecret = try record.totpSecret.map { try secrets.open($0, for: id) }
        return result
    }

    /// The account as the rest of the application sees it; the credentials' secret still sealed.
    static func account(_ record: AccountRecord) -> (Account, AccountCredentials)? {
        guard let id = record.id,
              let tenant = Self.tenant(municipalityCode: record.municipalityCode, organisationKey: record.organisationKey) else { return nil }
        let roles = Self.roles(record.roles)
        let account = Account(id: id, username: record.username, displayName: record.displayName, tenant: tenant,
                              roles: roles, disabled: record.disabled, twoFactorEnabled: record.totpSecret != nil,
                              lastLogin: record.lastLoginAt, mustChangePassword: record.passwordMustChange)
        return (account, AccountCredentials(passwordHash: record.passwordHash, totpSecret: record.totpSecret,
                                            failedLogins: record.failedLogins, lockedUntil: record.lockedUntil,
                                            lastOneTimeStep: record.totpLastStep))
    }

    /// The tenant of an account row: its municipality, else its organisation; nil for neither.
    static func tenant(municipalityCode: String?, organisationKey: String?) -> Tenant? {
        if let code = municipalityCode.flatMap(MunicipalityCode.init) { return .municipality(code) }
        if let key = organisationKey.flatMap(Key.init) { return .organisation(key) }
        return nil
    }

    /// The roles of an account row's `roles` column (`beleid,beheer`); unknown names are skipped.
    static func roles(_ column: String) -> Set<Role> {
        Set(column.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }
}

/// Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so the
/// database alone cannot be used to take over a session.
public struct SessionStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public struct Session: Sendable {
        public var id: UUID
        public var accountID: UUID
        public var csrfToken: String
        public var secondFactorPending: Bool
        public var createdAt: Date
        public var lastSeenAt: Date
    }

    /// A new session for `account`; returns the token for the cookie and the session.
    public func create(for account: UUID, secondFactorPending: Bool) async throws -> (token: String, session: Session) {
        let token = Self.randomToken()
        let record = SessionRecord()
        record.id = UUID()
        record.tokenHash = Self.hash(token)
        record.$account.id = account
        record.csrfToken = Self.randomToken()
        record.secondFactorPending = secondFactorPending
        let now = Date()
        record.createdAt = now
        record.lastSeenAt = now
        try await record.create(on: database)
        return (token, Self.session(record))
    }

    /// A session with its account and the account's organisation, as every signed-in request
    /// needs them.
    public struct SignedIn: Sendable {
        public var session: Session
        public var account: Account
        /// The municipality's or partner organisation's name as stored (nil when it is gone).
        public var tenantName: String?
        /// Whether the account's municipality asks two-factor login of every account.
        public var tenantRequiresTwoFactor: Bool
    }

    /// The session of `token` with its account and organisation, in one query: every signed-in
    /// request starts here, so that is one round trip instead of three. Nothing is kept between
    /// requests, so a revoked session, a disabled account or a changed role counts at the very
    /// next request, on every instance that shares the database.
    ///
    /// Plain SQL rather than a Fluent query: building and reflecting the joined models cost more
    /// than the query itself, on the path of every signed-in request.
    public func signedIn(token: String) async throws -> SignedIn? {
        guard let sql = database as? any SQLDatabase else { return try await signedInByModels(token: token) }
        guard let row = try await sql.raw("""
            SELECT s.id AS session_id, s.csrf_token, s.second_factor_pending, s.created_at AS session_created_at, s.last_seen_at,
                   a.id AS account_id, a.username, a.display_name, a.municipality_code, a.organisation_key, a.roles, a.disabled,
                   a.totp_secret IS NOT NULL AS two_factor, a.last_login_at, a.password_must_change,
                   m.name AS municipality_name, m.require_two_factor, o.name AS organisation_name
            FROM sessions s
            JOIN accounts a ON a.id = s.account_id
            LEFT JOIN municipalities m ON m.code = a.municipality_code
            LEFT JOIN organisations o ON o."key" = a.organisation_key
            WHERE s.token_hash = \(bind: Self.hash(token))
            """).first() else { return nil }
        guard let tenant = FluentAccountRepository.tenant(municipalityCode: try row.decode(column: "municipality_code", as: String?.self),
                                                          organisationKey: try row.decode(column: "organisation_key", as: String?.self))
        else { return nil }
        let roles = FluentAccountRepository.roles(try row.decode(column: "roles", as: String.self))
        let account = Account(id: try row.decode(column: "account_id", as: UUID.self),
                              username: try row.decode(column: "username", as: String.self),
                              displayName: try row.decode(column: "display_name", as: String.self), tenant: tenant, roles: roles,
                              disabled: try row.flag("disabled"), twoFactorEnabled: try row.flag("two_factor"),
                              lastLogin: try row.decode(column: "last_login_at", as: Date?.self),
                              mustChangePassword: try row.flag("password_must_change"))
        let session = Session(id: try row.decode(column: "session_id", as: UUID.self), accountID: account.id,
                              csrfToken: try row.decode(column: "csrf_token", as: String.self),
                              secondFactorPending: try row.flag("second_factor_pending"),
                              createdAt: try row.decode(column: "session_created_at", as: Date.self),
                              lastSeenAt: try row.decode(column: "last_seen_at", as: Date.self))
        // A left join without a match: the municipality or organisation is gone.
        switch tenant {
        case .municipality:
            let name = try row.decode(column: "municipality_name", as: String?.self)
            return SignedIn(session: session, account: account, tenantName: name.map { "Gemeente \($0)" },
                            tenantRequiresTwoFactor: name == nil ? false : try row.flag("require_two_factor"))
        case .organisation:
            return SignedIn(session: session, account: account, tenantName: try row.decode(column: "organisation_name", as: String?.self),
                            tenantRequiresTwoFactor: false)
        }
    }

    /// ``signedIn(token:)`` on a database without SQL.
    private func signedInByModels(token: String) async throws -> SignedIn? {
        guard let record = try await SessionRecord.query(on: database)
            .join(AccountRecord.self, on: \SessionRecord.$account.$id == \AccountRecord.$id)
            .join(MunicipalityRecord.self, on: \AccountRecord.$municipalityCode == \MunicipalityRecord.$id, method: .left)
            .join(OrganisationRecord.self, on: \AccountRecord.$organisationKey == \OrganisationRecord.$id, method: .left)
            .filter(\.$tokenHash == Self.hash(token))
            .first(),
            let (account, _) = FluentAccountRepository.account(try record.joined(AccountRecord.self))
        else { return nil }
        let tenantName: String?
        var requiresTwoFactor = false
        switch account.tenant {
        case .municipality:
            let municipality = try? record.joined(MunicipalityRecord.self)
            tenantName = municipality.map { "Gemeente \($0.name)" }
            requiresTwoFactor = municipality?.requireTwoFactor ?? false
        case .organisation:
            tenantName = (try? record.joined(OrganisationRecord.self))?.name
        }
        return SignedIn(session: Self.session(record), account: account, tenantName: tenantName,
                        tenantRequiresTwoFactor: requiresTwoFactor)
    }

    public func find(token: String) async throws -> Session? {
        try await SessionRecord.query(on: database).filter(\.$tokenHash == Self.hash(token)).first().map(Self.session)
    }

    /// Notes activity, so the inactivity limit counts from now.
    public func touch(_ id: UUID) async throws {
        try await SessionRecord.query(on: database).filter(\.$id == id).set(\.$lastSeenAt, to: Date()).update()
    }

    public func completeSecondFactor(_ id: UUID) async throws {
        try await SessionRecord.query(on: database).filter(\.$id == id)
            .set(\.$secondFactorPending, to: false).set(\.$lastSeenAt, to: Date()).update()
    }

    public func delete(_ id: UUID) async throws {
        try await SessionRecord.query(on: database).filter(\.$id == id).delete()
    }

    /// Removes sessions idle since before `idleBefore` or started before `startedBefore`.
    public func purge(idleBefore: Date, startedBefore: Date) async throws {
        try await SessionRecord.query(on: database)
            .group(.or) { $0.filter(\.$lastSeenAt < idleBefore).filter(\.$createdAt < startedBefore) }
            .delete()
    }

    static func session(_ record: SessionRecord) -> Session {
        Session(id: record.id!, accountID: record.$account.id, csrfToken: record.csrfToken,
                secondFactorPending: record.secondFactorPending, createdAt: record.createdAt, lastSeenAt: record.lastSeenAt)
    }

    /// A random token for forms and cookies.
    public static func newToken() -> String { randomToken() }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        AuditWriter.hex(SHA256Digest.of(token))
    }
}
