import Foundation
import RegieCore
@testable import RegieReports
import Testing
import RegieWeb
import VaporTesting

/// Point 9 of issue 12: texts on the reading pages and the status page in plain Dutch.
@Suite("Plain Dutch on reading and status pages")
struct WordingTests {
    @Test("A partner's share of the agreements in whole sentences, singular where it is one")
    func involvement() {
        #expect(PartnersPage.involvement(owned: 19, involved: 1) == "Trekker van 19 afspraken en betrokken bij 1 afspraak.")
        #expect(PartnersPage.involvement(owned: 1, involved: 0) == "Trekker van 1 afspraak.")
        #expect(PartnersPage.involvement(owned: 0, involved: 3) == "Betrokken bij 3 afspraken.")
    }

    @Test("Status buttons say what they do, not where the plan goes")
    func statusButtons() {
        #expect(StatusPage.stepLabel(.consultation, from: .draft) == "Ter consultatie voorleggen")
        #expect(StatusPage.stepLabel(.draft, from: .consultation) == "Terugzetten naar concept")
        #expect(StatusPage.stepLabel(.inExecution, from: .adopted) == "Uitvoering starten")
        #expect(StatusPage.stepLabel(.evaluated, from: .inExecution) == "Markeren als geëvalueerd")
        for status in PlanStatus.allCases {
            for step in StatusPage.nextSteps(from: status) { #expect(!StatusPage.stepLabel(step, from: status).hasPrefix("Naar ")) }
        }
    }

    @Test("Two priorities with the same title can be told apart under Sluit aan bij")
    func priorityOptions() {
        let regional = PriorityReference(key: Key("ondermijning-regio")!, level: .regional, title: "Ondermijning", source: "Regionaal Beleidsplan 2023-2026")
        let national = PriorityReference(key: Key("ondermijning-land")!, level: .national, title: "Ondermijning")
        #expect(PlanEditor.priorityOption(regional) == "Ondermijning (regionaal, Regionaal Beleidsplan 2023-2026)")
        #expect(PlanEditor.priorityOption(national) == "Ondermijning (landelijk)")
    }

    @Test("A table whose title is its code is named once")
    func sourceNamedOnce() {
        let source = StatisticsTableSummary(identifier: "37230ned", title: "37230ned", source: "CBS", revision: 1, observations: 10,
                                            importedAt: Date(timeIntervalSince1970: 0))
        let lead = AnalysisSections.leadText(sources: [source])
        #expect(lead.contains("tabel 37230ned") && !lead.contains("37230ned (37230ned"))
    }
}

extension DatabaseTests {
    @Suite("Long agreements in the editor")
    struct LongAgreementTests {
        @Test("An agreement wrapped over several lines, as plan files write it, is edited in a text box and saved as one line")
        func wrappedAgreement() async throws {
            try await withTestApp { app in
                var plan = try example("stadskanaal-2020-2024.yaml")
                plan.status = .draft
                plan.adoptions = []
                _ = try await app.plans.save(plan)
                let theme = try #require(plan.themes.first { $0.allActions.contains { $0.description.contains("\n") } })
                let action = try #require(theme.allActions.first { $0.description.contains("\n") })
                let officer = try await app.signIn("beleid.a", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                let part = "/themas/\(theme.key)/acties/\(action.key)"
                let page = try await editorPage(app, officer, plan.key, part)
                #expect(page.body.contains("<textarea") && page.body.contains("name=\"omschrijving\""))
                let typed = "Beleidsregels opstellen\r\n  voor de Wet aanpak woonoverlast.\r\nDe burgemeester beslist."
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken\(part)", headers: officer.formHeaders,
                                             body: form(officer, [("vorige", page.fingerprint), ("omschrijving", typed), ("status", action.status?.rawValue ?? "")])) { res in
                    #expect(res.status == .seeOther, "\(res.body.string.prefix(2000))")
                }
                let saved = try #require(try await app.plans.plan(plan.key)?.action(action.key)?.action)
                #expect(saved.description == "Beleidsregels opstellen voor de Wet aanpak woonoverlast. De burgemeester beslist.")
            }
        }
    }
}
