import Foundation
import RegieCore
import RegieReports
import Vapor

/// The beheerder's pages: the accounts of its municipality and its audit trail.
struct AdminController {
    func boot(routes: any RoutesBuilder) {
        let admin = routes.grouped("beheer")
        admin.get("accounts", use: accounts)
        admin.post("accounts", "nieuw", use: create)
        admin.post("accounts", ":id", "wachtwoord", use: resetPassword)
        admin.post("accounts", ":id", ":action", use: setEnabled)
        admin.get("logboek", use: auditTrail)
        admin.post("tweestapsverificatie", use: setTwoFactorRequired)
    }

    /// The municipality this beheerder manages; 403 for everyone else.
    private func managed(_ req: Request) throws -> (Account, MunicipalityCode) {
        let account = try req.account
        guard let code = account.tenant.municipality, AccessPolicy.mayManageAccounts(account, of: .municipality(code)) else {
            throw Abort(.forbidden, reason: "Alleen een beheerder van de gemeente kan accounts beheren en het logboek lezen.")
        }
        return (account, code)
    }

    func accounts(_ req: Request) async throws -> Response {
        let (account, code) = try managed(req)
        let notice = req.queryValue("gemaakt").map { _ in "Het account is aangemaakt." }
            ?? req.queryValue("gewijzigd").map { _ in "Het account is bijgewerkt." }
        return html(AccountsPage(tenantName: try await tenantName(req, account),
                                 accounts: try await req.accounts.accounts(of: .municipality(code)), notice: notice,
                                 twoFactorRequired: try await req.accounts.requiresTwoFactor(code)).render())
    }

    func create(_ req: Request) async throws -> Response {
        let (admin, code) = try managed(req)
        let values = try FormValues(req)
        let form = NewAccountForm(displayName: values.one("naam").trimmingCharacters(in: .whitespaces),
                                  username: Account.normalise(username: values.one("gebruikersnaam")),
                                  roles: Set(values.all("rollen").compactMap(Role.init(rawValue:))))
        var errors: [String: String] = [:]
        for problem in AccountProblem.check(username: form.username, displayName: form.displayName,
                                            tenant: .municipality(code), roles: form.roles) {
            switch problem {
            case .usernameInvalid: errors["gebruikersnaam"] = "Gebruik 3 tot 64 tekens: kleine letters, cijfers en . - _ @."
            case .displayNameEmpty: errors["naam"] = "Vul de naam van de medewerker in."
            case .noRoles: errors["rollen"] = "Kies minstens één rol."
            case .roleDoesNotFitTenant(let role): errors["rollen"] = "De rol \(role.label) hoort bij accounts van partnerorganisaties; die maakt de applicatiebeheerder aan."
            }
        }
        if let tooLong = FormField.tooLongMessage(values.one("naam"), maximum: 200) { errors["naam"] = tooLong }
        if let problem = FormField.textMessage(values.one("naam"), multiline: false) { errors["naam"] = problem }
        let password = values.one("wachtwoord")
        let problems = Passwords.messages(PasswordPolicy.problems(password, username: form.username))
        if !problems.isEmpty { errors["wachtwoord"] = problems.joined(separator: " ") }
        func refuse(_ errors: [String: String], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            var failed = form
            failed.errors = errors
            return html(AccountsPage(tenantName: try await tenantName(req, admin),
                                     accounts: try await req.accounts.accounts(of: .municipality(code)), form: failed,
                                     twoFactorRequired: try await req.accounts.requiresTwoFactor(code)).render(),
                        status: status)
        }
        guard errors.isEmpty else { return try await refuse(errors) }
        // User names are global (one-field login), so whether a name is taken says something about
        // other municipalities too. The refusal is the same wherever the name is taken, it is
        // written to the trail, and after a few in a day this beheerder makes no accounts until
        // the next day, whatever the name (docs/adr/0008).
        let settings = req.application.security
        if try await req.accounts.auditCount(by: admin.id, action: .usernameRefused, since: Date().addingTimeInterval(-24 * 3600))
            >= settings.maxRefusedUsernamesPerDay {
            return try await refuse(["gebruikersnaam": "U heeft vandaag al \(settings.maxRefusedUsernamesPerDay) keer een gebruikersnaam gekozen die niet beschikbaar is. Daarom kunt u tot morgen geen accounts aanmaken; vraag het zo nodig de applicatiebeheerder."],
                                     status: .tooManyRequests)
        }
        // The first password comes from the beheerder: the new colleague chooses their own at the first login.
        let account = Account(id: UUID(), username: form.username, displayName: form.displayName, tenant: .municipality(code),
                              roles: form.roles, mustChangePassword: true)
        do {
            if try await req.accounts.account(named: form.username) != nil { throw AccountStoreError.usernameTaken(form.username) }
            try await req.accounts.create(account, passwordHash: try Passwords.hash(password), audit: AuditEntry(
                actor: admin.id, actorName: admin.displayName, municipalities: [code], action: .accountCreated,
                object: "account \(account.username)", subject: account.id,
                after: [AuditValue("Naam", account.displayName), AuditValue("Gebruikersnaam", account.username),
                        AuditValue("Rollen", account.roles.sorted().map(\.label).joined(separator: ", "))]))
        } catch AccountStoreError.usernameTaken {
            try await req.accounts.record(AuditEntry(actor: admin.id, actorName: admin.displayName, municipalities: [code],
                                                     action: .usernameRefused, object: "gebruikersnaam \(form.username)"))
            return try await refuse(["gebruikersnaam": "Deze gebruikersnaam is niet beschikbaar; kies een andere, bijvoorbeeld het e-mailadres van de medewerker."])
        }
        // No user name in the address: addresses end up in logs.
        return req.redirect(to: SiteURL.accounts.path + "?gemaakt=1", redirectType: .normal)
    }

    func setEnabled(_ req: Request) async throws -> Response {
        let (admin, code) = try managed(req)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let action = req.parameters.get("action"), ["uitschakelen", "inschakelen"].contains(action) else {
            throw Abort(.notFound, reason: "Dit account bestaat niet.")
        }
        // Scoped: an account of another municipality is as good as absent.
        guard let (account, _) = try await req.accounts.account(id), account.tenant == .municipality(code) else {
            throw Abort(.notFound, reason: "Dit account bestaat niet.")
        }
        let disable = action == "uitschakelen"
        if disable, account.id == admin.id {
            throw Abort(.badRequest, reason: "U kunt uw eigen account niet uitschakelen; vraag dat een andere beheerder.")
        }
        try await req.accounts.setDisabled(id, disable, audit: AuditEntry(
            actor: admin.id, actorName: admin.displayName, municipalities: [code],
            action: disable ? .accountDisabled : .accountEnabled, object: "account \(account.username)", subject: account.id,
            before: [AuditValue("Status", account.disabled ? "uitgeschakeld" : "actief")],
            after: [AuditValue("Status", disable ? "uitgeschakeld" : "actief")]))
        return req.redirect(to: SiteURL.accounts.path + "?gewijzigd=1", redirectType: .normal)
    }

    /// Sets a temporary password for a colleague who forgot theirs; they must replace it at the
    /// next login, and every session of the account ends now.
    func resetPassword(_ req: Request) async throws -> Response {
        let (admin, code) = try managed(req)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let (account, _) = try await req.accounts.account(id), account.tenant == .municipality(code) else {
            throw Abort(.notFound, reason: "Dit account bestaat niet.")
        }
        let password = try FormValues(req).one("tijdelijk-wachtwoord")
        let problems = Passwords.messages(PasswordPolicy.problems(password, username: account.username))
        guard problems.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "Het tijdelijke wachtwoord voor \(account.displayName) is niet ingesteld: " + problems.joined(separator: " ")
                        + " Ga terug naar de accounts en probeer het opnieuw.")
        }
        // Recorded as a reset of that account by this beheerder: the account's holder sees it, with
        // the name and time, at the next login and on their account page.
        try await req.accounts.setPasswordHash(id, try Passwords.hash(password), mustChange: true, audit: AuditEntry(
            actor: admin.id, actorName: admin.displayName, municipalities: [code], action: .passwordReset,
            object: "account \(account.username): tijdelijk wachtwoord ingesteld door de beheerder", subject: account.id))
        return req.redirect(to: SiteURL.accounts.path + "?gewijzigd=1", redirectType: .normal)
    }

    /// Turns the requirement of two-factor login for every account of the municipality on or off.
    func setTwoFactorRequired(_ req: Request) async throws -> Response {
        let (admin, code) = try managed(req)
        let required = try FormValues(req).one("verplicht") == "ja"
        let before = try await req.accounts.requiresTwoFactor(code)
        try await req.accounts.setRequiresTwoFactor(code, required, audit: AuditEntry(
            actor: admin.id, actorName: admin.displayName, municipalities: [code], action: required ? .twoFactorEnabled : .twoFactorDisabled,
            object: "tweestapsverificatie voor alle accounts van de gemeente",
            before: [AuditValue("Verplicht", before ? "ja" : "nee")], after: [AuditValue("Verplicht", required ? "ja" : "nee")]))
        return req.redirect(to: SiteURL.accounts.path + "?gewijzigd=1", redirectType: .normal)
    }

    /// The trail of the municipality, newest 300, with a check of the whole chain (from the
    /// verified-up-to marker on, and every entry again once a day) and of its anchors.
    func auditTrail(_ req: Request) async throws -> Response {
        let (account, code) = try managed(req)
        let status = try await req.accounts.auditChainStatus(fullCheckAfter: req.application.security.fullAuditCheckInterval)
        if !status.check.intact {
            req.logger.critical("audit chain broken: first problem at \(status.check.firstProblem?.sequence ?? 0), \(status.check.anchorProblems.count) anchor problems")
        }
        return html(AuditTrailPage(tenantName: try await tenantName(req, account),
                                   entries: try await req.accounts.auditTrail(for: code, limit: 300), chain: status).render())
    }
}
