import Foundation
import RegieCore
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// An officer and the police partner through a quarter of updates, in the browser's requests,
    /// on SQLite and on PostgreSQL.
    @Suite("Running the plan: programmes, progress, approval and measurements in the browser")
    struct RunningWebTests {
        static let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)
        static let police = Tenant.organisation(Key("politie-noord-nederland")!)
        static let key = Key("stadskanaal-2020-2024")!

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(.GET, path, headers: user.headers) { res in result = (res.status, res.body.string) }
            return result
        }

        /// Stadskanaal (adopted) with one more agreement the police lead in 2024.
        func setUp(_ app: Application) async throws -> Plan {
            var plan = try example("stadskanaal-2020-2024.yaml")
            plan.modifyTheme(plan.themes[0].key) { theme in
                theme.actions.append(Action(key: Key("politie-surveillance")!, description: "Extra surveillance in de wijk", planning: PlannedPeriod("2024"),
                                            owner: Key("politie")!))
            }
            _ = try await app.plans.save(plan)
            app.regieToday = CalendarDate(iso: "2024-04-02")
            return plan
        }

        func programme(_ app: Application, _ officer: TestUser) async throws -> ImplementationProgramme {
            let created = try await post(app, officer, "/plannen/\(Self.key)/programmas/nieuw", [("titel", "Uitvoeringsprogramma 2024"), ("periode", "2024")])
            #expect(created.0 == .seeOther, "\(created.1)")
            let stored = try #require(try await app.plans.plan(Self.key)?.execution.programmes.first)
            let adopted = try await post(app, officer, "/plannen/\(Self.key)/programmas/\(stored.key)/vaststellen",
                                         [("orgaan", "executive"), ("datum", "2024-01-16"), ("besluitnummer", "B&W 2024/003")])
            #expect(adopted.0 == .seeOther, "\(adopted.1)")
            return try #require(try await app.plans.plan(Self.key)?.execution.programme(stored.key))
        }

        @Test("A quarter of updates: the programme, an 'explain red' refusal, a police update that waits for approval, a measurement")
        func quarterOfUpdates() async throws {
            try await withTestApp { app in
                _ = try await setUp(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let agent = try await app.signIn("politie.a", Self.police, [.partner])
                let council = try await app.signIn("raad.a", Self.stadskanaal, [.reader])

                // Bad input first: a programme outside the plan period, then one too long.
                let outside = try await post(app, officer, "/plannen/\(Self.key)/programmas/nieuw", [("titel", "Te laat"), ("periode", "2026")])
                #expect(outside.0 == .unprocessableEntity && outside.1.contains("buiten de planperiode"))
                let long = try await post(app, officer, "/plannen/\(Self.key)/programmas/nieuw", [("titel", "Te lang"), ("periode", "2022-2024")])
                #expect(long.0 == .unprocessableEntity && long.1.contains("één of twee jaar"))
                #expect(try await app.plans.plan(Self.key)?.execution.programmes.isEmpty == true)

                let programme = try await programme(app, officer)
                #expect(programme.status == .adopted && programme.adoption?.decisionNumber == "B&W 2024/003")
                #expect(programme.activities.contains { $0.agreement == Key("politie-surveillance") })
                // Adopted is read-only: adopting again is refused.
                let again = try await post(app, officer, "/plannen/\(Self.key)/programmas/\(programme.key)/vaststellen", [("orgaan", "mayor"), ("datum", "2024-02-01")])
                #expect(again.0 == .unprocessableEntity && again.1.contains("vastgesteld en kan niet meer"))

                // Partner updates wait for approval on this plan.
                let settings = try await post(app, officer, "/plannen/\(Self.key)/uitvoering/instellingen",
                                              [("verouderd-na", "3"), ("meten-elke", "12"), ("goedkeuren", "ja"), ("blokkeren", "nee")])
                #expect(settings.0 == .seeOther)

                let policePath = "/plannen/\(Self.key)/uitvoering/activiteiten/\(programme.key)/politie-surveillance"
                let other = try #require(programme.activities.first { $0.owner?.partner != Key("politie") })
                let otherPath = "/plannen/\(Self.key)/uitvoering/activiteiten/\(programme.key)/\(other.key)"

                // "Explain red": delayed without an explanation is refused, and nothing is stored.
                let red = try await post(app, officer, otherPath, [("datum", "2024-03-28"), ("status", "delayed"), ("toelichting", "")])
                #expect(red.0 == .unprocessableEntity)
                #expect(red.1.contains("hoort een toelichting"))
                #expect(try await app.plans.plan(Self.key)?.execution.updates.isEmpty == true)
                let explained = try await post(app, officer, otherPath, [("datum", "2024-03-28"), ("status", "delayed"),
                                                                         ("toelichting", "Wacht op de subsidie van de provincie."), ("uren", "12,5")])
                #expect(explained.0 == .seeOther)

                // The police may not update what the municipality leads, and do not see its form.
                #expect(try await post(app, agent, otherPath, [("status", "running")]).0 == .forbidden)
                #expect(!(try await get(app, agent, otherPath)).1.contains("Update opslaan"))
                // Their own activity: stored, but waiting.
                let waiting = try await post(app, agent, policePath, [("datum", "2024-03-30"), ("status", "done"), ("toelichting", "Surveillance afgerond.")])
                #expect(waiting.0 == .seeOther && waiting.2.contains("opgeslagen=wacht"))
                var plan = try #require(try await app.plans.plan(Self.key))
                let pending = try #require(plan.execution.updates.last)
                #expect(pending.review == .pending && pending.organisation == Key("politie"))
                var progress = PlanProgress(plan, today: CalendarDate(iso: "2024-04-02")!)
                #expect(progress.item(.activity(programme: programme.key, activity: Key("politie-surveillance")!))?.status == .notStarted)
                // Mijn taken: the officer has an update to approve.
                let tasks = try await get(app, officer, "/mijn-taken")
                #expect(tasks.1.contains("Wacht op uw goedkeuring") && tasks.1.contains("Extra surveillance in de wijk"))
                // The partner cannot approve; the officer can.
                #expect(try await post(app, agent, "/plannen/\(Self.key)/uitvoering/updates/\(pending.number)/beoordeling", [("besluit", "goedkeuren")]).0 == .forbidden)
                let approved = try await post(app, officer, "/plannen/\(Self.key)/uitvoering/updates/\(pending.number)/beoordeling", [("besluit", "goedkeuren")])
                #expect(approved.0 == .seeOther)
                plan = try #require(try await app.plans.plan(Self.key))
                progress = PlanProgress(plan, today: CalendarDate(iso: "2024-04-02")!)
                #expect(progress.item(.activity(programme: programme.key, activity: Key("politie-surveillance")!))?.status == .done)
                #expect(plan.execution.updates.count == 2, "history kept: both updates, the first still there")

                // A measurement: a wrong value, then a right one.
                let indicator = try #require(plan.allThemes.flatMap(\.indicators).first { StatusRules.isCount($0) })
                let measurePath = "/plannen/\(Self.key)/uitvoering/indicatoren/\(indicator.key)"
                let wrong = try await post(app, officer, measurePath, [("waarde", "veel"), ("periode", "2023")])
                #expect(wrong.0 == .unprocessableEntity && wrong.1.contains("is geen getal"))
                let fraction = try await post(app, officer, measurePath, [("waarde", "12,5"), ("periode", "2023")])
                #expect(fraction.0 == .unprocessableEntity && fraction.1.contains("geheel getal"))
                let future = try await post(app, officer, measurePath, [("waarde", "12"), ("periode", "2025")])
                #expect(future.0 == .unprocessableEntity && future.1.contains("nog niet voorbij"))
                #expect(try await post(app, officer, measurePath, [("waarde", "31"), ("periode", "2023"), ("bron", "Registratie")]).0 == .seeOther)
                #expect(try await post(app, officer, measurePath, [("waarde", "28"), ("periode", "2022"), ("bron", "Registratie")]).0 == .seeOther)
                #expect(try await app.plans.plan(Self.key)?.execution.measurements.count == 2)
                // Partners do not record measurements.
                #expect(try await post(app, agent, measurePath, [("waarde", "31"), ("periode", "2022")]).0 == .forbidden)

                // The council member reads the dashboard, without the officers' figure and forms.
                let dashboard = try await get(app, council, "/plannen/\(Self.key)/uitvoering")
                #expect(dashboard.0 == .ok)
                #expect(dashboard.1.contains("Wat vraagt aandacht van de raad") && dashboard.1.contains("Voortgang van het werk"))
                #expect(!dashboard.1.contains("Actualiteit") && !dashboard.1.contains("Nieuw uitvoeringsprogramma"))
                #expect(dashboard.1.contains("<svg") && dashboard.1.contains("<desc"))
                let officerView = try await get(app, officer, "/plannen/\(Self.key)/uitvoering")
                #expect(officerView.1.contains("Actualiteit"))
                #expect((try await get(app, officer, "/plannen/\(Self.key)/uitvoering/themas/\(plan.themes[0].key)")).0 == .ok)
                #expect((try await get(app, officer, "/plannen/\(Self.key)/uitvoering/themas/bestaat-niet")).0 == .notFound)

                // Every change is in the audit trail.
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 50).map(\.entry.action)
                for action in [AuditAction.programmeSaved, .programmeAdopted, .executionSettingsChanged, .progressRecorded, .progressReviewed, .measurementRecorded] {
                    #expect(trail.contains(action), "\(action)")
                }
            }
        }

        @Test("Activities of a draft programme are edited in the browser: bad input is refused and kept, a stale form is a conflict, every change is audited")
        func editActivities() async throws {
            try await withTestApp { app in
                _ = try await setUp(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let colleague = try await app.signIn("beleid.b", Self.stadskanaal, [.policyOfficer])
                let created = try await post(app, officer, "/plannen/\(Self.key)/programmas/nieuw", [("titel", "Concept 2024"), ("periode", "2024")])
                #expect(created.0 == .seeOther)
                let programme = try #require(try await app.plans.plan(Self.key)?.execution.programmes.first)
                let base = "/plannen/\(Self.key)/programmas/\(programme.key)/activiteiten"
                let theme = programme.activities[0].theme.rawValue
                // A new activity: without an owner, with a wrong planning and amount, refused with every reason.
                let bad = try await post(app, officer, base + "/nieuw", [("vorige", "nieuw"), ("omschrijving", "Voorlichting op scholen"), ("thema", theme),
                                                                         ("planning", "na de zomer"), ("budget", "veel")])
                #expect(bad.0 == .unprocessableEntity)
                #expect(bad.1.contains("is geen planning") && bad.1.contains("Budget") && bad.1.contains("Trekker"))
                #expect(bad.1.contains("Voorlichting op scholen"), "what was typed stays")
                let good = try await post(app, officer, base + "/nieuw", [("vorige", "nieuw"), ("omschrijving", "Voorlichting op scholen"), ("thema", theme),
                                                                          ("trekker-rol", "jongerenwerker"), ("planning", "2024-Q3"), ("budget", "2.500"),
                                                                          ("ketenfasen", "prevention")])
                #expect(good.0 == .seeOther, "\(good.1)")
                var stored = try #require(try await app.plans.plan(Self.key)?.execution.programme(programme.key))
                let added = try #require(stored.activities.first { $0.description == "Voorlichting op scholen" })
                #expect(added.budget == 2500 && added.owner?.role == "jongerenwerker" && added.planning == PlannedPeriod("2024-Q3") && added.phases == [.prevention])
                // Two officers open the same activity; the second save over the first is a conflict.
                let form = try await get(app, officer, base + "/\(added.key)")
                #expect(form.0 == .ok && form.1.contains("Voorlichting op scholen"))
                let opened = added.fingerprint
                #expect(try await post(app, colleague, base + "/\(added.key)", [("vorige", opened), ("omschrijving", "Voorlichting op alle scholen"), ("thema", theme),
                                                                               ("trekker-rol", "jongerenwerker")]).0 == .seeOther)
                let late = try await post(app, officer, base + "/\(added.key)", [("vorige", opened), ("omschrijving", "Voorlichting op twee scholen"), ("thema", theme),
                                                                                ("trekker-rol", "jongerenwerker")])
                #expect(late.0 == .conflict && late.1.contains("Iemand anders heeft deze activiteit gewijzigd") && late.1.contains("Voorlichting op twee scholen"))
                stored = try #require(try await app.plans.plan(Self.key)?.execution.programme(programme.key))
                #expect(stored.activity(added.key)?.description == "Voorlichting op alle scholen", "nothing lost")
                // Removing it, with the current fingerprint.
                let current = try #require(stored.activity(added.key))
                #expect(try await post(app, officer, base + "/\(added.key)/verwijderen", [("vorige", current.fingerprint)]).0 == .seeOther)
                #expect(try await app.plans.plan(Self.key)?.execution.programme(programme.key)?.activity(added.key) == nil)
                // Adopted programmes are read-only.
                _ = try await post(app, officer, "/plannen/\(Self.key)/programmas/\(programme.key)/vaststellen", [("orgaan", "executive"), ("datum", "2024-01-16")])
                #expect(try await get(app, officer, base + "/nieuw").0 == .conflict)
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 50)
                #expect(trail.filter { $0.entry.action == .programmeSaved }.count >= 4)
            }
        }

        @Test("Two people updating the same activity at once: both updates are kept")
        func simultaneousUpdates() async throws {
            try await withTestApp { app in
                _ = try await setUp(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let colleague = try await app.signIn("beleid.b", Self.stadskanaal, [.policyOfficer])
                let programme = try await programme(app, officer)
                let path = "/plannen/\(Self.key)/uitvoering/activiteiten/\(programme.key)/\(programme.activities[0].key)"
                async let first = post(app, officer, path, [("datum", "2024-03-01"), ("status", "running"), ("toelichting", "Eerste")])
                async let second = post(app, colleague, path, [("datum", "2024-03-02"), ("status", "running"), ("toelichting", "Tweede")])
                let (a, b) = try await (first, second)
                #expect(a.0 == .seeOther && b.0 == .seeOther)
                let notes = try #require(try await app.plans.plan(Self.key)).execution.updates.map(\.note.source).sorted()
                #expect(notes == ["Eerste", "Tweede"])
            }
        }

        @Test("The quality check lists gaps with links, takes a reason, and blocks a status step when the plan says so")
        func qualityCheckGatesSteps() async throws {
            try await withTestApp { app in
                var draft = try example("lindewaarde-2025-2028.yaml")
                draft.status = .draft
                draft.adoptions = []
                draft.councilOffers = []
                draft.execution.settings.qualityCheckBlocks = true
                _ = try await app.plans.save(draft)
                let officer = try await app.officer(for: draft)
                let page = try await get(app, officer, "/plannen/\(draft.key)/kwaliteitstoets")
                #expect(page.0 == .ok && page.1.contains("Kwaliteitstoets"))
                let gaps = QualityCheck.gaps(in: draft)
                #expect(!gaps.isEmpty)
                #expect(page.1.contains("/plannen/\(draft.key)/bewerken/"), "each gap links into the editor")
                let refused = try await post(app, officer, "/plannen/\(draft.key)/status", [("naar", "consultation")])
                #expect(refused.0 == .unprocessableEntity && refused.1.contains("kwaliteitstoets"))
                #expect(try await app.plans.plan(draft.key)?.status == .draft, "nothing changed")
                // Warning only: the step is taken, and the status page says what the check found.
                var warning = try #require(try await app.plans.stored(draft.key))
                warning.plan.execution.settings.qualityCheckBlocks = false
                _ = try await app.plans.updateExecution(warning.plan.execution, of: draft.key, expectingRevision: warning.revision, audit: [])
                let taken = try await post(app, officer, "/plannen/\(draft.key)/status", [("naar", "consultation")])
                #expect(taken.0 == .seeOther && taken.2.contains("toets="))
                #expect((try await get(app, officer, taken.2)).1.contains("kwaliteitstoets vindt nog"))
                // A reason closes a qualitative-goal gap.
                if let goalGap = gaps.first(where: { $0.kind == .goalWithoutIndicator }), case .qualitativeGoal(let goal)? = goalGap.reasonSubject {
                    let empty = try await post(app, officer, "/plannen/\(draft.key)/kwaliteitstoets", [("onderwerp", "doel:\(goal)"), ("reden", " ")])
                    #expect(empty.0 == .unprocessableEntity && empty.1.contains("De reden is niet opgeslagen"))
                    let given = try await post(app, officer, "/plannen/\(draft.key)/kwaliteitstoets", [("onderwerp", "doel:\(goal)"), ("reden", "Dit doel is kwalitatief: het gaat om samenwerking.")])
                    #expect(given.0 == .seeOther)
                    let after = try #require(try await app.plans.plan(draft.key))
                    #expect(!QualityCheck.gaps(in: after).contains(goalGap))
                }
            }
        }

        @Test("Every link of the quality check opens the editor page that closes the gap")
        func qualityCheckLinksOpen() async throws {
            try await withTestApp { app in
                for name in ["stadskanaal-2020-2024.yaml", "basisteam-meierij-2023-2026.yaml"] {
                    var draft = try example(name)
                    draft.status = .draft
                    draft.adoptions = []
                    draft.councilOffers = []
                    _ = try await app.plans.save(draft)
                    let officer = try await app.officer(for: draft)
                    let page = try await get(app, officer, "/plannen/\(draft.key)/kwaliteitstoets")
                    let links = page.1.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
                        .filter { $0.hasPrefix("/plannen/\(draft.key)/bewerken") }
                    #expect(links.count >= QualityCheck.gaps(in: draft).count, "\(name)")
                    for link in Set(links) {
                        let path = String(link.split(separator: "#").first ?? "")
                        #expect(try await get(app, officer, path).0 == .ok, "\(name): \(path)")
                    }
                }
            }
        }

        @Test("The plan file carries programmes and progress; importing a file without them keeps what was recorded")
        func planFileKeepsRunningData() async throws {
            try await withTestApp { app in
                let plan = try await setUp(app)
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let programme = try await programme(app, officer)
                _ = try await post(app, officer, "/plannen/\(Self.key)/uitvoering/activiteiten/\(programme.key)/\(programme.activities[0].key)",
                                   [("datum", "2024-03-01"), ("status", "running"), ("toelichting", "Loopt.")])
                let file = try await get(app, officer, "/plannen/\(Self.key)/planbestand.yaml")
                #expect(file.1.contains("uitvoering:") && file.1.contains("programmas:") && file.1.contains("status: loopt"))
                let read = try PlanFileReader.read(file.1)
                #expect(read.execution == (try await app.plans.plan(Self.key))?.execution)
                // An older file without running data: the recorded data stays.
                let stored = try #require(try await app.plans.stored(Self.key))
                let step = PlanImportStep.decide(importing: plan, over: stored)
                #expect(step.plan.execution == stored.plan.execution)
            }
        }

        @Test("The demo examples hold an adopted programme, a year of progress and measurements, and their pages open")
        func demoData() async throws {
            try await withTestApp { app in
                let plans = try examplePaths().map { try PlanFiles.read($0).get() }
                try await ExampleExecution.store(plans, in: app.plans)
                for key in ["stadskanaal-2020-2024", "basisteam-meierij-2023-2026"] {
                    let stored = try #require(try await app.plans.stored(Key(key)!))
                    let execution = stored.plan.execution
                    #expect(execution.programmes.contains { $0.status == .adopted }, "\(key)")
                    #expect(execution.updates.count > 30, "\(key): \(execution.updates.count)")
                    #expect(!execution.measurements.isEmpty, "\(key)")
                    #expect(execution.updates.allSatisfy { $0.note.source.hasPrefix("Voorbeeld") || $0.note.isEmpty }, "every example text says so")
                }
                // Meierij: adopted (example), with a new version being prepared; the programme runs on both.
                let meierij = try #require(try await app.plans.stored(Key("basisteam-meierij-2023-2026")!))
                #expect(meierij.adoptedVersion != nil && meierij.plan.status == .draft)
                #expect(try await app.plans.adoptedVersion(of: meierij.plan.key)?.execution == meierij.plan.execution)
                #expect(meierij.plan.execution.programmes.contains { $0.municipality != nil }, "a member's own programme beside the shared one")
                let boxtel = try await app.signIn("beleid.boxtel", .municipality(MunicipalityCode("GM0757")!), [.policyOfficer])
                for path in ["/plannen/basisteam-meierij-2023-2026/uitvoering", "/plannen/basisteam-meierij-2023-2026/uitvoering/gemeenten/GM0757",
                             "/plannen/basisteam-meierij-2023-2026/kwaliteitstoets", "/mijn-taken",
                             "/plannen/basisteam-meierij-2023-2026/programmas/uitvoering-2026"] {
                    let page = try await get(app, boxtel, path)
                    #expect(page.0 == .ok, "\(path)")
                }
            }
        }
    }
}
