import Foundation
import RegieCore
import RegieRegisters
import RegieWeb

/// Accounts for exploring the demo, created only by `regie serve --demo`. Their password is
/// printed and written in the README, so they must never exist in production.
enum DemoAccounts {
    static let password = "samen werken aan veiligheid"

    static let police = Organisation(key: Key("politie-noord-nederland")!, name: "Politie Noord-Nederland", type: .police)

    static let accounts: [(username: String, name: String, tenant: Tenant, roles: Set<Role>)] = [
        ("beheerder.stadskanaal", "Demo beheerder Stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.administrator]),
        ("beleid.stadskanaal", "Demo beleidsmedewerker Stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer]),
        // In both registers of Stadskanaal; beleid.stadskanaal is in none and sees nothing of them.
        ("registers.stadskanaal", "Demo regisseur ondermijning en zorg-veiligheid Stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer]),
        ("raad.stadskanaal", "Demo raadslid Stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.reader]),
        ("politie.noord", "Demo politie Noord-Nederland", .organisation(police.key), [.partner]),
        ("beleid.boxtel", "Demo beleidsmedewerker Boxtel", .municipality(MunicipalityCode("GM0757")!), [.policyOfficer]),
        ("beleid.vught", "Demo beleidsmedewerker Vught", .municipality(MunicipalityCode("GM0865")!), [.policyOfficer]),
        ("beleid.doetinchem", "Demo beleidsmedewerker Doetinchem", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer]),
        ("beleid.lindewaarde", "Demo beleidsmedewerker Lindewaarde", .municipality(MunicipalityCode("GM9901")!), [.policyOfficer, .administrator]),
    ]

    static func create(in repository: any AccountRepository, plans: any PlanRepository) async throws {
        guard try await repository.accounts(of: nil).isEmpty else { return }
        try await repository.save(police)
        let hash = try Passwords.hash(password)
        for demo in accounts {
            if let code = demo.tenant.municipality, try await plans.municipality(code) == nil { continue }
            let account = Account(id: UUID(), username: demo.username, displayName: demo.name, tenant: demo.tenant, roles: demo.roles)
            try await repository.create(account, passwordHash: hash, audit: AuditEntry(
                actor: nil, actorName: "demo", municipalities: demo.tenant.municipality.map { [$0] } ?? [],
                action: .accountCreated, object: "demo-account \(demo.username)", subject: account.id))
        }
        say("Demo-accounts (alleen voor verkennen, nooit in productie), wachtwoord \"\(password)\":")
        for demo in accounts {
            say("  \(demo.username)  – \(demo.roles.sorted().map(\.label).joined(separator: ", "))")
        }
    }

    /// The example registers of Stadskanaal (invented records), owned by registers.stadskanaal and
    /// configured by beheerder.stadskanaal; only when both demo accounts exist. The records are
    /// dated before `today` (REGIE_VANDAAG when set, else the real date), as is the take-over.
    static func createRegisters(_ registers: RegisterService, accounts repository: any AccountRepository, plans: any PlanRepository,
                                today fixed: CalendarDate?) async throws {
        let municipality = MunicipalityCode("GM0037")!
        let accounts = try await repository.accounts(of: .municipality(municipality))
        guard let owner = accounts.first(where: { $0.username == "registers.stadskanaal" }),
              let administrator = accounts.first(where: { $0.username == "beheerder.stadskanaal" }) else { return }
        let today = fixed ?? CalendarDate.today()
        let now = fixed.flatMap { Calendar.dutch.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day, hour: 12)) } ?? Date()
        let lines = try await DemoRegisters.seed(registers, municipality: municipality, administrator: administrator.id, owner: owner.id, now: now)
        for line in lines { say(line) }
        if !lines.isEmpty { try await takeOverRegisterCounts(registers, plans: plans, municipality: municipality, today: today) }
    }

    /// The Stadskanaal example's register-linked indicators get last year's suppressed counts
    /// as measurements, as an officer would take them over with "Aantallen overnemen".
    static func takeOverRegisterCounts(_ registers: RegisterService, plans: any PlanRepository, municipality: MunicipalityCode,
                                       today: CalendarDate) async throws {
        guard let stored = try await plans.stored(Key("stadskanaal-2020-2024")!) else { return }
        var execution = stored.plan.execution
        var taken: [String] = []
        for theme in stored.plan.allThemes {
            for indicator in theme.indicators {
                guard let link = indicator.register else { continue }
                for count in try await registers.publishedCounts(for: link, municipality: municipality, through: today.year - 1) ?? [] {
                    execution.measurements.append(count.measurement(of: indicator.key, link: link, source: "\(link.register.name) (voorbeeldgegevens)", recordedOn: today))
                    taken.append("\(indicator.name) \(count.year): \(count.text)")
                }
            }
        }
        guard !taken.isEmpty else { return }
        _ = try await plans.updateExecution(execution, of: stored.plan.key, expectingRevision: stored.revision, audit: [
            AuditEntry(actor: nil, actorName: "demo", municipalities: [municipality], action: .measurementRecorded,
                       object: "metingen uit de voorbeeldregisters: " + taken.joined(separator: "; "))])
        say("Aantallen uit de voorbeeldregisters overgenomen: " + taken.joined(separator: "; ") + ".")
    }
}
