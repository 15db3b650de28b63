import Fluent
import Foundation
import RegieCore
@testable import RegiePersistence
import RegiePlanFile
@testable import RegieReports
import RegieWeb
import Testing
import VaporTesting

/// Issue 11, point 5: budget lines without an amount, one-off lines of unknown year, and lines
/// linked to the actions they pay for.
@Suite("Budget lines as plans write them")
struct PlanBudgetTests {
    /// The minimal plan with lines that name no amount, a one-off line and a linked action.
    static let budgetPlanFile = minimalPlanFile + """
    financien:
      toelichting: De activiteiten worden voorlopig gedekt uit de bestaande budgetten.
      posten:
        - omschrijving: Coördinatie buurtpreventie
          zonder-bedrag: binnen-bestaande-formatie
          acties: [buurtpreventie]
        - omschrijving: Uitbreiding cameratoezicht
          zonder-bedrag: vervolgvoorstel
          thema: woninginbraak
        - omschrijving: Rijksbijdrage woninginbraak
          zonder-bedrag: bijdrage-onbekende-hoogte
        - omschrijving: Inrichting meldpunt
          bedrag: 12000
          frequentie: eenmalig
        - omschrijving: Voorlichting
          bedrag: 5000
          frequentie: eenmalig
          jaar: 2025
        - omschrijving: Bijdrage basisteam
          bedrag: 2500

    """

    @Test("A plan file with lines without an amount, one-off lines and linked actions reads, validates and writes back unchanged")
    func readsAndRoundTrips() throws {
        let plan = try PlanFileReader.read(Self.budgetPlanFile)
        #expect(plan.problems().isEmpty)
        let lines = plan.finances.lines
        #expect(lines.map(\.amount) == [nil, nil, nil, 12000, 5000, 2500])
        #expect(lines.map(\.withoutAmount) == [.existingCapacity, .followUpProposal, .grantOfUnknownSize, nil, nil, nil])
        #expect(lines.map(\.recurrence) == [.yearly, .yearly, .yearly, .oneOff, .oneOff, .yearly])
        #expect(lines[0].actions == [Key("buurtpreventie")!])
        #expect(lines[3].isOneOffOfUnknownYear && !lines[3].isEveryYear)
        #expect(lines[5].isEveryYear)

        let written = PlanFileWriter.write(plan)
        #expect(written.contains("zonder-bedrag: binnen-bestaande-formatie"))
        #expect(written.contains("frequentie: eenmalig"))
        #expect(written.contains("acties: [buurtpreventie]"))
        #expect(!written.contains("frequentie: jaarlijks"), "the default is not written")
        let reread = try PlanFileReader.read(written)
        #expect(reread == plan)
        #expect(PlanFileWriter.write(reread) == written)
    }

    @Test("The Doetinchem example names its costs without amounts, a one-off campaign and the action it pays for")
    func doetinchemExample() throws {
        let plan = try example("doetinchem-2020-2023.yaml")
        #expect(plan.problems().isEmpty)
        let campaign = try #require(plan.finances.lines.first { $0.description == "Bewustwordingscampagne ondermijning" })
        #expect(campaign.amount == nil && campaign.withoutAmount == .followUpProposal && campaign.recurrence == .oneOff)
        #expect(campaign.actions == [Key("ondermijning-bewustwordingscampagne")!])
        #expect(plan.finances.lines.allSatisfy { $0.amount == nil })
    }

    @Test("A line needs exactly one of bedrag and zonder-bedrag; an unknown action or reason is refused in Dutch")
    func refusals() throws {
        func file(_ line: String) -> String {
            minimalPlanFile + "financien:\n  posten:\n    - omschrijving: Camera's\n" + line
        }
        let neither = problems(in: file("      jaar: 2025\n"))
        #expect(neither.map(\.path) == ["financien.posten[0].bedrag"])
        #expect(neither.first?.message.contains("geef een bedrag, of zeg met zonder-bedrag waarom") == true)

        let both = problems(in: file("      bedrag: 100\n      zonder-bedrag: vervolgvoorstel\n"))
        #expect(both.map(\.path) == ["financien.posten[0].zonder-bedrag"])
        #expect(both.first?.message == "een begrotingspost met een bedrag kan niet ook zonder bedrag zijn; laat bedrag of zonder-bedrag weg")

        let action = problems(in: file("      bedrag: 100\n      acties: [buurtpreventei]\n"))
        #expect(action.map(\.path) == ["financien.posten[0].acties[0]"])
        #expect(action.first?.message == "actie \"buurtpreventei\" bestaat niet in dit plan; bedoelde u \"buurtpreventie\"?")

        let reason = problems(in: file("      zonder-bedrag: onbekend\n"))
        #expect(reason.map(\.path) == ["financien.posten[0].zonder-bedrag"])
        #expect(reason.first?.message.contains("binnen-bestaande-formatie") == true)

        let recurrence = problems(in: file("      bedrag: 100\n      frequentie: soms\n"))
        #expect(recurrence.map(\.path) == ["financien.posten[0].frequentie"])
        #expect(recurrence.first?.message.contains("eenmalig") == true)

        let negative = problems(in: file("      bedrag: -5\n"))
        #expect(negative.map(\.message) == ["mag niet negatief zijn"])
    }

    @Test("A document stored before lines could lack an amount still decodes: the amount reads, the new fields default")
    func oldDocumentDecodes() throws {
        var plan = try PlanFileReader.read(minimalPlanFile)
        plan.finances.lines = [BudgetLine(description: "Voorlichting", amount: 5000, year: 2025)]
        let document = try PlanDocument.encode(plan)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        var finances = try #require(json["finances"] as? [String: Any])
        var lines = try #require(finances["lines"] as? [[String: Any]])
        for key in ["withoutAmount", "recurrence", "actions"] { lines[0].removeValue(forKey: key) }
        #expect(Set(lines[0].keys) == ["description", "amount", "basis", "year"])
        finances["lines"] = lines
        json["finances"] = finances
        let old = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        let decoded = try PlanDocument.decode(old)
        #expect(decoded == plan)
        #expect(decoded.finances.lines[0].recurrence == .yearly && decoded.finances.lines[0].actions.isEmpty)
    }

    @Test("The finances show the reason instead of an amount, one-off lines as eenmalig (never elk jaar), and the linked actions; the action names its budget line")
    func pages() throws {
        let plan = try PlanFileReader.read(Self.budgetPlanFile)
        let page = PlanPage(plan: plan).render()
        #expect(page.contains("<td class=\"num\">Binnen de bestaande formatie</td>"))
        #expect(page.contains("<td class=\"num\">Volgt in een apart voorstel</td>"))
        #expect(page.contains("<td class=\"num\">Bijdrage van onbekende hoogte</td>"))
        let row = try #require(page.components(separatedBy: "<tr>").first { $0.contains("Inrichting meldpunt") })
        #expect(row.contains("<td>eenmalig</td>"))
        #expect(!row.contains("elk jaar"))
        #expect(page.contains("<td>2025 (eenmalig)</td>"))
        let yearly = try #require(page.components(separatedBy: "<tr>").first { $0.contains("Bijdrage basisteam") })
        #expect(yearly.contains("<td>elk jaar</td>"))
        #expect(page.contains("Betaalt de acties"))
        #expect(page.contains("href=\"/plannen/proefstad-2024-2027/themas/woninginbraak#actie-buurtpreventie\">Buurtpreventieteams ondersteunen</a>"))

        let theme = ThemePage(plan: plan, theme: plan.themes[0]).render()
        #expect(theme.contains("Betaald uit de begrotingspost <a href=\"/plannen/proefstad-2024-2027#financien\">\u{201C}Coördinatie buurtpreventie\u{201D}</a>."))
    }

    @Test("The history names the new fields in Dutch")
    func changeLabels() {
        for field in ["withoutAmount", "recurrence", "actions"] { #expect(ChangeLabels.fields[field] != nil) }
    }
}

extension DatabaseTests {
    @Suite("Budget lines in the database and the editor")
    struct BudgetEditingTests {
        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?, String) {
            var result: (HTTPStatus, String?, String) = (.ok, nil, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location), res.body.string)
            }
            return result
        }

        @Test("Imported, shown, edited in the browser (no amount, one-off, linked action) and exported unchanged")
        func importEditExport() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(PlanBudgetTests.budgetPlanFile)
                #expect(try await app.plans.save(plan) == .created)
                #expect(try await app.plans.plan(plan.key) == plan)
                let officer = try await app.officer(for: plan)

                var page = ""
                try await app.testing().test(.GET, "/plannen/\(plan.key)", headers: officer.headers) { res in page = res.body.string }
                #expect(page.contains("Volgt in een apart voorstel"))
                #expect(page.contains("<td>eenmalig</td>"))

                // The last line (yearly, 2500) becomes a one-off grant of unknown size for the action.
                let path = "/plannen/\(plan.key)/bewerken/begroting/6"
                let (print, form) = try await editorPage(app, officer, plan.key, "/begroting/6")
                #expect(form.contains("name=\"zonder-bedrag\""))
                #expect(form.contains("name=\"frequentie\""))
                #expect(form.contains("Buurtpreventieteams ondersteunen (Woninginbraak)"))
                let fields: [(String, String)] = [
                    ("vorige", print), ("omschrijving", "Bijdrage basisteam"), ("bedrag", ""), ("zonder-bedrag", "grantOfUnknownSize"),
                    ("grondslag", "total"), ("frequentie", "oneOff"), ("jaar", ""), ("dekking", "rijksbijdrage"), ("thema", ""),
                    ("acties", "buurtpreventie"),
                ]
                // Neither an amount nor a reason: refused with the plan's rule, nothing stored.
                let refused = try await post(app, officer, path, fields.map { $0.0 == "zonder-bedrag" ? ($0.0, "") : $0 })
                #expect(refused.0 == .unprocessableEntity)
                #expect(refused.2.contains("geef een bedrag, of zeg met zonder-bedrag waarom"))
                #expect(try await app.plans.plan(plan.key) == plan)

                let saved = try await post(app, officer, path, fields)
                #expect(saved.0 == .seeOther)
                let stored = try #require(try await app.plans.plan(plan.key))
                let line = stored.finances.lines[5]
                #expect(line.amount == nil && line.withoutAmount == .grantOfUnknownSize && line.recurrence == .oneOff)
                #expect(line.actions == [Key("buurtpreventie")!] && line.cover == "rijksbijdrage")

                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/woninginbraak", headers: officer.headers) { res in page = res.body.string }
                #expect(page.contains("Betaald uit de begrotingsposten"))

                let written = PlanFileWriter.write(stored)
                #expect(written.contains("zonder-bedrag: bijdrage-onbekende-hoogte"))
                let reread = try PlanFileReader.read(written)
                #expect(reread == stored)
                #expect(PlanFileWriter.write(reread) == written)
            }
        }
    }
}

/// Issue 11, point 6: planning as plans write it.
@Suite("Planning as plans write it")
struct PlanningFormsTests {
    @Test("Recurring work and an open start read in the ways officers write them and are written in one spelling",
          arguments: [
              ("jaarlijks", "jaarlijks"), ("Elk jaar", "jaarlijks"), ("ieder  jaar", "jaarlijks"), ("per jaar", "jaarlijks"),
              ("per kwartaal", "per kwartaal"), ("Ieder kwartaal", "per kwartaal"), ("perkwartaal", "per kwartaal"),
              ("maandelijks", "maandelijks"), ("per maand", "maandelijks"), ("REGELMATIG", "regelmatig"),
              ("vanaf 2020-01", "vanaf 2020-01"), ("vanaf 2020-1", "vanaf 2020-01"), ("Vanaf januari 2020", "vanaf 2020-01"),
              ("vanaf 2021", "vanaf 2021"), ("vanaf 2021-Q3", "vanaf 2021-Q3"), ("vanaf Q3 2021", "vanaf 2021-Q3"),
              ("vanaf 3e kwartaal 2021", "vanaf 2021-Q3"),
          ])
    func accepted(typed: String, canonical: String) throws {
        let period = try #require(PlannedPeriod(typed), "\(typed)")
        #expect(period.description == canonical)
        #expect(PlannedPeriod(period.description) == period)
    }

    @Test("Nonsense stays refused: a bare vanaf, month 13, a frequency with a year, an unknown frequency",
          arguments: ["vanaf", "vanaf 2020-13", "vanaf 2020-00", "jaarlijks 2020", "wekelijks", "vanaf 2020-2021", "vanaf doorlopend", "per"])
    func refused(typed: String) {
        #expect(PlannedPeriod.parse(typed) == .failure(.unrecognised), "\(typed)")
    }

    @Test("Every consumer handles the new forms: years, sorting, the plan period, shifting and the Dutch label")
    func consumers() throws {
        let plan = YearRange(first: 2020, last: 2023)!
        let quarterly = PlannedPeriod.recurring(.quarterly)
        let open = try #require(PlannedPeriod("vanaf 2021-03"))
        #expect(quarterly.years == nil && quarterly.years(in: plan) == nil)
        #expect(quarterly.sortYear == Int.max)
        #expect(plan.contains(quarterly) && plan.overlaps(quarterly))
        #expect(quarterly.shifted(byYears: 4) == quarterly)
        #expect(open.years == 2021...2021)
        #expect(open.years(in: plan) == 2021...2023)
        #expect(open.sortYear == 2021)
        #expect(plan.contains(open))
        #expect(!plan.contains(PlannedPeriod("vanaf 2025")!))
        #expect(open.shifted(byYears: 4) == PlannedPeriod("vanaf 2025-03"))
        #expect(open.label == "vanaf maart 2021")
        #expect(PlannedPeriod("vanaf 2021-Q3")!.label == "vanaf 3e kwartaal 2021")
        #expect(quarterly.label == "per kwartaal")
        #expect(!quarterly.isMeasurable && !open.isMeasurable && PlannedPeriod.ongoing.isMeasurable)
        #expect(YearRange.parse("vanaf 2021") == .failure(.notWholeYears))
    }

    static let planningFile = minimalPlanFile.replacingOccurrences(of: """
            doel: minder-inbraken

    """, with: """
            doel: minder-inbraken
          - sleutel: keurmerk
            omschrijving: Keurmerk Veilig Ondernemen op het bedrijventerrein
            planning: 2026
            afhankelijk-van: het besluit van de provincie over de subsidie
          - sleutel: schouw
            omschrijving: Buurtschouw met de woningcorporatie
            planning: per kwartaal
          - sleutel: meldpunt
            omschrijving: Meldpunt woninginbraak
            planning: vanaf 2025-03

    """)

    @Test("A plan file with a recurring planning, an open start and a dependency validates, shows and writes back unchanged")
    func planFile() throws {
        let plan = try PlanFileReader.read(Self.planningFile)
        #expect(plan.problems().isEmpty)
        let actions = plan.themes[0].actions
        #expect(actions.map(\.planning) == [.year(2025), .year(2026), .recurring(.quarterly), .openStart(.month(YearMonth(year: 2025, month: 3)!))])
        #expect(actions[1].planningDependency == "het besluit van de provincie over de subsidie")
        let written = PlanFileWriter.write(plan)
        #expect(written.contains("afhankelijk-van: het besluit van de provincie over de subsidie"))
        #expect(written.contains("planning: vanaf 2025-03"))
        let reread = try PlanFileReader.read(written)
        #expect(reread == plan)
        #expect(PlanFileWriter.write(reread) == written)

        let theme = ThemePage(plan: plan, theme: plan.themes[0]).render()
        #expect(theme.contains("<td>Afhankelijk van het besluit van de provincie over de subsidie; verwacht 2026</td>"))
        #expect(theme.contains("<td>per kwartaal</td>"))
        #expect(theme.contains("<td>vanaf maart 2025</td>"))
        let summary = SummaryPage(plan: plan).render()
        #expect(summary.contains("<td>Afhankelijk van het besluit van de provincie over de subsidie; verwacht 2026</td>"))
        #expect(summary.contains("<td>vanaf maart 2025</td>"))
    }

    @Test("Refused in the file with the place and a Dutch message: a start outside the plan, a frequency with a year, a measurement at an open start")
    func fileRefusals() throws {
        let outside = problems(in: Self.planningFile.replacingOccurrences(of: "vanaf 2025-03", with: "vanaf 2031"))
        #expect(outside.map(\.description) == ["themas[0].acties[3].planning (regel 31): \"vanaf 2031\" valt buiten de planperiode 2024-2027"])
        let withYear = problems(in: Self.planningFile.replacingOccurrences(of: "per kwartaal", with: "jaarlijks 2025"))
        #expect(withYear.count == 1)
        #expect(withYear.first?.message == "\"jaarlijks 2025\": schrijf terugkerend werk zonder jaartal (jaarlijks, per kwartaal, maandelijks of regelmatig), of een begin als vanaf 2021")
        let month = problems(in: Self.planningFile.replacingOccurrences(of: "vanaf 2025-03", with: "vanaf 2025-13"))
        #expect(month.first?.message == "\"vanaf 2025-13\" is geen geldig begin (gebruik bijv. vanaf 2020-01, vanaf januari 2020, vanaf 2021 of vanaf 2021-Q3)")
        let weekly = problems(in: Self.planningFile.replacingOccurrences(of: "per kwartaal", with: "wekelijks"))
        #expect(weekly.first?.message == "\"wekelijks\" is geen geldige periode (gebruik bijv. 2020, 2020-2021 of 2021-Q3, of doorlopend)")
        let baseline = problems(in: minimalPlanFile.replacingOccurrences(of: "partners:\n  - sleutel: gemeente", with: """
          - sleutel: extra
            titel: Extra
            rol: overig
            indicatoren:
              - sleutel: inbraken
                naam: Woninginbraken
                nulmeting: { waarde: 120, periode: vanaf 2024 }
        partners:
          - sleutel: gemeente
        """))
        #expect(baseline.contains { $0.message.contains("is geen moment van meten") }, "\(baseline)")
    }

    @Test("A copy for the next plan moves an open start with the years and leaves recurring work as it is")
    func copy() throws {
        let plan = try PlanFileReader.read(Self.planningFile)
        let copy = plan.copyForNextPlan(key: Key("proefstad-2028-2031")!, title: "Veilig Proefstad", period: YearRange(first: 2028, last: 2031)!,
                                        dates: .shift)
        let actions = copy.plan.themes[0].actions
        #expect(actions[2].planning == .recurring(.quarterly))
        #expect(actions[3].planning == PlannedPeriod("vanaf 2029-03"))
        #expect(actions[1].planningDependency == "het besluit van de provincie over de subsidie")
        #expect(!copy.report.shifted.contains { $0.title == "Buurtschouw met de woningcorporatie" })
    }

    @Test("The Doetinchem example uses an open start, regular work and a dependent moment from the real plan")
    func doetinchemExample() throws {
        let plan = try example("doetinchem-2020-2023.yaml")
        let actions = plan.themes.flatMap(\.allActions)
        #expect(actions.first { $0.key == Key("zorg-en-veiligheid-wvggz") }?.planning == PlannedPeriod("vanaf 2020-01"))
        #expect(actions.first { $0.key == Key("ondermijning-integrale-controles") }?.planning == .recurring(.regularly))
        #expect(actions.first { $0.key == Key("ondermijning-bewustwordingscampagne") }?.planningDependency != nil)
    }
}

extension DatabaseTests {
    @Suite("Planning forms in the database and the editor")
    struct PlanningEditingTests {
        @Test("Imported with the index's years, edited in the browser (vanaf 2025-03, per kwartaal, a dependency), shown and exported unchanged")
        func importEditExport() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(PlanningFormsTests.planningFile)
                #expect(try await app.plans.save(plan) == .created)
                #expect(try await app.plans.plan(plan.key) == plan)
                let index = try await PlanActionRecord.query(on: app.db).all()
                let years = Dictionary(uniqueKeysWithValues: index.map { ($0.actionKey, [$0.firstYear, $0.lastYear]) })
                #expect(years["meldpunt"] == [2025, 2027], "an open start runs to the plan's last year")
                #expect(years["schouw"] == [nil, nil], "recurring work is ongoing")
                #expect(years["keurmerk"] == [2026, 2026])

                let officer = try await app.officer(for: plan)
                let base = "/plannen/\(plan.key)/bewerken/themas/woninginbraak/acties"
                func save(_ action: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String) {
                    let (print, page) = try await editorPage(app, officer, plan.key, "/themas/woninginbraak/acties/\(action)")
                    #expect(page.contains("name=\"afhankelijk-van\""))
                    var result: (HTTPStatus, String) = (.ok, "")
                    try await app.testing().test(.POST, "\(base)/\(action)", headers: officer.formHeaders,
                                                 body: form(officer, [("vorige", print), ("status", "planned")] + fields)) { res in
                        result = (res.status, res.body.string)
                    }
                    return result
                }
                var step = try await save("buurtpreventie", [("omschrijving", "Buurtpreventieteams ondersteunen"), ("planning", "Vanaf 2025-03"),
                                                             ("afhankelijk-van", "de subsidie van het Rijk")])
                #expect(step.0 == .seeOther)
                step = try await save("meldpunt", [("omschrijving", "Meldpunt woninginbraak"), ("planning", "ieder kwartaal")])
                #expect(step.0 == .seeOther)
                step = try await save("schouw", [("omschrijving", "Buurtschouw met de woningcorporatie"), ("planning", "vanaf 2025-13")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.1.contains("is geen periode. Regie begrijpt bijvoorbeeld"))

                let stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.themes[0].actions[0].planning == PlannedPeriod("vanaf 2025-03"))
                #expect(stored.themes[0].actions[0].planningDependency == "de subsidie van het Rijk")
                #expect(stored.themes[0].actions[3].planning == .recurring(.quarterly))
                #expect(stored.themes[0].actions[2].planning == .recurring(.quarterly), "the refused save changed nothing")
                let reindexed = try await PlanActionRecord.query(on: app.db).filter(\.$actionKey == "buurtpreventie").first()
                #expect(reindexed?.firstYear == 2025 && reindexed?.lastYear == 2027)

                var page = ""
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/woninginbraak", headers: officer.headers) { res in page = res.body.string }
                #expect(page.contains("Afhankelijk van de subsidie van het Rijk; verwacht vanaf maart 2025"))

                let written = PlanFileWriter.write(stored)
                let reread = try PlanFileReader.read(written)
                #expect(reread == stored)
                #expect(PlanFileWriter.write(reread) == written)
            }
        }
    }
}
