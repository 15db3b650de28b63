import ArgumentParser
import Foundation
import RegieCore
import RegiePlanFile
import RegieWeb

/// `regie user …`: accounts from the command line, for the first beheerder and for partner
/// organisations. Every change is written to the audit trail as done by "opdrachtregel".
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts beheren: aanmaken, wachtwoord zetten, tonen, uitschakelen.",
        discussion: """
        Het wachtwoord wordt gevraagd zonder het te tonen, of gelezen uit de omgevingsvariabele REGIE_WACHTWOORD \
        (handig in scripts). Rollen: beheerder, beleidsmedewerker, lezer (voor een gemeente) en partner (voor een \
        partnerorganisatie).
        """,
        subcommands: [Add.self, Passwd.self, List.self, Disable.self, Enable.self]
    )

    static let actor = "opdrachtregel"

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Maak een account aan.")

        @Argument(help: "De gebruikersnaam, bijv. j.jansen@stadskanaal.nl.")
        var username: String

        @Option(name: .customLong("naam"), help: "De naam van de medewerker zoals anderen die zien.")
        var displayName: String

        @Option(name: .customLong("gemeente"), help: "De CBS-code van de gemeente, bijv. GM0037.")
        var municipality: String?

        @Option(name: .customLong("gemeentenaam"), help: "De naam van de gemeente, als Regie die nog niet kent.")
        var municipalityName: String?

        @Option(name: .customLong("organisatie"), help: "De sleutel van de partnerorganisatie, bijv. politie-noord-nederland.")
        var organisation: String?

        @Option(name: .customLong("organisatienaam"), help: "De naam van de partnerorganisatie, als Regie die nog niet kent.")
        var organisationName: String?

        @Option(name: .customLong("soort"), help: ArgumentHelp("De soort partnerorganisatie: \(PartnerType.dutchSpellings).", valueName: "soort"))
        var organisationType: String = "overig"

        @Option(name: .customLong("rol"), help: "Een rol; herhaal voor meer rollen.")
        var roles: [String]

        func run() async throws {
            let tenant: Tenant
            switch (municipality, organisation) {
            case (let code?, nil):
                guard let parsed = MunicipalityCode(code) else { throw CommandProblem("\"\(code)\" is geen gemeentecode; een CBS-gemeentecode ziet eruit als GM0037.") }
                tenant = .municipality(parsed)
            case (nil, let key?):
                guard let parsed = Key(key) else { throw CommandProblem("\"\(key)\" is geen geldige sleutel (kleine letters, cijfers en -).") }
                tenant = .organisation(parsed)
            default:
                throw CommandProblem("Geef --gemeente of --organisatie, precies één van de twee.")
            }
            var parsedRoles: Set<Role> = []
            for role in roles {
                guard let parsed = Role(dutch: role) else {
                    throw CommandProblem("\"\(role)\" is geen rol; kies uit beheerder, beleidsmedewerker, lezer en partner.")
                }
                parsedRoles.insert(parsed)
            }
            let name = Account.normalise(username: username)
            let problems = AccountProblem.check(username: name, displayName: displayName, tenant: tenant, roles: parsedRoles)
            if !problems.isEmpty { throw CommandProblem(problems.map(\.dutch).joined(separator: "\n")) }
            let password = try readNewPassword(for: name)
            let type = PartnerType(dutch: organisationType)
            try await RegieRuntime.withAccounts(try RegieConfiguration.fromEnvironment()) { accounts, plans in
                switch tenant {
                case .municipality(let code):
                    if try await plans.municipality(code) == nil {
                        guard let municipalityName, !municipalityName.isEmpty else {
                            throw CommandProblem("Regie kent gemeente \(code) nog niet; geef ook --gemeentenaam.")
                        }
                        try await accounts.ensure(Municipality(code: code, name: municipalityName))
                    }
                case .organisation(let key):
                    if try await accounts.organisation(key) == nil {
                        guard let organisationName, !organisationName.isEmpty else {
                            throw CommandProblem("Regie kent organisatie \(key) nog niet; geef ook --organisatienaam.")
                        }
                        guard let type else {
                            throw CommandProblem("\"\(organisationType)\" is geen soort partnerorganisatie; kies uit \(PartnerType.dutchSpellings).")
                        }
                        try await accounts.save(Organisation(key: key, name: organisationName, type: type))
                    }
                }
                let account = Account(id: UUID(), username: name, displayName: displayName, tenant: tenant, roles: parsedRoles)
                do {
                    try await accounts.create(account, passwordHash: try Passwords.hash(password), audit: AuditEntry(
                        actor: nil, actorName: UserCommand.actor, municipalities: tenant.municipality.map { [$0] } ?? [],
                        action: .accountCreated, object: "account \(name)", subject: account.id,
                        after: [AuditValue("Naam", displayName), AuditValue("Rollen", parsedRoles.sorted().map(\.label).joined(separator: ", "))]))
                } catch AccountStoreError.usernameTaken {
                    throw CommandProblem("Er is al een account \(name).")
                }
            }
            print("Account \(name) aangemaakt (\(parsedRoles.sorted().map(\.label).joined(separator: ", "))).")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Zet een nieuw wachtwoord; alle sessies van het account eindigen.")

        @Argument(help: "De gebruikersnaam.")
        var username: String

        @Flag(name: .customLong("tijdelijk"), help: "Het wachtwoord is tijdelijk: bij de volgende keer inloggen moet de gebruiker een eigen wachtwoord kiezen.")
        var mustChange = false

        func run() async throws {
            let name = Account.normalise(username: username)
            try await RegieRuntime.withAccounts(try RegieConfiguration.fromEnvironment()) { accounts, _ in
                guard let (account, _) = try await accounts.account(named: name) else { throw CommandProblem("Er is geen account \(name).") }
                let password = try readNewPassword(for: name)
                // Set by someone else than the holder: the holder sees it at the next login.
                try await accounts.setPasswordHash(account.id, try Passwords.hash(password), mustChange: mustChange, audit: AuditEntry(
                    actor: nil, actorName: UserCommand.actor, municipalities: account.tenant.municipality.map { [$0] } ?? [],
                    action: .passwordReset, object: "account \(name)", subject: account.id))
            }
            print("Wachtwoord van \(name) gewijzigd.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Toon alle accounts.")

        func run() async throws {
            let accounts = try await RegieRuntime.withAccounts(try RegieConfiguration.fromEnvironment()) { accounts, _ in
                try await accounts.accounts(of: nil)
            }
            if accounts.isEmpty { print("Er zijn nog geen accounts. Maak de eerste met: regie user add …") }
            for account in accounts {
                let tenant = switch account.tenant {
                case .municipality(let code): code.rawValue
                case .organisation(let key): key.rawValue
                }
                print([account.username, account.displayName, tenant, account.roles.sorted().map(\.label).joined(separator: ","),
                       account.disabled ? "uitgeschakeld" : "actief", account.twoFactorEnabled ? "tweestaps" : "-"].joined(separator: "\t"))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schakel een account uit; het kan niet meer inloggen en zijn sessies eindigen.")
        @Argument(help: "De gebruikersnaam.") var username: String
        func run() async throws { try await setDisabled(username, true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schakel een account weer in.")
        @Argument(help: "De gebruikersnaam.") var username: String
        func run() async throws { try await setDisabled(username, false) }
    }
}

private func setDisabled(_ username: String, _ disabled: Bool) async throws {
    let name = Account.normalise(username: username)
    try await RegieRuntime.withAccounts(try RegieConfiguration.fromEnvironment()) { accounts, _ in
        guard let (account, _) = try await accounts.account(named: name) else { throw CommandProblem("Er is geen account \(name).") }
        try await accounts.setDisabled(account.id, disabled, audit: AuditEntry(
            actor: nil, actorName: UserCommand.actor, municipalities: account.tenant.municipality.map { [$0] } ?? [],
            action: disabled ? .accountDisabled : .accountEnabled, object: "account \(name)", subject: account.id))
    }
    print("Account \(name) \(disabled ? "uitgeschakeld" : "ingeschakeld").")
}

/// Reads a new password from REGIE_WACHTWOORD or, twice and hidden, from the terminal.
private func readNewPassword(for username: String) throws -> String {
    let password: String
    if let fromEnvironment = ProcessInfo.processInfo.environment["REGIE_WACHTWOORD"], !fromEnvironment.isEmpty {
        password = fromEnvironment
    } else {
        guard let first = getpass("Wachtwoord: ").map({ String(cString: $0) }),
              let second = getpass("Nogmaals: ").map({ String(cString: $0) }) else {
            throw CommandProblem("Er is geen wachtwoord gelezen.")
        }
        guard first == second else { throw CommandProblem("De twee wachtwoorden zijn niet gelijk.") }
        password = first
    }
    let problems = Passwords.messages(PasswordPolicy.problems(password, username: username))
    if !problems.isEmpty { throw CommandProblem(problems.joined(separator: "\n")) }
    return password
}

extension Role {
    init?(dutch: String) {
        switch dutch.lowercased() {
        case "beheerder": self = .administrator
        case "beleidsmedewerker": self = .policyOfficer
        case "partner": self = .partner
        case "lezer", "raadslid": self = .reader
        default: return nil
        }
    }
}

extension PartnerType {
    /// The plan file's spelling, such as `politie` or `woningcorporatie`.
    init?(dutch: String) {
        guard let type = PartnerType.allCases.first(where: { PlanFileWords.partnerType($0) == dutch.lowercased() }) else { return nil }
        self = type
    }

    /// Every spelling `--soort` accepts, for the help text and the message about a wrong one.
    static var dutchSpellings: String {
        let words = PartnerType.allCases.map(PlanFileWords.partnerType)
        return words.dropLast().joined(separator: ", ") + " en " + words.last!
    }
}

extension AccountProblem {
    var dutch: String {
        switch self {
        case .usernameInvalid: "De gebruikersnaam moet 3 tot 64 tekens hebben: kleine letters, cijfers en . - _ @."
        case .displayNameEmpty: "Geef de naam van de medewerker met --naam."
        case .noRoles: "Geef minstens één rol met --rol."
        case .roleDoesNotFitTenant(let role): "De rol \(role.label) past niet bij dit soort account: partner hoort bij een organisatie, de andere rollen bij een gemeente."
        }
    }
}

/// A problem with what was asked, in Dutch; printed without the usage text that argument
/// errors get.
struct CommandProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
