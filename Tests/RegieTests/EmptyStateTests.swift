import Foundation
import RegieCore
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    @Suite("Empty states say what is missing and offer the next step")
    struct EmptyStateTests {
        @Test("An empty plan's analysis and summary say what is missing, point to the municipality's figures and to the editor, and never claim the figures are missing")
        func emptyPlan() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                let owner = PlanOwner.municipality(Municipality(code: MunicipalityCode("GM1948")!, name: "Meierijstad"))
                let plan = Plan(key: Key("leeg-plan-2027-2030")!, title: "Leeg plan", owner: owner, period: YearRange(first: 2027, last: 2030)!)
                _ = try await app.plans.save(plan)
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("Dit plan heeft nog geen thema\u{2019}s"))
                    #expect(body.contains("href=\"/gemeenten/GM1948/veiligheidsanalyse\""))
                    #expect(body.contains("Voeg in de editor thema\u{2019}s toe"))
                    #expect(!body.contains("geen cijfers over Meierijstad ingelezen"), "Meierijstad has figures")
                    #expect(!body.contains("regie data import") && !body.contains("docs/data-import.md"))
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)/samenvatting", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("Dit plan heeft nog geen thema\u{2019}s."))
                    #expect(body.contains("Een thema toevoegen"))
                    #expect(!body.contains("<th scope=\"col\">Doelstelling</th>"), "no empty table")
                }
                // The municipality's series page keeps the police codes, folded away for readers.
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.body.string.contains("<summary>Welke cijfers dit zijn</summary>"))
                    #expect(!res.body.string.contains("Misdrijfsoorten: "))
                }
            }
        }
    }
}
