import Foundation
import RegieHTML
import RegieCore

extension Role {
    public var label: String {
        switch self {
        case .administrator: "beheerder"
        case .policyOfficer: "beleidsmedewerker"
        case .partner: "partner"
        case .reader: "lezer (raadslid)"
        }
    }

    public var explanation: String {
        switch self {
        case .administrator: "beheert de accounts van de gemeente en leest het logboek"
        case .policyOfficer: "schrijft en onderhoudt de plannen van de gemeente en haar samenwerkingsverbanden"
        case .partner: "ziet wat plannen met partners delen en werkt de voortgang bij van acties die de eigen organisatie trekt"
        case .reader: "leest vastgestelde plannen"
        }
    }
}

/// The login form. A failed login says the same whatever was wrong, so it reveals no accounts.
public struct LoginPage {
    public var username: String
    public var message: String?
    public var notice: String?
    public var returnPath: String?
    public var csrf: String

    public init(username: String = "", message: String? = nil, notice: String? = nil, returnPath: String? = nil, csrf: String) {
        self.username = username
        self.message = message
        self.notice = notice
        self.returnPath = returnPath
        self.csrf = csrf
    }

    public func render() -> String {
        Layout.page(title: "Inloggen", [
            .h1(.text("Inloggen bij Regie")),
            .unwrap(notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .unwrap(message) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            H.el("form", [("method", "post"), ("action", SiteURL.login.path), ("class", "editor narrow")], [
                H.hidden("csrf", csrf),
                .unwrap(ReturnPath.validated(returnPath)) { H.hidden("terug", $0) },
                .div(.class("field"), H.el("label", [("for", "gebruikersnaam")], [.text("Gebruikersnaam")]),
                     H.void("input", [("type", "text"), ("id", "gebruikersnaam"), ("name", "gebruikersnaam"), ("value", username),
                                      ("autocomplete", "username"), ("required", "required"), ("maxlength", "64")])),
                .div(.class("field"), H.el("label", [("for", "wachtwoord")], [.text("Wachtwoord")]),
                     H.void("input", [("type", "password"), ("id", "wachtwoord"), ("name", "wachtwoord"),
                                      ("autocomplete", "current-password"), ("required", "required"), ("maxlength", "200")])),
                .div(.class("button-row"), H.submit("Inloggen")),
            ]),
            .p(.class("muted"), .text("Geen account of wachtwoord vergeten? Vraag het de beheerder van uw gemeente.")),
        ])
    }
}

/// The second step of a login with two-factor authentication.
public struct SecondFactorPage {
    public var message: String?
    /// The page asked for before logging in, to go on to afterwards.
    public var returnPath: String?

    public init(message: String? = nil, returnPath: String? = nil) {
        self.message = message
        self.returnPath = returnPath
    }

    public func render() -> String {
        let action = SiteURL.secondFactor.path + ReturnPath.query(returnPath)
        return Layout.page(title: "Code uit de authenticator-app", [
            .h1(.text("Code uit de authenticator-app")),
            .p(.text("Open de authenticator-app op uw telefoon en typ de zescijferige code voor Regie.")),
            .unwrap(message) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.a(.href("#code"), .text($0)))) },
            H.form(action, class: "editor narrow", [H.codeField(error: message)]),
            H.button("Annuleren en uitloggen", to: SiteURL.logout.path),
        ])
    }
}

extension H {
    /// The six-digit code of an authenticator app, with its error linked for screen readers.
    static func codeField(label: String = "Code", submit submitLabel: String = "Bevestigen", error: String?) -> Body {
        .group(
            .div(.class(error == nil ? "field" : "field invalid"),
                 el("label", [("for", "code")], [.text(label)]),
                 .unwrap(error) { .p(.class("field-error"), .id("code-fout"), .text("Fout: \($0)")) },
                 void("input", [("type", "text"), ("id", "code"), ("name", "code"), ("inputmode", "numeric"),
                                ("autocomplete", "one-time-code"), ("required", "required"), ("maxlength", "6"),
                                ("aria-invalid", error == nil ? nil : "true"), ("aria-describedby", error == nil ? nil : "code-fout")])),
            .div(.class("button-row"), submit(submitLabel))
        )
    }
}

/// The account's own page: who it is, its roles, a new password, two-factor login.
public struct AccountPage {
    public var account: Account
    public var tenantName: String
    public var notice: String?
    /// A warning the holder must read: their password was set by someone else.
    public var warning: String?
    public var errors: [String: String]
    /// For setting up two-factor login: the new secret and its otpauth address.
    public var newSecret: (secret: String, uri: String)?
    /// What others (a beheerder, the command line) did to this account, newest first.
    public var history: [AuditEntry]
    /// The address for the weekly reminders, as stored.
    public var email: String?

    public init(account: Account, tenantName: String, notice: String? = nil, warning: String? = nil, errors: [String: String] = [:],
                newSecret: (secret: String, uri: String)? = nil, history: [AuditEntry] = [], email: String? = nil) {
        self.email = email
        self.account = account
        self.tenantName = tenantName
        self.notice = notice
        self.warning = warning
        self.errors = errors
        self.newSecret = newSecret
        self.history = history
    }

    public func render() -> String {
        let password = { (name: String, label: String, hint: String?, auto: String) -> Body in
            let field = FormField(name: name, label: label, hint: hint, input: .password(autocomplete: auto), required: true,
                                  read: { _ in [] }, write: { _, _ in nil })
            return H.field(field, values: [], error: errors[name])
        }
        return Layout.page(title: "Mijn account", [
            .h1(.text("Mijn account")),
            .unwrap(warning) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            Layout.facts([
                ("Naam", account.displayName), ("Gebruikersnaam", account.username), ("Organisatie", tenantName),
                ("Rollen", account.roles.sorted().map(\.label).joined(separator: ", ")),
                ("Tweestapsverificatie", account.twoFactorEnabled ? "aan" : "uit"),
            ]),
            .section(
                .h2(.text("Wachtwoord wijzigen")),
                .p(.class("muted"), .text("Minstens \(PasswordPolicy.minimumLength) tekens. Een zin van vier of meer woorden is sterk en goed te onthouden. Korter dan 20 tekens: gebruik drie soorten tekens (kleine letters, hoofdletters, cijfers, leestekens).")),
                H.errorSummary(["huidig", "nieuw", "herhaling"].compactMap { name in errors[name].map { (name, name == "huidig" ? "Huidig wachtwoord" : name == "nieuw" ? "Nieuw wachtwoord" : "Herhaling", $0) } }),
                H.form(SiteURL.account.path, class: "editor narrow", [
                    password("huidig", "Huidig wachtwoord", nil, "current-password"),
                    password("nieuw", "Nieuw wachtwoord", nil, "new-password"),
                    password("herhaling", "Nieuw wachtwoord nogmaals", nil, "new-password"),
                    .div(.class("button-row"), H.submit("Wachtwoord wijzigen")),
                ])
            ),
            .section(
                .h2(.text("Tweestapsverificatie")),
                twoFactor()
            ),
            .section(
                .h2(.text("Herinneringen per e-mail")),
                .p(.text("Regie stuurt hoogstens één keer per week een overzicht van uw taken: wat u of uw organisatie moet bijwerken, goedkeuren of toelichten. Laat het veld leeg om geen e-mail te krijgen.")),
                .unwrap(errors["email"]) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.a(.href("#veld-email"), .text($0)))) },
                H.form(SiteURL.account.path + "/email", class: "editor narrow", [
                    H.field(FormField(name: "email", label: "E-mailadres", input: .line(maxLength: 254), read: { _ in [] }, write: { _, _ in nil }),
                            values: [email ?? ""], error: errors["email"]),
                    .div(.class("button-row"), H.submit("E-mailadres opslaan")),
                ])
            ),
            .section(
                .h2(.text("Door anderen aan uw account gedaan")),
                history.isEmpty
                    ? .p(.class("muted"), .text("Niemand anders heeft iets aan uw account veranderd."))
                    : .table(
                        .caption(.text("Wijzigingen door een beheerder of de applicatiebeheerder, nieuwste eerst")),
                        .thead(.tr(.forEach(["Wanneer", "Wat", "Door"]) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                        .tbody(.forEach(history) { entry in
                            .tr(.td(.text(Format.dateTime(entry.at))), .td(.text(entry.action.label)), .td(.text(entry.actorName)))
                        })
                    )
            ),
        ])
    }

    private func twoFactor() -> Body {
        if let newSecret {
            return .group(
                .p(.text("Voeg in uw authenticator-app (bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP) een account toe met deze sleutel, type \u{201C}op tijd gebaseerd\u{201D}:")),
                .p(.class("secret"), .text(newSecret.secret.chunked())),
                .details(.summary(.text("Adres voor apps die een otpauth-adres lezen")), .p(.class("secret"), .text(newSecret.uri))),
                .unwrap(errors["code"]) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.a(.href("#code"), .text($0)))) },
                H.form(SiteURL.twoFactorSetup.path, class: "editor narrow", [
                    H.hidden("sleutel", newSecret.secret),
                    H.codeField(label: "Code uit de app", submit: "Tweestapsverificatie aanzetten", error: errors["code"]),
                ])
            )
        }
        if account.twoFactorEnabled {
            // The code field has its own id ("code"), so its summary line is text, not a link.
            let summary: [(field: String?, label: String, message: String)] =
                [errors["wachtwoord"].map { ("wachtwoord", "Wachtwoord", $0) }, errors["code"].map { (nil, "Code uit de app", $0) }]
                .compactMap { $0 }
            return .group(
                .p(.text("Bij het inloggen vraagt Regie na uw wachtwoord een code uit uw authenticator-app.")),
                .h3(.text("Tweestapsverificatie uitzetten")),
                .p(.class("muted"), .text("Bevestig met uw wachtwoord en de code die nu in de app staat.")),
                H.errorSummary(summary),
                H.form(SiteURL.twoFactorSetup.path + "/uitzetten", class: "editor narrow", [
                    H.field(FormField(name: "wachtwoord", label: "Wachtwoord", input: .password(autocomplete: "current-password"), required: true,
                                      read: { _ in [] }, write: { _, _ in nil }), values: [], error: errors["wachtwoord"]),
                    H.codeField(label: "Code uit de app", submit: "Tweestapsverificatie uitzetten", error: errors["code"]),
                ])
            )
        }
        return .group(
            .p(.text("Met tweestapsverificatie is uw account veilig, ook als iemand uw wachtwoord kent. U heeft een authenticator-app op uw telefoon nodig.")),
            .a(.class("button"), .href(SiteURL.twoFactorSetup.path), .text("Tweestapsverificatie instellen"))
        )
    }
}

extension String {
    /// `ABCDEFGH…` as `ABCD EFGH …`, easier to type over.
    func chunked() -> String {
        var result = ""
        for (i, c) in enumerated() {
            if i > 0, i % 4 == 0 { result.append(" ") }
            result.append(c)
        }
        return result
    }
}

/// The beheerder's list of the municipality's accounts, with a form for a new one.
public struct AccountsPage {
    public var tenantName: String
    public var accounts: [Account]
    public var notice: String?
    public var form: NewAccountForm
    public var twoFactorRequired: Bool

    public init(tenantName: String, accounts: [Account], notice: String? = nil, form: NewAccountForm = NewAccountForm(),
                twoFactorRequired: Bool = false) {
        self.tenantName = tenantName
        self.accounts = accounts
        self.notice = notice
        self.form = form
        self.twoFactorRequired = twoFactorRequired
    }

    public func render() -> String {
        Layout.page(title: "Accounts", crumbs: [Crumb("Start", .home)], [
            .h1(.text("Accounts van \(tenantName)")),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.a(.href(SiteURL.auditTrail.path), .text("Logboek van \(tenantName) bekijken"))),
            .section(
                .h2(.text("Tweestapsverificatie")),
                .p(.text(twoFactorRequired
                    ? "Verplicht: elk account van de gemeente logt in met een code uit een authenticator-app. Wie die nog niet heeft ingesteld, doet dat bij de volgende keer inloggen."
                    : "Niet verplicht: elk account kiest zelf. De BIO vraagt meerfactorauthenticatie; zet de verplichting aan zodra iedereen een authenticator-app heeft.")),
                H.form(SiteURL.twoFactorPolicy.path, class: "inline", [
                    H.hidden("verplicht", twoFactorRequired ? "nee" : "ja"),
                    H.el("button", [("type", "submit"), ("class", "secondary")],
                         [.text(twoFactorRequired ? "Verplichting uitzetten" : "Verplicht stellen voor alle accounts")]),
                ])
            ),
            .table(
                .caption(.text("Accounts")),
                .thead(.tr(.forEach(["Naam", "Gebruikersnaam", "Rollen", "Tweestaps", "Laatst ingelogd", "Status"]) {
                    .th(.attribute(named: "scope", value: "col"), .text($0))
                })),
                .tbody(.forEach(accounts) { account in
                    .tr(.td(.text(account.displayName)), .td(.text(account.username)),
                        .td(.text(account.roles.sorted().map(\.label).joined(separator: ", "))),
                        .td(.text(account.twoFactorEnabled ? "aan" : "uit")),
                        .td(.text(account.lastLogin.map(Format.dateTime) ?? "nooit")),
                        .td(statusCell(account)))
                })
            ),
            .section(
                .h2(.text("Nieuw account")),
                H.errorSummary(form.errors.map { ($0.key, form.label(of: $0.key), $0.value) }.sorted { $0.label < $1.label }),
                H.form(SiteURL.newAccount.path, class: "editor narrow", [
                    H.field(NewAccountForm.field("naam", "Naam"), values: [form.displayName], error: form.errors["naam"]),
                    H.field(NewAccountForm.field("gebruikersnaam", "Gebruikersnaam", hint: "Kleine letters, cijfers en . - _ @; bijvoorbeeld het e-mailadres."),
                            values: [form.username], error: form.errors["gebruikersnaam"]),
                    H.field(FormField(name: "rollen", label: "Rollen", input: .choices(Role.allCases.filter(\.isForMunicipality).map {
                        FormOption($0.rawValue, "\($0.label): \($0.explanation)")
                    }), read: { _ in [] }, write: { _, _ in nil }), values: form.roles.map(\.rawValue), error: form.errors["rollen"]),
                    H.field(NewAccountForm.field("wachtwoord", "Eerste wachtwoord", password: true,
                                                 hint: "Minstens \(PasswordPolicy.minimumLength) tekens; geef het persoonlijk door. Bij de eerste keer inloggen kiest de medewerker een eigen wachtwoord."),
                            values: [], error: form.errors["wachtwoord"]),
                    .div(.class("button-row"), H.submit("Account aanmaken")),
                ])
            ),
        ])
    }
}

extension AccountsPage {
    func statusCell(_ account: Account) -> Body {
        if account.disabled {
            return .group(.text("uitgeschakeld "), H.button("Inschakelen", to: SiteURL.accountAction(account.id, "inschakelen").path,
                                                            accessibleLabel: "\(account.displayName) inschakelen"))
        }
        let state = account.mustChangePassword ? "actief, kiest nog een eigen wachtwoord " : "actief "
        return .group(.text(state),
                      H.button("Uitschakelen", to: SiteURL.accountAction(account.id, "uitschakelen").path,
                               accessibleLabel: "\(account.displayName) uitschakelen"),
                      resetForm(account))
    }

    /// A temporary password for a colleague who forgot theirs.
    func resetForm(_ account: Account) -> Body {
        let id = "tijdelijk-" + account.id.uuidString.lowercased()
        let label: Body = H.el("label", [("for", id)], [.text("Tijdelijk wachtwoord voor \(account.displayName)")])
        let input: Body = H.void("input", [("type", "password"), ("id", id), ("name", "tijdelijk-wachtwoord"),
                                           ("autocomplete", "new-password"), ("required", "required"), ("maxlength", "200")])
        let form: Body = H.form(SiteURL.accountAction(account.id, "wachtwoord").path, class: "editor narrow", [
            .div(.class("field"), label, input),
            .div(.class("button-row"), H.submit("Instellen")),
        ])
        return H.el("details", [], [H.el("summary", [], [.text("Tijdelijk wachtwoord")]), form])
    }
}

/// What a beheerder typed for a new account.
public struct NewAccountForm {
    public var displayName = ""
    public var username = ""
    public var roles: Set<Role> = []
    public var errors: [String: String] = [:]

    public init(displayName: String = "", username: String = "", roles: Set<Role> = [], errors: [String: String] = [:]) {
        self.displayName = displayName
        self.username = username
        self.roles = roles
        self.errors = errors
    }

    static func field(_ name: String, _ label: String, password: Bool = false, hint: String? = nil) -> FormField {
        // A user name has its own rule (3 to 64 characters, in the hint); a name may run to 200.
        FormField(name: name, label: label, hint: hint,
                  input: password ? .password(autocomplete: "new-password") : .line(maxLength: name == "gebruikersnaam" ? 64 : 200),
                  required: true, read: { _ in [] }, write: { _, _ in nil })
    }

    func label(of name: String) -> String {
        ["naam": "Naam", "gebruikersnaam": "Gebruikersnaam", "rollen": "Rollen", "wachtwoord": "Eerste wachtwoord"][name] ?? name
    }
}

/// The audit trail of a municipality, newest first.
public struct AuditTrailPage {
    public var tenantName: String
    public var entries: [StoredAuditEntry]
    /// The check of the whole chain (all municipalities together), not only of the rows shown.
    public var chain: AuditChainStatus?

    public init(tenantName: String, entries: [StoredAuditEntry], chain: AuditChainStatus? = nil) {
        self.tenantName = tenantName
        self.entries = entries
        self.chain = chain
    }

    public func render() -> String {
        let broken = entries.filter { !$0.intact }
        return Layout.page(title: "Logboek", crumbs: [Crumb("Start", .home), Crumb("Accounts", .accounts)], [
            .h1(.text("Logboek van \(tenantName)")),
            .p(.text("Wie wat wanneer veranderde, met de waarden ervoor en erna. Bij wijzigingen in de inhoud van een plan staat alleen welke velden veranderden; de tekst zelf leest u in het plan, als uw rol dat toestaat. Het logboek kan niet worden gewijzigd; elke regel is met de vorige verbonden.")),
            .unwrap(chain) { status in
                let lines = AuditTexts.check(status.check)
                let full = status.lastFullCheck.map { "Laatste volledige controle vanaf de eerste regel: \(Format.dateTime($0))." }
                return status.check.intact
                    ? .div(.class("notice"), .attribute(named: "role", value: "status"),
                           .h2(.text("Controle van het hele logboek")), .forEach(lines + (full.map { [$0] } ?? [])) { .p(.text($0)) })
                    : .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                           .h2(.text("Controle van het hele logboek")), .forEach(lines + (full.map { [$0] } ?? [])) { .p(.text($0)) })
            },
            .if(!broken.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                .p(.text("Let op: \(broken.count) van de getoonde regel(s) kloppen niet met de keten. Het logboek is buiten Regie om gewijzigd; meld dit bij de beveiligingsfunctionaris.")))),
            .if(entries.isEmpty, .p(.class("muted"), .text("Nog niets vastgelegd."))),
            .forEach(entries) { stored in
                let entry = stored.entry
                return .section(.class("audit-entry"),
                    .h2(.text("\(Format.dateTime(entry.at)) · \(entry.action.label)")),
                    Layout.facts([("Door", entry.actorName), ("Onderdeel", entry.object.isEmpty ? nil : entry.object),
                                  ("Regel", "\(stored.sequence)" + (stored.intact ? "" : " (klopt niet met de keten)"))]),
                    .if(!entry.before.isEmpty || !entry.after.isEmpty, .table(
                        .caption(.text("Waarden ervoor en erna")),
                        .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Veld")),
                                   .th(.attribute(named: "scope", value: "col"), .text("Ervoor")),
                                   .th(.attribute(named: "scope", value: "col"), .text("Erna")))),
                        .tbody(.forEach(Self.rows(entry)) { row in
                            .tr(.th(.attribute(named: "scope", value: "row"), .text(row.0)), .td(.class("pre"), .text(row.1)), .td(.class("pre"), .text(row.2)))
                        })
                    ))
                )
            },
        ])
    }

    static func rows(_ entry: AuditEntry) -> [(String, String, String)] {
        var labels: [String] = []
        for value in entry.before + entry.after where !labels.contains(value.label) { labels.append(value.label) }
        let visible = entry.action.valuesVisibleToAdministrators
        return labels.compactMap { label in
            let before = entry.before.first { $0.label == label }?.value ?? ""
            let after = entry.after.first { $0.label == label }?.value ?? ""
            if before == after { return nil }
            if !visible {
                return (label, before.isEmpty ? "–" : "(tekst)", after.isEmpty ? "–" : (before.isEmpty ? "ingevuld" : "gewijzigd"))
            }
            return (label, before.isEmpty ? "–" : before, after.isEmpty ? "–" : after)
        }
    }
}

extension AuditAction {
    public var label: String {
        switch self {
        case .login: "ingelogd"
        case .loginFailed: "inloggen mislukt"
        case .logout: "uitgelogd"
        case .accountLocked: "account tijdelijk geblokkeerd"
        case .accountCreated: "account aangemaakt"
        case .accountDisabled: "account uitgeschakeld"
        case .accountEnabled: "account ingeschakeld"
        case .unknownLoginsCounted: "mislukte inlogpogingen met onbekende namen (geteld)"
        case .passwordChanged: "wachtwoord gewijzigd"
        case .passwordReset: "wachtwoord opnieuw ingesteld door een ander"
        case .usernameRefused: "gebruikersnaam niet beschikbaar"
        case .twoFactorEnabled: "tweestapsverificatie aangezet"
        case .twoFactorDisabled: "tweestapsverificatie uitgezet"
        case .planCreated: "plan aangemaakt"
        case .planPartChanged: "onderdeel gewijzigd"
        case .planPartAdded: "onderdeel toegevoegd"
        case .planPartRemoved: "onderdeel verwijderd"
        case .planPartMoved: "volgorde gewijzigd"
        case .planStatusChanged: "status gewijzigd"
        case .planVersionStarted: "nieuwe versie gestart"
        case .actionProgressUpdated: "voortgang van een actie bijgewerkt"
        case .progressRecorded: "voortgang vastgelegd"
        case .progressReviewed: "voortgang van een partner beoordeeld"
        case .measurementRecorded: "meting vastgelegd"
        case .programmeSaved: "uitvoeringsprogramma opgeslagen"
        case .programmeAdopted: "uitvoeringsprogramma vastgesteld"
        case .executionSettingsChanged: "instellingen voor de uitvoering gewijzigd"
        case .checkReasonGiven: "reden vastgelegd in de kwaliteitstoets"
        case .emailChanged: "e-mailadres voor herinneringen gewijzigd"
        case .remindersSent: "wekelijkse herinneringen verstuurd"
        case .documentDraftSaved: "raadsstuk bewerkt"
        case .documentSent: "raadsstuk aan de raad gestuurd"
        case .registerChanged: "register gewijzigd"
        case .registerMembersChanged: "toegang tot register gewijzigd"
        case .registerRecordCreated: "registratie vastgelegd"
        case .registerRecordChanged: "registratie gewijzigd"
        case .caseShared: "zaak gedeeld met partner"
        case .breakGlassUsed: "zaak geopend zonder lidmaatschap"
        case .registerRecordPurged: "registratie opgeschoond (bewaartermijn)"
        case .legalHoldChanged: "bewaarplicht gewijzigd"
        case .subjectAccessAnswered: "inzageverzoek beantwoord"
        case .subjectAccessRestricted: "inzage beperkt (art. 41 UAVG)"
        case .houseStyleChanged: "huisstijl gewijzigd"
        case .planImported: "plan ingelezen uit een planbestand"
        case .figuresImported: "cijfers ingelezen in de browser"
        case .figuresImportFailed: "cijfers inlezen mislukt, niets opgeslagen"
        }
    }
}
