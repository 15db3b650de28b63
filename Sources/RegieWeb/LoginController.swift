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
        routes.post("account", "email", use: setEmail)
        routes.get("account", "tweestapsverificatie", use: twoFactorSetup)
        routes.post("account", "tweestapsverificatie", use: enableTwoFactor)
        routes.post("account", "tweestapsverificatie", "uitzetten", use: disableTwoFactor)
    }

    static let failedMessage = "De gebruikersnaam of het wachtwoord klopt niet, of het account is (tijdelijk) geblokkeerd. Na vijf mislukte pogingen wordt een account een kwartier geblokkeerd."
    static let wrongCodeMessage = "Deze code klopt niet. Let op: een code geldt maar 30 seconden."
    static let usedCodeMessage = "Deze code is al gebruikt; een code werkt maar één keer. Wacht tot de app een nieuwe code toont en typ die."
    static let lockedMessage = "Uw account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over een kwartier opnieuw."

    func loginForm(_ req: Request) async throws -> Response {
        if req.signedIn != nil, req.signedIn?.session.secondFactorPending == false {
            return req.redirect(to: "/")
        }
        let notice: String? = req.queryValue("verlopen") != nil || req.storage[SessionExpiredKey.self] == true
            ? "Uw sessie is verlopen omdat u een tijd niets deed. Log opnieuw in."
            : (req.queryValue("uitgelogd") != nil ? "U bent uitgelogd." : nil)
        return loginPage(req, LoginPage(notice: notice, returnPath: ReturnPath.validated(req.queryValue("terug")), csrf: ""), status: .ok)
    }

    /// Renders the login page with its form token in a cookie (double submit). The token is made
    /// by Regie and signed; the one of an earlier login page is kept while it is valid, so a login
    /// from an older tab still works, but a cookie value Regie did not make is replaced.
    private func loginPage(_ req: Request, _ page: LoginPage, status: HTTPStatus) -> Response {
        var page = page
        let key = req.application.keys.loginForm
        let now = Date()
        let token: String
        if let existing = req.cookies[Cookies.loginCSRF]?.string, let issued = LoginFormToken.issued(existing, key: key, now: now),
           now.timeIntervalSince(issued) < LoginFormToken.lifetime - LoginFormToken.renewBefore {
            token = existing
        } else {
            token = LoginFormToken.make(key: key, at: now)
        }
        page.csrf = token
        let response = html(page.render(), status: status)
        response.cookies[Cookies.loginCSRF] = Cookies.value(token, secure: req.application.security.secureCookies,
                                                            maxAge: Int(LoginFormToken.lifetime))
        return response
    }

    /// The client's address as a throttling key; a 429 before any password or code is checked
    /// when that address failed too often.
    private func admit(_ req: Request) throws -> String {
        let settings = req.application.security
        let address = ClientAddress.key(of: req, trustedProxies: req.application.trustedProxies)
        if let seconds = req.application.loginThrottle.retryAfter(address, limit: settings.maxFailedLoginsPerAddress,
                                                                   window: settings.addressWindow) {
            let minutes = max(1, (seconds + 59) / 60)
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(seconds)],
                        reason: "Vanaf uw adres is te vaak zonder succes geprobeerd in te loggen. Wacht \(minutes == 1 ? "een minuut" : "\(minutes) minuten") en probeer het dan opnieuw. Weet u uw wachtwoord niet meer? Vraag de beheerder van uw gemeente om een tijdelijk wachtwoord.")
        }
        return address
    }

    private func countFailure(_ req: Request, _ address: String) {
        req.application.loginThrottle.recordFailure(address, window: req.application.security.addressWindow)
    }

    func login(_ req: Request) async throws -> Response {
        let address = try admit(req)
        let form = try FormValues(req)
        let username = Account.normalise(username: String(form.one("gebruikersnaam").prefix(200)))
        let password = String(form.one("wachtwoord").prefix(200))
        let returnPath = ReturnPath.validated(form.optional("terug"))
        let settings = req.application.security
        let now = Date()

        let found = Account.isValidUsername(username) ? try await req.accounts.account(named: username) : nil
        // Verify against a dummy hash for unknown names, so timing reveals nothing.
        let passwordRight = Passwords.verify(password, hash: found?.1.passwordHash ?? Passwords.dummyHash) && found != nil
        guard let (account, credentials) = found else {
            countFailure(req, address)
            // Counted, not an entry each: guessing names cannot flood the trail.
            try await req.accounts.recordUnknownLogin(at: now)
            return loginPage(req, LoginPage(username: username, message: Self.failedMessage, returnPath: returnPath, csrf: ""), status: .unauthorized)
        }
        let municipalities = account.tenant.municipality.map { [$0] } ?? []
        let locked = credentials.isLocked(at: now)
        if !passwordRight || locked || account.disabled {
            countFailure(req, address)
            var lockUntil: Date?
            if !passwordRight, !locked, credentials.failedLogins + 1 >= settings.maxFailedLogins {
                lockUntil = now.addingTimeInterval(settings.lockDuration)
            }
            try await req.accounts.recordFailedLogin(
                account.id, lockUntil: lockUntil,
                audit: AuditEntry(actor: account.id, actorName: account.displayName, municipalities: municipalities,
                                  action: lockUntil != nil ? .accountLocked : .loginFailed,
                                  object: locked ? "account is geblokkeerd" : (account.disabled ? "account is uitgeschakeld" : ""),
                                  subject: account.id))
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
            target = SiteURL.secondFactor.path + ReturnPath.query(returnPath)
        } else {
            target = try await completeLogin(req, account, returnPath: returnPath, object: "")
        }
        let response = req.redirect(to: target, redirectType: .normal)
        response.cookies[Cookies.session] = Cookies.value(token, secure: settings.secureCookies)
        response.cookies[Cookies.loginCSRF] = Cookies.expired(secure: settings.secureCookies)
        return response
    }

    /// Records a completed login and says where to go: the page asked for, or first the account
    /// page when someone else set the account's password since its previous login (it shows who).
    private func completeLogin(_ req: Request, _ account: Account, returnPath: String?, object: String) async throws -> String {
        try await req.accounts.recordLogin(account.id, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .login, object: object, subject: account.id))
        if let reset = try await resetsByOthers(req, account).first, reset.at > (account.lastLogin ?? .distantPast) {
            return SiteURL.account.path
        }
        return returnPath ?? "/"
    }

    /// Passwords of `account` set by someone else (a beheerder, the command line), newest first.
    private func resetsByOthers(_ req: Request, _ account: Account) async throws -> [AuditEntry] {
        try await req.accounts.auditTrail(about: account.id, byOthers: true, limit: 50).map(\.entry)
            .filter { $0.action == .passwordReset }
    }

    func secondFactorForm(_ req: Request) async throws -> Response {
        guard let signedIn = req.signedIn, signedIn.session.secondFactorPending else { return req.redirect(to: SiteURL.login.path) }
        let returnPath = ReturnPath.validated(req.queryValue("terug"))
        return try await withContext(req, signedIn) { html(SecondFactorPage(returnPath: returnPath).render()) }
    }

    func secondFactor(_ req: Request) async throws -> Response {
        let address = try admit(req)
        guard let signedIn = req.signedIn, signedIn.session.secondFactorPending,
              let (account, credentials) = try await req.accounts.account(signedIn.account.id), let secret = credentials.totpSecret else {
            throw Abort(.unauthorized, reason: "Log eerst in met uw gebruikersnaam en wachtwoord.")
        }
        let now = Date()
        let code = try FormValues(req).one("code")
        let municipalities = account.tenant.municipality.map { [$0] } ?? []
        let returnPath = ReturnPath.validated(req.queryValue("terug"))
        // A lock binds the account, not one session: while it lasts no code counts, right or wrong,
        // and the waiting session ends.
        if credentials.isLocked(at: now) {
            countFailure(req, address)
            try await req.sessions.delete(signedIn.session.id)
            try await req.accounts.record(AuditEntry(actor: account.id, actorName: account.displayName, municipalities: municipalities,
                                                     action: .loginFailed, object: "code tijdens blokkade", subject: account.id))
            throw Abort(.unauthorized, reason: Self.failedMessage)
        }
        // A code works once: its time step must be later than the last one accepted.
        let step = OneTimeCodes.step(of: code, secret: secret, at: now)
        let fresh = if let step { try await req.accounts.useOneTimeStep(account.id, step: step) } else { false }
        guard fresh else {
            countFailure(req, address)
            let settings = req.application.security
            let lockUntil: Date? = credentials.failedLogins + 1 >= settings.maxFailedLogins ? now.addingTimeInterval(settings.lockDuration) : nil
            try await req.accounts.recordFailedLogin(account.id, lockUntil: lockUntil, audit: AuditEntry(
                actor: account.id, actorName: account.displayName, municipalities: municipalities,
                action: lockUntil != nil ? .accountLocked : .loginFailed, object: step == nil ? "verkeerde code" : "code opnieuw gebruikt",
                subject: account.id))
            if lockUntil != nil {
                // The lock has ended every waiting session of the account, this one too.
                throw Abort(.unauthorized, reason: Self.failedMessage)
            }
            return try await withContext(req, signedIn) {
                html(SecondFactorPage(message: step == nil ? Self.wrongCodeMessage : Self.usedCodeMessage, returnPath: returnPath).render(),
                     status: .unauthorized)
            }
        }
        try await req.sessions.completeSecondFactor(signedIn.session.id)
        let target = try await completeLogin(req, account, returnPath: returnPath, object: "met tweestapsverificatie")
        return req.redirect(to: target, redirectType: .normal)
    }

    func logout(_ req: Request) async throws -> Response {
        if let signedIn = req.signedIn {
            try await req.sessions.delete(signedIn.session.id)
            try await req.accounts.record(AuditEntry(actor: signedIn.account.id, actorName: signedIn.account.displayName,
                                                     municipalities: signedIn.account.tenant.municipality.map { [$0] } ?? [],
                                                     action: .logout, object: "", subject: signedIn.account.id))
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
            ?? req.queryValue("email").map { $0 == "uit" ? "U krijgt geen herinneringen per e-mail meer." : "Uw e-mailadres voor herinneringen is opgeslagen." }
        return html(try await accountPage(req, account, notice: notice).render())
    }

    /// The account page with what others did to the account (from the trail) and, for 30 days,
    /// a warning about a password someone else set.
    private func accountPage(_ req: Request, _ account: Account, notice: String? = nil, errors: [String: String] = [:],
                             newSecret: (secret: String, uri: String)? = nil) async throws -> AccountPage {
        let byOthers = try await req.accounts.auditTrail(about: account.id, byOthers: true, limit: 50).map(\.entry)
        let warning = byOthers.first { $0.action == .passwordReset && Date().timeIntervalSince($0.at) < 30 * 24 * 3600 }
            .map(AuditTexts.resetNotice)
        let email = try await req.accounts.email(of: account.id)
        return AccountPage(account: account, tenantName: try await tenantName(req, account), notice: notice, warning: warning,
                           errors: errors, newSecret: newSecret, history: Array(byOthers.prefix(10)), email: email)
    }

    /// Sets or removes the address for the weekly reminders. The address is personal data: the
    /// audit trail says that it changed, not what it is.
    func setEmail(_ req: Request) async throws -> Response {
        let account = try req.account
        let typed = try FormValues(req).one("email").trimmingCharacters(in: .whitespacesAndNewlines)
        if !typed.isEmpty, !Self.isEmailAddress(typed) {
            return html(try await accountPage(req, account, errors: ["email": "\u{201C}\(typed.prefix(80))\u{201D} is geen e-mailadres. Schrijf bijvoorbeeld naam@gemeente.nl."]).render(),
                        status: .unprocessableEntity)
        }
        let municipalities = account.tenant.municipality.map { [$0] } ?? []
        try await req.accounts.setEmail(account.id, typed.isEmpty ? nil : typed, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: municipalities, action: .emailChanged,
            object: "eigen account", subject: account.id, after: [AuditValue("E-mailadres", typed.isEmpty ? "verwijderd" : "ingesteld")]))
        return req.redirect(to: SiteURL.account.path + "?email=" + (typed.isEmpty ? "uit" : "aan"), redirectType: .normal)
    }

    /// A plain check: one @, a dot in the domain, no spaces or angle brackets, at most 254 characters.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || "<>()[],;:\\\"".contains($0) }
    }

    enum CurrentPassword { case right, wrong, locked }

    /// The current password, checked for a form of the signed-in account; a wrong one counts as
    /// a failed login (so a taken-over session cannot guess it without limit), and while the
    /// account is locked none is checked.
    private func checkCurrentPassword(_ req: Request, _ account: Account, _ credentials: AccountCredentials,
                                      _ password: String, what: String) async throws -> CurrentPassword {
        if credentials.isLocked(at: Date()) { return .locked }
        if Passwords.verify(password, hash: credentials.passwordHash) { return .right }
        try await recordFormFailure(req, account, credentials, what: what)
        return .wrong
    }

    private func recordFormFailure(_ req: Request, _ account: Account, _ credentials: AccountCredentials, what: String) async throws {
        let settings = req.application.security
        let lockUntil: Date? = credentials.failedLogins + 1 >= settings.maxFailedLogins ? Date().addingTimeInterval(settings.lockDuration) : nil
        try await req.accounts.recordFailedLogin(account.id, lockUntil: lockUntil, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: lockUntil != nil ? .accountLocked : .loginFailed, object: what, subject: account.id))
    }

    func changePassword(_ req: Request) async throws -> Response {
        let account = try req.account
        let form = try FormValues(req)
        guard let (_, credentials) = try await req.accounts.account(account.id) else { throw Abort(.unauthorized) }
        var errors: [String: String] = [:]
        switch try await checkCurrentPassword(req, account, credentials, form.one("huidig"), what: "wachtwoord wijzigen: huidig wachtwoord klopt niet") {
        case .right: break
        case .wrong: errors["huidig"] = "Uw huidige wachtwoord klopt niet."
        case .locked: errors["huidig"] = Self.lockedMessage
        }
        let new = form.one("nieuw")
        let problems = Passwords.messages(PasswordPolicy.problems(new, username: account.username))
        if !problems.isEmpty { errors["nieuw"] = problems.joined(separator: " ") }
        if new != form.one("herhaling") { errors["herhaling"] = "De herhaling is niet gelijk aan het nieuwe wachtwoord." }
        guard errors.isEmpty else {
            return html(try await accountPage(req, account, errors: errors).render(), status: .unprocessableEntity)
        }
        try await req.accounts.setPasswordHash(account.id, try Passwords.hash(new), mustChange: false, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .passwordChanged, object: "eigen account \(account.username)", subject: account.id))
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
        return html(try await accountPage(req, account, notice: notice,
                                          newSecret: (secret, OneTimeCodes.uri(secret: secret, account: account.username))).render())
    }

    func enableTwoFactor(_ req: Request) async throws -> Response {
        let account = try req.account
        let form = try FormValues(req)
        let secret = form.one("sleutel").filter { $0.isLetter || $0.isNumber }.uppercased()
        guard secret.count >= 26, Data(base32Encoded: secret) != nil else {
            throw Abort(.badRequest, reason: "De sleutel in het formulier is beschadigd. Begin opnieuw bij Mijn account.")
        }
        guard let step = OneTimeCodes.step(of: form.one("code"), secret: secret) else {
            return html(try await accountPage(req, account, errors: ["code": "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en typ de code die nu in de app staat."],
                                              newSecret: (secret, OneTimeCodes.uri(secret: secret, account: account.username))).render(),
                        status: .unprocessableEntity)
        }
        // The code that confirmed the set-up is used: it cannot log in afterwards.
        try await req.accounts.setTOTPSecret(account.id, secret, acceptedStep: step, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .twoFactorEnabled, object: "eigen account \(account.username)", subject: account.id))
        return req.redirect(to: SiteURL.account.path + "?tweestaps=aan", redirectType: .normal)
    }

    /// Turning two-factor login off asks for the password and a current code: a session that was
    /// taken over, or a browser left open, is not enough to remove the second factor.
    func disableTwoFactor(_ req: Request) async throws -> Response {
        let account = try req.account
        if try await req.tenantInfo(account).requiresTwoFactor {
            throw Abort(.forbidden, reason: "Uw gemeente vraagt tweestapsverificatie van elk account; u kunt die daarom niet uitzetten.")
        }
        guard account.twoFactorEnabled, let (_, credentials) = try await req.accounts.account(account.id), let secret = credentials.totpSecret else {
            throw Abort(.badRequest, reason: "Tweestapsverificatie staat voor uw account niet aan; er is niets uit te zetten.")
        }
        let form = try FormValues(req)
        var errors: [String: String] = [:]
        switch try await checkCurrentPassword(req, account, credentials, form.one("wachtwoord"), what: "tweestapsverificatie uitzetten: wachtwoord klopt niet") {
        case .wrong: errors["wachtwoord"] = "Uw wachtwoord klopt niet."
        case .locked: errors["wachtwoord"] = Self.lockedMessage
        case .right:
            if let step = OneTimeCodes.step(of: form.one("code"), secret: secret) {
                if try await !req.accounts.useOneTimeStep(account.id, step: step) { errors["code"] = Self.usedCodeMessage }
            } else {
                errors["code"] = "Deze code klopt niet. Typ de code die nu in uw authenticator-app staat."
            }
        }
        if errors["code"] != nil { try await recordFormFailure(req, account, credentials, what: "tweestapsverificatie uitzetten: code klopt niet") }
        guard errors.isEmpty else {
            return html(try await accountPage(req, account, errors: errors).render(), status: .unprocessableEntity)
        }
        try await req.accounts.setTOTPSecret(account.id, nil, acceptedStep: nil, audit: AuditEntry(
            actor: account.id, actorName: account.displayName, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: .twoFactorDisabled, object: "eigen account \(account.username)", subject: account.id))
        return req.redirect(to: SiteURL.account.path + "?tweestaps=uit", redirectType: .normal)
    }

    // MARK: Helpers

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
