import Foundation
import RegieCore
import RegieReports
import RegieWeb
import Testing
import VaporTesting

/// Running an adopted plan: progress and planning change without the council, also while a new
/// version is prepared; the council's part (content) still needs a new version.
@Suite("Running the plan")
struct ExecutionModelTests {
    @Test("An update reaches an action in a track and in a local chapter; an unknown action changes nothing")
    func applyEverywhere() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        plan.themes[0].tracks = [Track(key: Key("spoor")!, title: "Spoor", actions: [Action(key: Key("in-spoor")!, description: "In een spoor")])]
        let before = plan
        let unknown = plan.apply(ExecutionUpdate(action: Key("bestaat-niet")!, status: .completed, progressNote: ""))
        #expect(!unknown)
        #expect(plan == before)
        let update = ExecutionUpdate(action: Key("in-spoor")!, status: .inProgress, progressNote: "Loopt.",
                                     planning: .some(PlannedPeriod("2026-Q3")))
        let applied = plan.apply(update)
        #expect(applied)
        let action = try #require(plan.action(Key("in-spoor")!)?.action)
        #expect(action.status == .inProgress && action.progressNote == "Loopt." && action.planning == PlannedPeriod("2026-Q3"))
        // nil planning leaves it as it is.
        let again = plan.apply(ExecutionUpdate(action: Key("in-spoor")!, status: .completed, progressNote: "Klaar."))
        #expect(again)
        #expect(plan.action(Key("in-spoor")!)?.action.planning == PlannedPeriod("2026-Q3"))
    }

    @Test("The version history names the fields that changed, and marks running changes")
    func fieldLevelChanges() throws {
        let old = try example("stadskanaal-2020-2024.yaml")
        var new = old
        new.themes[0].title = "Nieuwe titel"
        new.themes[0].summary = "Anders samengevat."
        let action = try #require(old.themes[0].allActions.first)
        new.apply(ExecutionUpdate(action: action.key, status: action.status, progressNote: action.progressNote,
                                  planning: .some(PlannedPeriod("2031"))))
        new.themes[0].goals.append(Goal(key: Key("nieuw-doel")!, title: "Nieuw doel"))
        let changes = PlanChange.between(old, new)
        let theme = try #require(changes.first { if case .theme = $0.area { true } else { false } })
        #expect(theme.kind == .changed)
        let labels = theme.details.map(ChangeLabels.label)
        #expect(labels.contains("Gewijzigd: titel en samenvatting"))
        #expect(labels.contains("Doel \u{201C}Nieuw doel\u{201D} toegevoegd"))
        #expect(labels.contains("Actie \u{201C}\(action.description)\u{201D} gewijzigd: planning (uitvoering)"))
    }

    @Test("Every stored field of the parts in the history has a Dutch name")
    func everyFieldHasADutchName() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let samples: [Any] = [plan.themes[0], Goal(key: Key("g")!, title: "g"), Indicator(key: Key("i")!, name: "i"),
                              Action(key: Key("a")!, description: "a"), Track(key: Key("t")!, title: "t"),
                              plan.partners[0], ConsultationBody(key: Key("o")!, name: "o"),
                              PriorityReference(key: Key("p")!, level: .regional, title: "p"),
                              LocalChapter(municipality: MunicipalityCode("GM0037")!),
                              BudgetLine(description: "b", amount: 1)]
        for sample in samples {
            for child in Mirror(reflecting: sample).children {
                // Keys identify; lists of items are compared item by item, each named by its kind.
                guard let label = child.label, !["key", "municipality", "goals", "indicators", "actions", "tracks"].contains(label) else { continue }
                #expect(ChangeLabels.fields[label] != nil, "no Dutch name for \(type(of: sample)).\(label)")
            }
        }
    }
}

extension DatabaseTests {
    @Suite("Running the plan in the browser")
    struct ExecutionWebTests {
        static let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)
        static let police = Tenant.organisation(Key("politie-noord-nederland")!)

        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.body.string)
            }
            return result
        }

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(.GET, path, headers: user.headers) { res in result = (res.status, res.body.string) }
            return result
        }

        /// The Stadskanaal plan (adopted) with an action the police lead.
        func adoptedPlan(_ app: Application) async throws -> Plan {
            var plan = try example("stadskanaal-2020-2024.yaml")
            plan.modifyTheme(plan.themes[0].key) { theme in
                theme.actions.append(Action(key: Key("politie-actie")!, description: "Extra surveillance", planning: PlannedPeriod("2021"),
                                            owner: Key("politie")!))
            }
            _ = try await app.plans.save(plan)
            return plan
        }

        @Test("After adoption the officer moves a planning without a new version; the trail records it; bad input is refused and kept")
        func shiftPlanningAfterAdoption() async throws {
            try await withTestApp { app in
                let plan = try await adoptedPlan(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let partner = try await app.signIn("politie.a", Self.police, [.partner])
                let path = "/plannen/\(plan.key)/acties/politie-actie/voortgang"
                let page = try await get(app, officer, path)
                #expect(page.0 == .ok && page.1.contains("name=\"planning\"") && page.1.contains("geen nieuwe versie"))
                #expect(!(try await get(app, partner, path)).1.contains("name=\"planning\""), "partners report progress, officers move plannings")

                let wrong = try await post(app, officer, path, [("status", "inProgress"), ("voortgang", "Gestart."), ("planning", "ergens volgend jaar")])
                #expect(wrong.0 == .unprocessableEntity)
                #expect(wrong.1.contains("is geen planning") && wrong.1.contains("ergens volgend jaar") && wrong.1.contains("Gestart."))

                let stored = try #require(try await app.plans.stored(plan.key))
                let done = try await post(app, officer, path, [("status", "inProgress"), ("voortgang", "Gestart."), ("planning", "2021-Q4")])
                #expect(done.0 == .seeOther)
                let after = try #require(try await app.plans.stored(plan.key))
                #expect(after.version == stored.version && after.plan.status == .adopted, "no new version, still adopted")
                #expect(after.plan.action(Key("politie-actie")!)?.action.planning == PlannedPeriod("2021-Q4"))
                #expect(after.plan.action(Key("politie-actie")!)?.action.status == .inProgress)

                // A partner's form cannot move the planning, even when it sends the field.
                #expect(try await post(app, partner, path, [("status", "completed"), ("voortgang", "Klaar."), ("planning", "2030")]).0 == .seeOther)
                #expect(try await app.plans.plan(plan.key)?.action(Key("politie-actie")!)?.action.planning == PlannedPeriod("2021-Q4"))

                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 10)
                let shift = try #require(trail.first { $0.entry.action == .actionProgressUpdated && $0.entry.after.contains { $0.label == "Planning" } })
                #expect(shift.entry.before.contains(AuditValue("Planning", "2021")))
                #expect(shift.entry.after.contains(AuditValue("Planning", "4e kwartaal 2021")))
            }
        }

        @Test("While a new version is prepared, the police keep reporting progress: readers see it in the adopted version, and it goes into the new one")
        func progressDuringNewVersion() async throws {
            try await withTestApp { app in
                let plan = try await adoptedPlan(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let partner = try await app.signIn("politie.a", Self.police, [.partner])
                let reader = try await app.signIn("raad.a", Self.stadskanaal, [.reader])
                #expect(try await post(app, officer, "/plannen/\(plan.key)/nieuwe-versie", [("reden", "Herziening")]).0 == .seeOther)
                let theme = "/plannen/\(plan.key)/themas/\(plan.themes[0].key)"
                #expect(try await get(app, partner, theme).1.contains("/plannen/\(plan.key)/acties/politie-actie/voortgang"))
                let form = try await get(app, partner, "/plannen/\(plan.key)/acties/politie-actie/voortgang")
                #expect(form.0 == .ok && form.1.contains("Er wordt een nieuwe versie van dit plan voorbereid"))
                let saved = try await post(app, partner, "/plannen/\(plan.key)/acties/politie-actie/voortgang",
                                           [("status", "inProgress"), ("voortgang", "Drie avonden per week.")])
                #expect(saved.0 == .seeOther)
                // Readers see the adopted version, with the report in it.
                let read = try await get(app, reader, theme)
                #expect(read.1.contains("U ziet de vastgestelde versie") && read.1.contains("Drie avonden per week."))
                // The concept has it too, so adopting the new version loses nothing.
                let stored = try #require(try await app.plans.stored(plan.key))
                #expect(stored.plan.status == .draft)
                #expect(stored.plan.action(Key("politie-actie")!)?.action.progressNote == "Drie avonden per week.")
                let adopted = try #require(try await app.plans.adoptedVersion(of: plan.key))
                #expect(adopted.action(Key("politie-actie")!)?.action.status == .inProgress)
                // Content of the adopted version is untouched.
                var expected = plan
                expected.apply(ExecutionUpdate(action: Key("politie-actie")!, status: .inProgress, progressNote: "Drie avonden per week."))
                #expect(adopted == expected)
            }
        }

        @Test("A council member reads the status and versions read-only; the versions page names changed fields")
        func councilMemberReadsStatusAndVersions() async throws {
            try await withTestApp { app in
                let plan = try await adoptedPlan(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let reader = try await app.signIn("raad.a", Self.stadskanaal, [.reader])
                let status = try await get(app, reader, "/plannen/\(plan.key)/status")
                #expect(status.0 == .ok)
                #expect(status.1.contains("Vastgesteld (nu)") && status.1.contains("Alleen beleidsmedewerkers van het plan kunnen de status wijzigen."))
                #expect(!status.1.contains("<form method=\"post\" action=\"/plannen/\(plan.key)"), "no forms for readers")
                #expect(try await post(app, reader, "/plannen/\(plan.key)/status", [("naar", "inExecution")]).0 == .forbidden)
                #expect(try await get(app, reader, "/plannen/\(plan.key)").1.contains("/plannen/\(plan.key)/status"))

                // A new version changes a title; once adopted, the history says which field.
                #expect(try await post(app, officer, "/plannen/\(plan.key)/nieuwe-versie", [("reden", "Herziening")]).0 == .seeOther)
                var draft = try #require(try await app.plans.stored(plan.key))
                var changed = draft.plan
                changed.themes[0].summary = "Korter samengevat."
                changed.status = .adopted
                changed.adoptions = [Adoption(date: CalendarDate(iso: "2023-02-01")!, body: "gemeenteraad", decisionNumber: "2023-1")]
                _ = try await app.plans.update(changed, expectingRevision: draft.revision, audit: [])
                draft = try #require(try await app.plans.stored(plan.key))
                let versions = try await get(app, reader, "/plannen/\(plan.key)/versies")
                #expect(versions.0 == .ok)
                #expect(versions.1.contains("Van versie 1 naar 2") && versions.1.contains("Gewijzigd: samenvatting"))
            }
        }
    }
}
