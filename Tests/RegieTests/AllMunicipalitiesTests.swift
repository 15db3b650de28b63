import Foundation
import RegieCore
import RegieImporter
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// Issue 13 point 9: every municipality in the imported figures has its analysis page.
    @Suite("Analysis pages for every municipality in the data")
    struct AllMunicipalitiesTests {
        @Test("A municipality with figures but no plan and no account gets its analysis, and a way to compare")
        func figuresOnly() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                #expect(try await app.plans.municipality(MunicipalityCode("GM1948")!) == nil)
                // An officer of another municipality (Stadskanaal) looks at Meierijstad.
                let officer = try await app.signIn("beleid.stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("Veiligheidsanalyse Meierijstad"))
                    #expect(body.contains("/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak"))
                    #expect(body.contains("Vergelijk met een andere gemeente"))
                    #expect(body.contains(#"<form method="get" action="/gemeenten/vergelijken""#))
                    #expect(body.contains(#"<option value="GM0757">Boxtel (GM0757)</option>"#))
                    #expect(!body.contains(#"<option value="GM1948">"#), "not the municipality itself")
                    #expect(!body.contains(#"<option value="GM0000">"#), "not the police's unknown municipality")
                    #expect(!body.contains(#"href="/gemeenten/GM1948""#), "no link to a municipality page Regie does not have")
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    // The latest year's count and the district table with its 2024 inhabitants.
                    #expect(res.body.string.contains("100"))
                    #expect(res.body.string.contains("34.460"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak.csv", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                }
                try await app.testing().test(.GET, "/gemeenten/vergelijken?gemeente=GM0757&periode=2019-2023", headers: officer.headers) { res in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location) == "/gemeenten/GM0757/veiligheidsanalyse?periode=2019-2023")
                }
                try await app.testing().test(.GET, "/gemeenten/vergelijken?gemeente=Boxtel", headers: officer.headers) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string.contains("Kies een gemeente om mee te vergelijken"))
                }
            }
        }

        @Test("An unknown municipality code is a Dutch 404 that says so")
        func unknownCode() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                let officer = try await app.signIn("beleid.boxtel", .municipality(MunicipalityCode("GM0757")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM9999/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("Gemeentecode GM9999 is onbekend"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM9999/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                }
            }
        }
    }
}
