import Foundation
import RegieCore
import RegieReports
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// Copying a plan in the browser, and typing periods and long texts the way people do.
    @Suite("Copying plans and forgiving forms")
    struct CopyWebTests {
        @discardableResult
        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?, String) {
            var result: (HTTPStatus, String?, String) = (.ok, nil, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location), res.body.string)
            }
            return result
        }

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(.GET, path, headers: user.headers) { res in result = (res.status, res.body.string) }
            return result
        }

        @Test("\"2025 t/m 2028\" on the new-plan form, copying with shifted dates: a report of what moved, with links, and an audit entry")
        func copyWithShift() async throws {
            try await withTestApp { app in
                let old = try example("stadskanaal-2020-2024.yaml")
                _ = try await app.plans.save(old)
                let code = MunicipalityCode("GM0037")!
                let officer = try await app.signIn("beleid.a", .municipality(code), [.policyOfficer])
                let admin = try await app.signIn("beheer.a", .municipality(code), [.administrator])
                let step = try await post(app, officer, "/plannen/nieuw", [("titel", "Veiligheidsplan"), ("eigenaar", "GM0037"),
                                                                         ("periode", "2025 t/m 2028"), ("kopie-van", old.key.rawValue),
                                                                         ("datums", "verschuiven")])
                #expect(step.0 == .seeOther)
                let key = Key("veiligheidsplan-2025-2028")!
                #expect(step.1 == "/plannen/\(key)/na-het-kopieren?van=\(old.key)&datums=verschuiven")
                let copy = try #require(try await app.plans.plan(key))
                #expect(copy.period == YearRange(first: 2025, last: 2028))
                let planned = old.allThemes.flatMap(\.allActions).filter { $0.planning != nil }.count
                #expect(copy.allThemes.flatMap(\.allActions).filter { $0.planning != nil }.count == planned, "no planning is lost")
                #expect(copy.problems().isEmpty)

                let (status, page) = try await get(app, officer, try #require(step.1))
                #expect(status == .ok)
                let moved = old.allThemes.flatMap(\.allActions).filter { $0.planning != nil && $0.planning != .ongoing }.count
                #expect(page.contains("De planning van \(moved) acties is 5 jaar later gezet."))
                #expect(page.contains("Kijk hier nog naar"))
                // The targets of 2020-2024 become 2025-2029: past the end, so each is listed with a link to its field.
                #expect(page.contains("buiten de planperiode 2025–2028"))
                #expect(page.contains("/plannen/\(key)/bewerken/themas/"))
                #expect(page.contains("#veld-streefwaarde"))
                #expect(page.contains("href=\"/plannen/\(key)/bewerken\""))

                let trail = try await app.accounts.auditTrail(for: code, limit: 10)
                let entry = try #require(trail.first { $0.entry.action == .planCreated }?.entry)
                #expect(entry.after.contains(AuditValue("Jaartallen", "verschoven met 5 jaar")))
                #expect(entry.after.contains { $0.label == "Verschoven" && $0.value.hasPrefix("\(moved) planningen") })
                #expect(entry.after.contains(AuditValue("Kopie van", "\(old.title) (\(old.key), 2020–2024)")))
                // The beheerder sees which fields the entry holds (not the plan's content).
                let (_, log) = try await get(app, admin, "/beheer/logboek")
                #expect(log.contains("Jaartallen"))
            }
        }

        @Test("Keeping the dates: nothing is dropped, and what lies outside the period is listed for review")
        func copyKeepingDates() async throws {
            try await withTestApp { app in
                let old = try example("stadskanaal-2020-2024.yaml")
                _ = try await app.plans.save(old)
                let officer = try await app.signIn("beleid.a", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                let step = try await post(app, officer, "/plannen/nieuw", [("titel", "Veiligheidsplan"), ("eigenaar", "GM0037"),
                                                                         ("periode", "2025\u{2013}2028"), ("kopie-van", old.key.rawValue),
                                                                         ("datums", "behouden")])
                #expect(step.0 == .seeOther)
                let copy = try #require(try await app.plans.plan(Key("veiligheidsplan-2025-2028")!))
                #expect(copy.allThemes.flatMap(\.allActions).map(\.planning) == old.allThemes.flatMap(\.allActions).map(\.planning))
                let (status, page) = try await get(app, officer, try #require(step.1))
                #expect(status == .ok)
                #expect(page.contains("U koos ervoor planningen, streefwaarden en begrotingsjaren te laten staan."))
                #expect(page.contains("valt buiten de planperiode 2025–2028"))
                #expect(page.contains("#veld-planning"))
                // A made-up source the officer cannot read gives nothing away.
                let (missing, _) = try await get(app, officer, "/plannen/veiligheidsplan-2025-2028/na-het-kopieren?van=bestaat-niet")
                #expect(missing == .notFound)
            }
        }

        @Test("Plan periods in the ways people type them, on the new-plan form and in the editor; refusals say what works")
        func forgivingPlanPeriod() async throws {
            try await withTestApp { app in
                let officer = try await app.signIn("beleid.a", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                var step = try await post(app, officer, "/plannen/nieuw", [("titel", "Veilig"), ("eigenaar", "GM0037"), ("periode", "2029\u{2013}2032"), ("kopie-van", "")])
                #expect(step.1 == "/plannen/veilig-2029-2032/bewerken")
                step = try await post(app, officer, "/plannen/nieuw", [("titel", "Samen veilig"), ("eigenaar", "GM0037"), ("periode", "2025 tot en met 2028"), ("kopie-van", "")])
                #expect(step.1 == "/plannen/samen-veilig-2025-2028/bewerken")
                step = try await post(app, officer, "/plannen/nieuw", [("titel", "Fout"), ("eigenaar", "GM0037"), ("periode", "vanaf 2025"), ("kopie-van", "")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("2025 t/m 2028"), "the message names the accepted forms")
                #expect(step.2.contains("value=\"vanaf 2025\""), "what was typed stays")
                step = try await post(app, officer, "/plannen/nieuw", [("titel", "Fout"), ("eigenaar", "GM0037"), ("periode", "Q3 2025"), ("kopie-van", "")])
                #expect(step.2.contains("hele jaren"))

                let key = Key("veilig-2029-2032")!
                let page = try await editorPage(app, officer, key)
                #expect(!page.body.contains("maxlength"), "the browser cuts nothing")
                step = try await post(app, officer, "/plannen/\(key)/bewerken", [("vorige", page.fingerprint), ("titel", "Veilig"),
                                                                               ("soort", "integralSafetyPlan"), ("periode", "2029 t/m 2033")])
                #expect(step.0 == .seeOther)
                #expect(try await app.plans.plan(key)?.period == YearRange(first: 2029, last: 2033))
                #expect(try await editorPage(app, officer, key).body.contains("value=\"2029-2033\""), "shown in the canonical spelling")
            }
        }

        @Test("\"Q3 2025\" as an action's planning is stored as 2025-Q3")
        func quarterPlanning() async throws {
            try await withTestApp { app in
                let officer = try await app.signIn("beleid.a", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                _ = try await post(app, officer, "/plannen/nieuw", [("titel", "Veilig"), ("eigenaar", "GM0037"), ("periode", "2025 t/m 2028"), ("kopie-van", "")])
                let key = Key("veilig-2025-2028")!
                let base = "/plannen/\(key)/bewerken"
                _ = try await post(app, officer, base + "/themas/toevoegen", [("nieuw-themas", "Woninginbraak")])
                _ = try await post(app, officer, base + "/themas/woninginbraak/acties/toevoegen", [("nieuw-acties", "Buurtpreventie")])
                let path = "/themas/woninginbraak/acties/buurtpreventie"
                var page = try await editorPage(app, officer, key, path)
                var step = try await post(app, officer, base + path, [("vorige", page.fingerprint), ("omschrijving", "Buurtpreventie"),
                                                                    ("planning", "Q3 2025"), ("status", "planned")])
                #expect(step.0 == .seeOther)
                #expect(try await app.plans.plan(key)?.themes[0].actions[0].planning == PlannedPeriod("2025-Q3"))
                page = try await editorPage(app, officer, key, path)
                #expect(page.body.contains("value=\"2025-Q3\""))
                step = try await post(app, officer, base + path, [("vorige", page.fingerprint), ("omschrijving", "Buurtpreventie"),
                                                                ("planning", "3e kwartaal 2025 t/m 1e kwartaal 2026"), ("status", "planned")])
                #expect(step.0 == .seeOther)
                #expect(try await app.plans.plan(key)?.themes[0].actions[0].planning == PlannedPeriod("2025-Q3-2026-Q1"))
                page = try await editorPage(app, officer, key, path)
                step = try await post(app, officer, base + path, [("vorige", page.fingerprint), ("omschrijving", "Buurtpreventie"),
                                                                ("planning", "najaar 2025"), ("status", "planned")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("is geen periode. Regie begrijpt bijvoorbeeld"))
                #expect(step.2.contains("value=\"najaar 2025\""))
            }
        }

        @Test("A too long text is refused with the limit, and nothing typed is cut")
        func tooLongText() async throws {
            try await withTestApp { app in
                let officer = try await app.signIn("beleid.a", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                _ = try await post(app, officer, "/plannen/nieuw", [("titel", "Veilig"), ("eigenaar", "GM0037"), ("periode", "2025-2028"), ("kopie-van", "")])
                let key = Key("veilig-2025-2028")!
                let page = try await editorPage(app, officer, key)
                #expect(page.body.contains("Maximaal 300 tekens."), "the limit shows next to the field")
                // The long texts are in the editor's section of the plan's texts.
                #expect(try await editorPage(app, officer, key, "/teksten").body.contains("Maximaal 20.000 tekens."))
                #expect(page.body.contains("aria-describedby=\"veld-titel-limiet\""))
                let long = String(repeating: "Veiligheid ", count: 30) + "en meer"   // 337 characters
                let step = try await post(app, officer, "/plannen/\(key)/bewerken", [("vorige", page.fingerprint), ("titel", long),
                                                                                   ("soort", "integralSafetyPlan"), ("periode", "2025-2028")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("Deze tekst is 337 tekens lang; in dit veld passen er maximaal 300. Maak hem 37 tekens korter."))
                #expect(step.2.contains("value=\"\(long)\""), "the whole text stays in the field")
                #expect(try await app.plans.plan(key)?.title == "Veilig")
                // The same on the new-plan form.
                let refused = try await post(app, officer, "/plannen/nieuw", [("titel", long), ("eigenaar", "GM0037"), ("periode", "2025-2028"), ("kopie-van", "")])
                #expect(refused.0 == .unprocessableEntity)
                #expect(refused.2.contains("maximaal 300"))
                #expect(refused.2.contains("value=\"\(long)\""))
                let (_, form) = try await get(app, officer, "/plannen/nieuw")
                #expect(!form.contains("maxlength"))
                #expect(form.contains("2027 t/m 2030"))
            }
        }

        @Test("Prose typed with hard line breaks is stored reflowed; a plan file's too")
        func reflowOnSave() async throws {
            try await withTestApp { app in
                let officer = try await app.signIn("beleid.a", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                _ = try await post(app, officer, "/plannen/nieuw", [("titel", "Veilig"), ("eigenaar", "GM0037"), ("periode", "2025-2028"), ("kopie-van", "")])
                let key = Key("veilig-2025-2028")!
                let page = try await editorPage(app, officer, key)
                let step = try await post(app, officer, "/plannen/\(key)/bewerken", [("vorige", page.fingerprint), ("titel", "Veilig"),
                                                                                   ("soort", "integralSafetyPlan"), ("periode", "2025-2028"),
                                                                                   ("inleiding", "Een zin die\r\ndoorloopt.\r\n\r\n\u{2022} punt een\r\n\u{2022} punt twee")])
                #expect(step.0 == .seeOther)
                #expect(try await app.plans.plan(key)?.introduction.source == "Een zin die doorloopt.\n\n- punt een\n- punt twee")
                let plan = try example("stadskanaal-2020-2024.yaml")
                // The file wraps its lines at about 100 characters; the plan holds each paragraph on one line.
                #expect(plan.introduction.source.contains("de komende vier jaar samen werken aan een veilige"))
                #expect(plan.introduction.source == Prose.reflow(plan.introduction.source))
            }
        }
    }
}
