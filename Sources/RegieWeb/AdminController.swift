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
        if values.one("naam").count > 200 { errors["naam"] = "De naam mag hoogstens 200 tekens lang zijn." }
        if let problem = FormField.textMessage(values.one("naam"), multiline: false) { errors["naam"] = problem }
        let password = values.one("wachtwoord")
        let problems = Passwords.messages(PasswordPolicy.problems(password, username: form.username))
        if !problems.isEmpty { errors["wachtwoord"] = problems.joined(separator: " ") }
        if errors.isEmpty, try await req.accounts.account(named: form.username) != nil {
            errors["gebruikersnaam"] = "Deze gebruikersnaam bestaat al; kies een andere."
        }
        guard errors.isEmpty else {
            var failed = form
            failed.errors = errors
            return html(AccountsPage(tenantName: try await tenantName(req, admin),
                                     accounts: try await req.accounts.accounts(of: .municipality(code)), form: failed,
                                     twoFactorRequired: try await req.accounts.requiresTwoFactor(code)).render(),
                        status: .unprocessableEntity)
        }
        // The first password comes from the beheerder: the new colleague chooses their own at the first login.
        let account = Account(id: UUID(), username: form.username, displayName: form.displayName, tenant: .municipality(code),
                              roles: form.roles, mustChangePassword: true)
        try await req.accounts.create(account, passwordHash: try Passwords.hash(password), audit: AuditEntry(
            actor: admin.id, actorName: admin.displayName, municipalities: [code], action: .accountCreated,
            object: "account \(account.username)",
            after: [AuditValue("Naam", account.displayName), AuditValue("Gebruikersnaam", account.username),
                    AuditValue("Rollen", account.roles.sorted().map(\.label).joined(separator: ", "))]))
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
            action: disable ? .accountDisabled : .accountEnabled, object: "account \(account.username)",
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
        try await req.accounts.setPasswordHash(id, try Passwords.hash(password), mustChange: true, audit: AuditEntry(
            actor: admin.id, actorName: admin.displayName, municipalities: [code], action: .passwordChanged,
            object: "account \(account.username): tijdelijk wachtwoord ingesteld door de beheerder"))
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

    func auditTrail(_ req: Request) async throws -> Response {
        let (account, code) = try managed(req)
        return html(AuditTrailPage(tenantName: try await tenantName(req, account),
                                   entries: try await req.accounts.auditTrail(for: code, limit: 300)).render())
    }
}
