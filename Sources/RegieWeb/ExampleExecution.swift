import Foundation
import RegieCore

/// Invented running data for the demo (`regie serve --demo`): an adopted implementation
/// programme, a year of quarterly progress and measurements for the Stadskanaal and Meierij
/// examples. Every text says it is an example; the figures are made up. It is built through the
/// same rules as the browser (`Plan.record`, `Plan.add`), so it cannot hold what Regie would refuse.
public enum ExampleExecution {
    public static let officer = "Beleidsmedewerker OOV (voorbeeld)"
    public static let police = "Wijkagent (voorbeeld)"

    /// Stores the example plans with their example running data. The Meierij example is a
    /// concept; for the demo it is adopted (invented decisions) and a new version is opened
    /// at once, so the officers can still edit its concept while the programme runs on the
    /// adopted version.
    public static func store(_ plans: [Plan], in repository: any PlanRepository) async throws {
        let prepared = plans.map(apply)
        _ = try await repository.save(prepared)
        for plan in prepared where plan.key.rawValue == "basisteam-meierij-2023-2026" && plan.status >= .adopted {
            guard let stored = try await repository.stored(plan.key) else { continue }
            try await repository.startNewVersion(
                of: plan.key, expectingRevision: stored.revision, reason: "Voorbeeld: de gemeenten werken hun lokale hoofdstukken bij.",
                by: "demo", audit: AuditEntry(actor: nil, actorName: "demo", municipalities: plan.owner.municipalities.map(\.code),
                                              action: .planVersionStarted, object: "\(plan.title) (\(plan.key.rawValue)) · voorbeeld"))
        }
    }

    /// The plan with example running data, or the plan unchanged when there is none for it.
    public static func apply(to plan: Plan) -> Plan {
        switch plan.key.rawValue {
        case "stadskanaal-2020-2024": return build(plan, year: 2024, programmeKey: "uitvoering-2024",
                                                   title: "Uitvoeringsprogramma integrale veiligheid 2024 (voorbeeld)",
                                                   adoptedOn: "2024-01-16", decision: "B&W 2024/003 (voorbeeld)")
        case "basisteam-meierij-2023-2026":
            var adopted = plan
            // The example plan is a concept; for the demo its councils adopt it (invented dates).
            adopted.status = .adopted
            adopted.adoptions = plan.owner.municipalities.enumerated().map { i, m in
                Adoption(date: CalendarDate(year: 2023, month: 2, day: 7 + i)!, body: "Gemeenteraad \(m.name) (voorbeeld)",
                         decisionNumber: "RB 2023-\(10 + i) (voorbeeld)", municipality: m.code)
            }
            var result = build(adopted, year: 2026, programmeKey: "uitvoering-2026", title: "Gezamenlijk uitvoeringsprogramma 2026 (voorbeeld)",
                               adoptedOn: "2026-01-20", decision: "Stuurgroep basisteam 2026-01 (voorbeeld)")
            // Boxtel's own programme for its local chapter, beside the shared one.
            if let boxtel = plan.owner.municipalities.first(where: { $0.name == "Boxtel" }) {
                var own = result.draftProgramme(key: Key("uitvoering-2026-boxtel")!, title: "Uitvoeringsprogramma Boxtel 2026 (voorbeeld)",
                                                period: YearRange(first: 2026, last: 2026)!, municipality: boxtel.code)
                own.status = .adopted
                own.adoption = ProgrammeAdoption(body: .executive, date: CalendarDate(iso: "2026-01-27")!, decisionNumber: "B&W Boxtel 2026/04 (voorbeeld)")
                if !own.activities.isEmpty { result.execution.programmes.append(own) }
            }
            return result
        default: return plan
        }
    }

    static let quarters = ["03-26", "06-25", "09-24", "11-19"]

    static func build(_ original: Plan, year: Int, programmeKey: String, title: String, adoptedOn: String, decision: String) -> Plan {
        var plan = original
        var programme = plan.draftProgramme(key: Key(programmeKey)!, title: title, period: YearRange(first: year, last: year)!, municipality: nil)
        for i in programme.activities.indices {
            if i % 3 == 0 { programme.activities[i].budget = Decimal(5_000 + 2_500 * (i % 4)) }
            programme.activities[i].hours = Decimal(40 + 20 * (i % 5))
        }
        programme.introduction = Prose("Voorbeeld: dit programma is verzonnen voor de demo. Het neemt de afspraken uit het plan over voor \(year).")
        programme.status = .adopted
        programme.adoption = ProgrammeAdoption(body: .executive, date: CalendarDate(iso: adoptedOn)!, decisionNumber: decision)
        plan.execution.programmes = [programme]
        plan.execution.settings.partnerUpdatesNeedApproval = true

        let facts = PlanAccessFacts(plan)
        let officerAccount = Account(id: UUID(), username: "voorbeeld", displayName: officer, tenant: .municipality(plan.owner.municipalities[0].code),
                                     roles: [.policyOfficer])
        let me = ExecutionActor(name: officer, partners: nil, permissions: AccessPolicy.permissions(of: officerAccount, for: facts))
        let policePartners = Set(plan.partners.filter { $0.type == .police }.map(\.key))
        var partnerPermissions = PlanPermissions.none
        partnerPermissions.view = .current
        partnerPermissions.updateProgress = true
        partnerPermissions.progressPartners = policePartners
        let agent = ExecutionActor(name: police, partners: policePartners, permissions: partnerPermissions)

        // Agreements planned before the programme's year were done then (example).
        let adoption = CalendarDate(iso: adoptedOn)!
        for item in PlanProgress(plan, today: adoption).items {
            guard case .agreement = item.subject, let end = item.planning?.lastDay(in: plan.period), end < adoption else { continue }
            let byPolice = item.ownerPartner.map(policePartners.contains) ?? false
            let result = plan.record(ProgressInput(subject: item.subject, date: end, status: .done, note: Prose("Voorbeeld: afgerond in \(end.year).")),
                                     by: byPolice ? agent : me, today: end)
            if byPolice, case .success(let update) = result { _ = plan.review(update: update.number, approve: true, reason: "", by: me, today: end) }
        }
        for (q, day) in quarters.enumerated() {
            let date = CalendarDate(iso: "\(year)-\(day)")!
            for (i, activity) in programme.activities.enumerated() {
                guard let status = status(index: i, quarter: q) else { continue }
                let byPolice = activity.owner?.partner.map(policePartners.contains) ?? false
                let note = note(status, quarter: q)
                let input = ProgressInput(subject: .activity(programme: programme.key, activity: activity.key), date: date, status: status,
                                          note: Prose(note), hoursSpent: status == .notStarted ? nil : Decimal(8 + (i + q) % 9))
                let result = plan.record(input, by: byPolice ? agent : me, today: date)
                // The municipality approves the police's updates, except the latest, which waits.
                if byPolice, case .success(let update) = result, q < quarters.count - 1 {
                    _ = plan.review(update: update.number, approve: true, reason: "", by: me, today: date)
                }
            }
        }
        addMeasurements(&plan, year: year, by: me)
        return plan
    }

    /// The example status of activity `i` in quarter `q`, nil when it gets no update then.
    static func status(index i: Int, quarter q: Int) -> ProgressStatus? {
        switch q {
        case 0: return i % 5 == 0 ? .notStarted : .running
        case 1: return i % 7 == 3 ? .delayed : .running
        case 2: return i % 4 == 0 ? .done : .running
        default:
            if i % 4 == 0 { return nil }
            if i % 6 == 1 { return nil }
            if i % 11 == 5 { return .dropped }
            return i % 3 == 0 ? .done : .running
        }
    }

    static func note(_ status: ProgressStatus, quarter q: Int) -> String {
        switch status {
        case .notStarted: "Voorbeeld: nog niet begonnen; de voorbereiding loopt."
        case .running: ["Voorbeeld: de aanpak is gestart en de partners zijn aangehaakt.",
                        "Voorbeeld: de eerste bijeenkomsten zijn geweest; de uitvoering loopt volgens planning.",
                        "Voorbeeld: loopt; de resultaten worden in het najaar besproken in de lokale driehoek.",
                        "Voorbeeld: loopt door in het volgende jaar."][q]
        case .delayed: "Voorbeeld: vertraagd, omdat de trekker tot de zomer geen capaciteit had. De start schuift een kwartaal op."
        case .done: "Voorbeeld: afgerond; het resultaat is gedeeld met de partners."
        case .dropped: "Voorbeeld: vervallen, omdat de regionale aanpak dit overneemt."
        }
    }

    static func addMeasurements(_ plan: inout Plan, year: Int, by me: ExecutionActor) {
        // Indicators that follow an open-data series or a register get their figures from it
        // ("Cijfers overnemen", "Aantallen overnemen"), not invented ones.
        for (n, (theme, indicator)) in plan.allThemes.flatMap({ t in t.indicators.map { (t, $0) } }).enumerated()
            where indicator.series == nil && indicator.register == nil {
            let unit = (indicator.unit ?? "").lowercased()
            let count = StatusRules.isCount(indicator)
            let base: Decimal = unit.hasPrefix("%") ? Decimal(40 + n % 30) : (count ? Decimal(30 + 7 * (n % 6)) : Decimal(8 + n % 5))
            let baseline = plan.baseline(of: indicator, in: theme)
            let firstYear = baseline?.period.years.map { $0.upperBound + 1 } ?? year - 2
            for (k, measuredYear) in (firstYear...(year - 1)).suffix(3).enumerated() {
                let step: Decimal = n % 3 == 2 ? -1 : 1
                let value = (baseline?.value ?? base) + step * Decimal(k + 1) * (count ? 3 : 1)
                let recorded = CalendarDate(year: measuredYear + 1, month: 2, day: 14)!
                let measurement = MeasuredValue(indicator: indicator.key, value: max(0, value), period: .year(measuredYear),
                                                source: indicator.source.map { "\($0) (voorbeeldcijfer)" } ?? "Voorbeeldcijfer",
                                                recordedOn: recorded, origin: .typed(by: officer))
                if case .failure(let why) = plan.add(measurement, explanation: "", by: me, today: recorded),
                   why.reasons.contains(.explanationRequired(nil)) {
                    _ = plan.add(measurement, explanation: "Voorbeeld: de ontwikkeling gaat de verkeerde kant op. De driehoek bespreekt in het volgende overleg extra inzet.",
                                 by: me, today: recorded)
                }
            }
        }
    }
}
