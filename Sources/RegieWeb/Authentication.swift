import Foundation
import RegieRegisterPages
import RegieCore
import RegiePersistence
import RegieReports
import Vapor

/// Limits of sessions and logins, in one place.
public struct SecuritySettings: Sendable {
    /// A session ends after this long without a request.
    public var idleTimeout: TimeInterval = 30 * 60
    /// And after this long in any case.
    public var absoluteTimeout: TimeInterval = 12 * 3600
    /// Failed logins in a row before the account is locked for `lockDuration`.
    public var maxFailedLogins = 5
    public var lockDuration: TimeInterval = 15 * 60
    /// Failed logins (password or code) from one client address in `addressWindow`, after which
    /// that address gets a 429 until the window ends.
    public var maxFailedLoginsPerAddress = 20
    public var addressWindow: TimeInterval = 15 * 60
    /// Names a beheerder may choose in a day that turn out to be taken, before account creation
    /// pauses for that beheerder (user names are global; see docs/adr/0008).
    public var maxRefusedUsernamesPerDay = 5
    /// The trail page checks the chain from its verified-up-to marker, and every entry again
    /// when the last whole check is older than this.
    public var fullAuditCheckInterval: TimeInterval = 24 * 3600
    /// Whether cookies get the Secure flag (HTTPS only). Always on; browsers treat
    /// http://localhost as secure, so local use works too. The cookies' `__Host-` prefix needs it:
    /// browsers drop such a cookie without Secure.
    public var secureCookies = true
    /// The largest open-data file a beheerder may import through the browser (with its metadata
    /// file); larger posts get a Dutch 413. `REGIE_UPLOAD_MAX_MB` sets it (default 1 GB).
    public var maxUploadBytes = 1 << 30

    public init() {}
}

/// The signed-in account of a request, with its session.
struct SignedIn {
    var account: Account
    var session: SessionStore.Session
}

struct SignedInKey: StorageKey { typealias Value = SignedIn }

/// The signed-in account's organisation as pages and rules need it.
struct TenantInfo {
    /// "Gemeente Stadskanaal" or the partner organisation's name.
    var name: String
    /// Whether the municipality requires two-factor login of every account.
    var requiresTwoFactor: Bool
}
struct TenantInfoKey: StorageKey { typealias Value = TenantInfo }
struct SessionExpiredKey: StorageKey { typealias Value = Bool }
struct SecuritySettingsKey: StorageKey { typealias Value = SecuritySettings }

extension Application {
    public var security: SecuritySettings {
        get { storage[SecuritySettingsKey.self] ?? SecuritySettings() }
        set { storage[SecuritySettingsKey.self] = newValue }
    }
}

extension Request {
    var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// The signed-in account; only called behind ``RequireAccount``.
    var account: Account {
        get throws {
            guard let signedIn else { throw Abort(.unauthorized) }
            return signedIn.account
        }
    }

    var accounts: any AccountRepository { application.accounts(on: db) }

    /// The organisation of `account` (the request's one account), read once per request: the
    /// account bar, the two-factor rule and the pages all use it.
    func tenantInfo(_ account: Account) async throws -> TenantInfo {
        if let cached = storage[TenantInfoKey.self] { return cached }
        let info: TenantInfo
        switch account.tenant {
        case .municipality(let code):
            let settings = try await accounts.accountSettings(of: code)
            info = TenantInfo(name: settings.map { "Gemeente \($0.name)" } ?? code.rawValue,
                              requiresTwoFactor: settings?.requiresTwoFactor ?? false)
        case .organisation(let key):
            info = TenantInfo(name: try await accounts.organisation(key)?.name ?? key.rawValue, requiresTwoFactor: false)
        }
        storage[TenantInfoKey.self] = info
        return info
    }
    var sessions: SessionStore { SessionStore(database: db) }

    /// The plans of this request's account, scoped by tenant and access policy.
    var scope: PlanScope {
        get throws { PlanScope(account: try account, plans: plans) }
    }
}

enum Cookies {
    // `__Host-`: browsers accept these only with Secure, Path=/ and no Domain, so no other site
    // or subdomain can set or overwrite them (no planted session or form token).
    static let session = "__Host-regie_sessie"
    static let loginCSRF = "__Host-regie_inlogformulier"

    static func value(_ string: String, secure: Bool, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: string, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: secure,
                          isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Finds the session of the request's cookie. Ended sessions (inactive too long, too old, account
/// disabled) are removed, and the request continues as signed out with a note for the login page.
struct SessionLoader: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The stylesheet is the same for everyone: no session needed (it is also the one path
        // a browser asks for without a page, so this saves a query per page view).
        if request.url.path == SiteURL.stylesheet.path { return try await next.respond(to: request) }
        if let token = request.cookies[Cookies.session]?.string, !token.isEmpty,
           let found = try await request.sessions.signedIn(token: token) {
            let session = found.session
            let settings = request.application.security
            let now = Date()
            let expired = now.timeIntervalSince(session.lastSeenAt) > settings.idleTimeout
                || now.timeIntervalSince(session.createdAt) > settings.absoluteTimeout
            if expired {
                try await request.sessions.delete(session.id)
                request.storage[SessionExpiredKey.self] = true
            } else if !found.account.disabled {
                request.signedIn = SignedIn(account: found.account, session: session)
                request.storage[TenantInfoKey.self] = TenantInfo(name: found.tenantName ?? Self.fallbackName(found.account.tenant),
                                                                 requiresTwoFactor: found.tenantRequiresTwoFactor)
                // Write the activity at most once a minute, not on every request.
                if now.timeIntervalSince(session.lastSeenAt) > 60 { try await request.sessions.touch(session.id) }
            } else {
                try await request.sessions.delete(session.id)
            }
        }
        return try await next.respond(to: request)
    }

    /// The organisation's code when its row is gone, as ``Request/tenantInfo(_:)`` shows it.
    static func fallbackName(_ tenant: Tenant) -> String {
        switch tenant {
        case .municipality(let code): code.rawValue
        case .organisation(let key): key.rawValue
        }
    }
}

/// Lets only signed-in accounts through (with the second factor done). A page request goes to
/// the login page and comes back afterwards; anything else gets a Dutch 401 page.
struct RequireAccount: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let signedIn = request.signedIn else {
            let expired = request.storage[SessionExpiredKey.self] == true
            if request.method == .GET || request.method == .HEAD {
                let back = ReturnPath.query(request.url.path)
                var target = SiteURL.login.path + back
                if expired { target += (back.isEmpty ? "?" : "&") + "verlopen=1" }
                return request.redirect(to: target, redirectType: .normal)
            }
            throw Abort(.unauthorized, reason: expired
                ? "Uw sessie is verlopen omdat u een tijd niets deed. Log opnieuw in; wat u net verstuurde, is niet opgeslagen."
                : "U bent niet ingelogd. Log in om verder te gaan.")
        }
        if signedIn.session.secondFactorPending {
            if request.method == .GET { return request.redirect(to: SiteURL.secondFactor.path) }
            throw Abort(.unauthorized, reason: "Vul eerst de code uit uw authenticator-app in.")
        }
        // A password set by someone else is replaced first: only the account page and logging out work.
        if signedIn.account.mustChangePassword, request.url.path != SiteURL.account.path {
            if request.method == .GET { return request.redirect(to: SiteURL.account.path + "?wijzigen=1") }
            throw Abort(.forbidden, reason: "Kies eerst een eigen wachtwoord op de pagina Mijn account.")
        }
        // The municipality asks two-factor login of everyone: set it up before anything else.
        if !signedIn.account.twoFactorEnabled,
           ![SiteURL.account.path, SiteURL.twoFactorSetup.path].contains(request.url.path),
           try await request.tenantInfo(signedIn.account).requiresTwoFactor {
            if request.method == .GET { return request.redirect(to: SiteURL.twoFactorSetup.path) }
            throw Abort(.forbidden, reason: "Uw gemeente vraagt tweestapsverificatie van elk account. Zet die eerst aan op de pagina Mijn account.")
        }
        let context = try await pageContext(request, signedIn)
        return try await PageContext.$current.withValue(context) {
            try await next.respond(to: request)
        }
    }
}

/// The account bar and form token for pages shown to `signedIn`: normal pages and error pages.
func pageContext(_ request: Request, _ signedIn: SignedIn) async throws -> PageContext {
    let account = signedIn.account
    var links: [(title: String, path: String)] = [("Mijn account", SiteURL.account.path)]
    if account.has(.policyOfficer) { links.insert(("Nieuw plan", SiteURL.newPlan.path), at: 0) }
    // Registers hold personal data: the link is for those who work in them or configure them;
    // the page itself lists only the registers the account is a member of.
    if account.has(.policyOfficer) || account.has(.administrator) || account.has(.partner) {
        links.insert(("Registers", RegisterURL.registers.path), at: links.count - 1)
    }
    if account.has(.administrator) {
        links.append(("Accounts", SiteURL.accounts.path))
        links.append(("Cijfers", SiteURL.figures.path))
    }
    var context = PageContext(accountName: account.displayName, organisationName: try await tenantName(request, account),
                              csrfToken: signedIn.session.csrfToken, links: links)
    context.menu = PageContext.menu(municipality: account.tenant.municipality)
    context.officer = account.has(.policyOfficer) || account.has(.administrator)
    return context
}

/// Refuses every state-changing request without the right CSRF token: the session's token for
/// signed-in requests, the login form's cookie token for the login itself.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else { return try await next.respond(to: request) }
        // The one exception: a beheerder's open-data file, streamed to disk (docs/adr/0009).
        if DataUploadReceiver.isUpload(request) { return try await DataUploadReceiver.respond(to: request, chainingTo: next) }
        // Regie's pages post URL-encoded forms only; anything else is refused before it is read.
        if let type = request.headers.contentType,
           type.type.lowercased() != "application" || type.subType.lowercased() != "x-www-form-urlencoded" {
            throw FormProblem.notAForm
        }
        let maxSize = request.application.routes.defaultMaxBodySize.value
        if let data = request.body.data {
            if data.readableBytes > maxSize { throw Abort(.payloadTooLarge) }
        } else {
            _ = try await request.body.collect(max: maxSize).get()
        }
        // Parsed once, in linear time and with a cap on the fields; handlers read it from here.
        let form = try request.body.data.map { try FormValues(parsing: $0.readableBytesView) } ?? FormValues()
        request.storage[FormValuesKey.self] = form
        let sent = form.one("csrf")
        let expected: String?
        if let signedIn = request.signedIn {
            expected = signedIn.session.csrfToken
        } else {
            // The login form: the cookie and the form must carry the same token, and Regie must
            // have made it (a value planted in the cookie has no valid signature).
            let cookie = request.cookies[Cookies.loginCSRF]?.string
            expected = cookie.flatMap { LoginFormToken.issued($0, key: request.application.keys.loginForm) == nil ? nil : $0 }
        }
        guard let expected, !expected.isEmpty, constantTimeEqual(sent, expected) else { throw Self.refusal }
        return try await next.respond(to: request)
    }

    static var refusal: Abort {
        Abort(.forbidden, reason: "Dit formulier is verlopen of komt niet van Regie, en is daarom niet verwerkt. Ga terug, laad de pagina opnieuw en probeer het nog eens.")
    }
}

/// Password hashing and the login checks, shared by the web and the command line.
public enum Passwords {
    public static func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: 12)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }

    /// A hash to verify against when the account does not exist, so a login for an unknown name
    /// takes as long as one for a known name.
    static let dummyHash: String = (try? Bcrypt.hash("regie-ongebruikt-wachtwoord", cost: 12)) ?? ""

    /// The rule's problems as Dutch sentences.
    public static func messages(_ problems: [PasswordPolicy.Problem]) -> [String] {
        problems.map { problem in
            switch problem {
            case .tooShort(let minimum): "Het wachtwoord moet minstens \(minimum) tekens lang zijn."
            case .tooLong(let maximum): "Het wachtwoord mag hoogstens \(maximum) bytes lang zijn (ongeveer \(maximum) letters)."
            case .tooSimple: "Gebruik drie soorten tekens (kleine letters, hoofdletters, cijfers, leestekens) of maak het wachtwoord 20 tekens of langer, bijvoorbeeld een zin."
            case .containsUsername: "Het wachtwoord mag de gebruikersnaam niet bevatten."
            case .common: "Dit wachtwoord begint met een veelgebruikt woord (zoals welkom of wachtwoord) en is te raden; kies iets anders of maak het langer."
            case .repeated: "Het wachtwoord herhaalt te weinig verschillende tekens."
            }
        }
    }
}

/// Time-based one-time passwords (RFC 6238) as authenticator apps make them: SHA-1, six
/// digits, 30 seconds.
public enum OneTimeCodes {
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base32EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Whether `code` is right for `secret` now, allowing one step of clock difference either way.
    public static func verify(_ code: String, secret: String, at date: Date = Date()) -> Bool {
        step(of: code, secret: secret, at: date) != nil
    }

    /// The RFC 6238 time step (30-second counter) for which `code` is right, looking one step
    /// either way for clock difference; nil when it is right for none. The latest step wins, so
    /// remembering it refuses every earlier code too.
    public static func step(of code: String, secret: String, at date: Date = Date()) -> Int64? {
        let digits = code.filter(\.isNumber)
        guard digits.count == 6, code.count <= 12, let key = Data(base32Encoded: secret) else { return nil }
        let hotp = HOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six)
        let now = Int64((date.timeIntervalSince1970 / 30).rounded(.down))
        return [now + 1, now, now - 1].first { $0 >= 0 && hotp.generate(counter: UInt64($0)) == digits }
    }

    public static func code(secret: String, at date: Date = Date()) -> String? {
        guard let key = Data(base32Encoded: secret) else { return nil }
        return TOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six, interval: 30).generate(time: date)
    }

    public static func uri(secret: String, account: String) -> String {
        let label = "Regie:\(account)".addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ":@.-_"))) ?? account
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=Regie&algorithm=SHA1&digits=6&period=30"
    }
}
