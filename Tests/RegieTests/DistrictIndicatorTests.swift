import Foundation
import RegieCore
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

@Suite("Indicators for a district")
struct DistrictIndicatorModelTests {
    static func plan(region: String?) throws -> Plan {
        var plan = try example("basisteam-meierij-2023-2026.yaml")
        plan.themes[0].indicators.append(Indicator(key: Key("inbraak-sint-oedenrode")!, name: "Woninginbraken in Sint-Oedenrode",
                                                   series: IndicatorSeriesLink(series: "woninginbraak", region: region.flatMap(RegionCode.init))))
        return plan
    }

    @Test("The plan file keeps an indicator's district, and refuses a district outside the plan's municipalities")
    func planFile() throws {
        let plan = try Self.plan(region: "WK194803")
        let text = PlanFileWriter.write(plan)
        #expect(text.contains("gebied: WK194803"))
        #expect(try PlanFileReader.read(text) == plan)
        #expect(plan.problems().isEmpty)
        let outside = try Self.plan(region: "WK003701")
        let problem = try #require(outside.problems().first)
        #expect(problem.kind == .regionOutsidePlan(RegionCode("WK003701")!))
        let wrongLevel = try Self.plan(region: "GM1948")
        #expect(wrongLevel.problems().contains { $0.kind == .regionOutsidePlan(RegionCode("GM1948")!) })
    }
}

extension DatabaseTests {
    @Suite("Indicators for a district in the browser")
    struct DistrictIndicatorWebTests {
        @Test("A theme page shows a district indicator's figures of that district, beside the municipality's for the others")
        func themePage() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                let plan = try DistrictIndicatorModelTests.plan(region: "WK194803")
                _ = try await app.plans.save(plan)
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/\(plan.themes[0].key)", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("Sint-Oedenrode: ") && body.contains("2023: 55"), "the district's own count")
                }
                // The editor takes a district code and refuses one of another municipality, keeping what was typed.
                let path = "/plannen/\(plan.key)/bewerken/themas/\(plan.themes[0].key)/indicatoren/inbraak-sint-oedenrode"
                let page = try await editorPage(app, officer, plan.key, "/themas/\(plan.themes[0].key)/indicatoren/inbraak-sint-oedenrode")
                #expect(page.body.contains("name=\"gebied\"") && page.body.contains("value=\"WK194803\""))
                try await app.testing().test(.POST, path, headers: officer.formHeaders,
                                             body: form(officer, [("vorige", page.fingerprint), ("naam", "Woninginbraken in Sint-Oedenrode"),
                                                                  ("reeks", "woninginbraak"), ("maat", "count"), ("gebied", "WK003701")])) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.body.string.contains("is geen wijk of buurt van"))
                    #expect(res.body.string.contains("value=\"WK003701\""))
                }
            }
        }
    }
}
