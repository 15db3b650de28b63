import Foundation
import RegieCore
import RegiePersistence
import RegieReports
import Vapor

/// Logging in and out, the second factor, and the account's own page.
struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("inloggen", use: loginForm)
        routes.post("inloggen", use: login)
        routes.get("inloggen", "code", use: secondFactorForm)
        routes.post("inloggen", "code", use: secondFactor)
        routes.post("uitloggen", use: logout)
    }

    /// Routes for signed-in accounts.
    func bootSignedIn(routes: any RoutesBuilder) {
        routes.get("account", use: accountPage)
        routes.post("account", use: changePassword)
        routes.get("account", "tweestapsverificatie", use: twoFactorSetup)
        routes.post("account", "tweestapsverificatie", use: enableTwoFactor)
        routes.post("account", "tweestapsverificatie", "uitzetten", use: disableTwoFactor)
    }

    static let failedMessage = "De gebruikersnaam of het wachtwoord klopt niet, of het account is (tijdelijk) geblokkeerd. Na vijf mislukte pogingen wordt een account een kwartier geblokkeerd."

    func loginForm(_ req: Request) async throws -> Response {
        if req.signedIn != nil, req.signedIn?.session.secondFactorPending == false {
            return req.redirect(to: "/")
        }
        let notice: String? = req.queryValue("verlopen") != nil || req.storage[SessionExpiredKey.self] == true
            ? "Uw sessie is verlopen omdat u een tijd niets deed. Log opnieuw in."
            : (req.queryValue("uitgelogd") != nil ? "U bent uitgelogd." : nil)
        return loginPage(req, LoginPage(notice: notice, returnPath: safeReturn(req.queryValue("terug")), csrf: ""), status: .ok)
    }

    /// Renders the login page with a fresh form token in a cookie (double submit).
    private func loginPage(_ req: Request, _ page: LoginPage, status: HTTPStatus) -> Response {
        var page = page
        // Keep the token of an earlier login page, so a login from an older tab still works.
        let existing = req.cookies[Cookies.loginCSRF]?.string ?? ""
        let token = existing.count >= 40 ? existing : SessionStore.newToken()
        page.csrf = token
        let response = html(page.render(), status: status)
        response.cookies[Cookies.loginCSRF] = Cookies.value(token, secure: req.application.security.secureCookies, maxAge: 3600)
        return response
    }

    func login(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        let username = Account.normalise(username: String(form.one("gebruikersnaam").prefix(200)))
        let password = String(form.one("wachtwoord").prefix(200))
        let returnPath = safeReturn(form.optional("terug"))
        let settings = req.application.security
        let now = Date()

        let found = Account.isValidUsername(username) ? try await req.accounts.account(named: username) : nil
        // Verify against a dummy hash for unknown names, so timing reveals nothing.
        let passwordRight = Passwords.verify(password, hash: found?.1.passwordHash ?? Passwords.dummyHash) && found != nil
        guard let (account, credentials) = found else {
            try await req.accounts.record(AuditEntry(actor: nil, actorName: "onbekende gebruikersnaam", municipalities: [],
                                                     action: .loginFailed, object: ""))
            return loginPage(req, LoginPage(username: username, message: Self.failedMessage, returnPath: returnPath, csrf: ""), status: .unauthorized)
        }
        let municipalities = account.tenant.municipality.map { [$0] } ?? []
        let locked = credentials.lockedUntil.map { $0 > now } ?? false
        if !passwordRight || locked || account.disabled {
            var lockUntil: Date?
            if !passwordRight, !locked, credentials.failedLogins + 1 >= settings.maxFailedLogins {
                lockUntil = now.addingTimeInterval(settings.lockDuration)
            }
            try await req.accounts.recordFailedLogin(
                account.id, lockUntil: lockUntil,
                audit: AuditEntry(actor: account.id, actorName: account.displayName, municipalities: municipalities,
                                  action: lockUntil != nil ? .accountLocked : .loginFailed,
                                  object: locked ? "account is geblokkeerd" : (account.disabled ? "account is uitgeschakeld" : "")))
            return loginPage(req, LoginPage(username: username, message: Self.failedMessage, returnPath: returnPath, csrf: ""), status: .unauthorized)
        }

        // A new session at every login: a session id planted before login is worth nothing.
        if let old = req.signedIn { try await req.sessions.delete(old.session.id) }
        // Ended sessions of everyone are cleared now and then; logins are a good moment.
        try await req.sessions.purge(idleBefore: now.addingTimeInterval(-settings.idleTimeout),
                                     startedBefore: now.addingTimeInterval(-settings.absoluteTimeout))
        let (token, _) = try await req.sessions.create(for: account.id, secondFactorPending: account.twoFactorEnabled)
        let target: String
        if account.twoFactorEnabled {
            target = SiteURL.secondFactor.path + (returnPath.map { "?terug=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? "")
        } else {
            try await req.accounts.recordLogin(account.id, audit: AuditEntry(actor: account.id, actorName: account.displayName,
                                                                             municipalities: municipalities, action: .login, object: ""))
            target = returnPath ?? "/"
        }
        let response = req.redirect(to: target, redirectType: .normal)
        response.cookies[Cookies.session] = Cookies.value(token, secure: settings.secureCookies)
        response.cookies[Cookies.loginCSRF] = Cookies.expired(secure: settings.secureCookies)
        return response
    }

    func secondFactorForm(_ req: Request) async throws -> Response {
        guard let signedIn = req.signedIn, signedIn.session.secondFactorPending else { return req.redirect(to: SiteURL.login.path) }
        let returnPath = safeReturn(req.queryValue("terug"))
        return try await withContext(req, signedIn) { html(SecondFactorPage(returnPath: returnPath).render()) }
    }

    func secondFactor(_ req: Request) async throws -> Response {
        guard let signedIn = req.signedIn, signedIn.session.secondFactorPending,
              let (account, credentials) = try await req.accounts.account(signedIn.account.id), let secret = credentials.totpSecret else {
            throw Abort(.unauthorized, reason: "Log eerst in met uw gebruikersnaam en wachtwoord.")
        }
        let code = try FormValues(req).one("code")
        let municipalities = account.tenant.municipality.map { [$0] } ?? []
        guard OneTimeCodes.verify(code, secret: secret) else {
            let settings = req.application.security
            let lockUntil: Date? = credentials.failedLogins + 1 >= settings.maxFailedLogins ? Date().addingTimeInterval(settings.lockDuration) : nil
            try await req.accounts.recordFailedLogin(account.id, lockUntil: lockUntil, audit: AuditEntry(
                actor: account.id, actorName: account.displayName, municipalities: municipalities,
                action: lockUntil != nil ? .accountLocked : .loginFailed, object: "verkeerde code"))
            if lockUntil != nil {
                try await req.sessions.delete(signedIn.session.id)
                throw Abort(.unauthorized, reason: Self.failedMessage)
            }
            let returnPath = safeReturn(req.queryValue("terug"))
            return try await withContext(req, signedIn) {
                html(SecondFactorPage(message: "Deze code klopt niet. Let op: een code geldt maar 30 seconden.", returnPath: returnPath).render(),
                     status: .unauthorized)
            }
        }
        try await req.sessions.completeSecondFactor(signedIn.session.id)
        try await req.accounts.recordLogin(account.id, audit: AuditEntry(actor: account.id, actorName: account.displayName,
                                                                         municipalities: municipalities, action: .login, object: "met tweestapsverificatie"))
        return req.redirect(to: safeReturn(req.queryValue("terug")) ?? "/", redirectType: .normal)
    }

    func logout(_ req: Request) async throws -> Response {
        if let signedIn = req.signedIn {
            try await req.sessions.delete(signedIn.session.id)
            try await req.accounts.record(AuditEntry(actor: signedIn.account.id, actorName: signedIn.account.displayName,
                                                     municipalities: signedIn.account.tenant.municipality.map { [$0] } ?? [],
                                                     action: .logout, object: ""))
        }
        let response = req.redirect(to: SiteURL.login.path + "?uitgelogd=1", redirectType: .normal)
        response.cookies[Cookies.session] = Cookies.expired(secure: req.application.security.secureCookies)
        return response
    }

    // MARK: Own account

    func accountPage(_ req: Request) async throws -> Response {
        let account = try req.account
        let notice = account.mustChangePassword
            ? "Uw wachtwoord is door de beheerder ingesteld. Kies nu een eigen wachtwoord; daarna kunt u verder."
            : req.queryValue("gewijzigd").map { _ in "Uw wachtwoord is gewijzigd." }
            ?? req.queryValue("tweestaps").map { $0 == "aan" ? "Tweestapsverificatie staat aan." : "Tweestapsverificatie staat uit." }
        return html(AccountPage(account: account, tenantName: try await tenantName(req, account), notice: notice).render())
    }

    func changePassword(_ req: Request) async throws -> Response {
        let account = try req.account
        let form = try FormValues(req)
        guard let (_, credentials) = try await req.accounts.account(account.id) else { throw Abort(.unauthorized) }
        var errors: [String: String] = [:]
        if !Passwords.verify(form.one("huidig"), hash: credentials.passwordHash) {
            errors["huidig"] = "Uw huidige wachtwoord klopt niet."
        }
        let new = form.one("nieuw")
        let problems = Passwords.messages(PasswordPolicy.problems(new, username: account.username))
        if !problems.isEmpty { errors["nieuw"] = problems.joined(separator: " ") }
        if new != form.one("herhaling") { errors["herhaling"] = "De herhaling is niet gelijk aan het nieuwe wachtwoord." }
        guard errors.isEmpty else {
            return html(AccountPage(account: account, tenantName: try await tenantName(req, account), errors: errors).render(),
                        status: .unprocessableEntity)
        }
        try await req.accounts.setPasswordHash(account.id, try Passwords.hash(new), mustChange: false, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .passwordChanged, object: "eigen account \(account.username)"))
        // Every session ended with the new password; start a fresh one for this browser.
        let (token, _) = try await req.sessions.create(for: account.id, secondFactorPending: false)
        let response = req.redirect(to: SiteURL.account.path + "?gewijzigd=1", redirectType: .normal)
        response.cookies[Cookies.session] = Cookies.value(token, secure: req.application.security.secureCookies)
        return response
    }

    func twoFactorSetup(_ req: Request) async throws -> Response {
        let account = try req.account
        let secret = OneTimeCodes.newSecret()
        let required = try await req.tenantInfo(account).requiresTwoFactor
        let notice = required && !account.twoFactorEnabled
            ? "Uw gemeente vraagt tweestapsverificatie van elk account. Stel die nu in; daarna kunt u verder." : nil
        return html(AccountPage(account: account, tenantName: try await tenantName(req, account), notice: notice,
                                newSecret: (secret, OneTimeCodes.uri(secret: secret, account: account.username))).render())
    }

    func enableTwoFactor(_ req: Request) async throws -> Response {
        let account = try req.account
        let form = try FormValues(req)
        let secret = form.one("sleutel").filter { $0.isLetter || $0.isNumber }.uppercased()
        guard secret.count >= 26, Data(base32Encoded: secret) != nil else {
            throw Abort(.badRequest, reason: "De sleutel in het formulier is beschadigd. Begin opnieuw bij Mijn account.")
        }
        guard OneTimeCodes.verify(form.one("code"), secret: secret) else {
            return html(AccountPage(account: account, tenantName: try await tenantName(req, account),
                                    errors: ["code": "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en typ de code die nu in de app staat."],
                                    newSecret: (secret, OneTimeCodes.uri(secret: secret, account: account.username))).render(),
                        status: .unprocessableEntity)
        }
        try await req.accounts.setTOTPSecret(account.id, secret, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .twoFactorEnabled, object: "eigen account \(account.username)"))
        return req.redirect(to: SiteURL.account.path + "?tweestaps=aan", redirectType: .normal)
    }

    func disableTwoFactor(_ req: Request) async throws -> Response {
        let account = try req.account
        if try await req.tenantInfo(account).requiresTwoFactor {
            throw Abort(.forbidden, reason: "Uw gemeente vraagt tweestapsverificatie van elk account; u kunt die daarom niet uitzetten.")
        }
        try await req.accounts.setTOTPSecret(account.id, nil, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .twoFactorDisabled, object: "eigen account \(account.username)"))
        return req.redirect(to: SiteURL.account.path + "?tweestaps=uit", redirectType: .normal)
    }

    // MARK: Helpers

    /// Only paths on this site: `/…` but not `//host` or `/\host`.
    private func safeReturn(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.count < 500,
              !path.hasPrefix("/inloggen"), !path.hasPrefix("/uitloggen") else { return nil }
        return path
    }

    private func withContext(_ req: Request, _ signedIn: SignedIn, _ body: () throws -> Response) async throws -> Response {
        let organisation = try await tenantName(req, signedIn.account)
        return try PageContext.$current.withValue(PageContext(accountName: signedIn.account.displayName, organisationName: organisation,
                                                              csrfToken: signedIn.session.csrfToken)) { try body() }
    }
}

func tenantName(_ req: Request, _ account: Account) async throws -> String {
    try await req.tenantInfo(account).name
}

func html(_ body: String, status: HTTPStatus = .ok) -> Response {
    let response = Response(status: status, body: .init(string: body))
    response.headers.contentType = .html
    return response
}
