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
        #expect(action.first?.message == "actie \"buurtpreventei\" bestaat niet in dit plan; bedoelt u \"buurtpreventie\"?")

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
