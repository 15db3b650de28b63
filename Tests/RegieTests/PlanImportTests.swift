import Foundation
import RegieCore
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

@Suite("What a plan file does to the stored plan")
struct PlanImportStepTests {
    static func stored(_ plan: Plan) -> StoredPlan { StoredPlan(plan: plan, revision: 3, version: 1, adoptedVersion: nil, updatedAt: nil) }

    @Test("Adopted content is frozen; status steps, further decisions and progress are not content; a file does not adopt")
    func rules() throws {
        let adopted = try example("stadskanaal-2020-2024.yaml")
        #expect(PlanImportStep.decide(importing: adopted, over: nil).kind == .create)
        #expect(PlanImportStep.decide(importing: adopted, over: Self.stored(adopted)).kind == .unchanged)

        var changed = adopted
        changed.themes.removeLast()
        let newVersion = PlanImportStep.decide(importing: changed, over: Self.stored(adopted))
        #expect(newVersion.kind == .newVersion)
        #expect(newVersion.plan.status == .draft && newVersion.plan.adoptions.isEmpty && newVersion.requestedStatus == .adopted)
        #expect(newVersion.changes == [PlanChange(.theme(adopted.themes.last!.title), .removed)])

        var executing = adopted
        executing.status = .inExecution
        executing.modifyActions { $0.progressNote = "Gestart." }
        let step = PlanImportStep.decide(importing: executing, over: Self.stored(adopted))
        #expect(step.kind == .replace && step.plan.status == .inExecution && step.progressLost.count == adopted.allActions.filter(\.hasProgress).count)

        var backToConcept = adopted
        backToConcept.status = .draft
        backToConcept.adoptions = []
        #expect(PlanImportStep.decide(importing: backToConcept, over: Self.stored(adopted)).kind == .newVersion)

        // A concept is not adopted by a file, however its decisions read.
        var concept = adopted
        concept.status = .draft
        concept.adoptions = []
        let adopting = PlanImportStep.decide(importing: adopted, over: Self.stored(concept))
        #expect(adopting.kind == .unchanged && adopting.requestedStatus == .adopted && adopting.plan.status == .draft)
        let adoptingChanged = PlanImportStep.decide(importing: changed, over: Self.stored(concept))
        #expect(adoptingChanged.kind == .replace && adoptingChanged.plan.status == .draft && adoptingChanged.plan.adoptions.isEmpty)
    }
}

extension DatabaseTests {
    @Suite("Plan import from the command line")
    struct PlanImportTests {
        static let stadskanaal = "stadskanaal-2020-2024.yaml"

        func request(_ files: [(String, String)], replace: Bool = false, account: String? = nil,
                     commandLine: String = "regie plan import plan.yaml") throws -> PlanImport.Request {
            PlanImport.Request(plans: try files.map { ($0.0, try PlanFileReader.read($0.1)) }, replace: replace,
                               accountName: account, reason: nil, commandLine: commandLine)
        }

        /// Runs an import that must be refused; returns everything it said.
        func refused(_ request: PlanImport.Request, _ app: Application) async throws -> String {
            do {
                let report = try await PlanImport.run(request, plans: app.plans, accounts: app.accounts)
                Issue.record("the import should be refused: \(report.lines)")
                return ""
            } catch let refusal as PlanImport.Refusal {
                return refusal.description
            }
        }

        @Test("An adopted plan is not overwritten by a file cut short: without --vervang nothing changes and the changes are listed; with it the file becomes a new version as a concept")
        func adoptedPlanCutShort() async throws {
            try await withTestApp { app in
                let full = try exampleText(Self.stadskanaal)
                let stored = try await PlanImport.run(try request([("stadskanaal.yaml", full)]), plans: app.plans, accounts: app.accounts)
                #expect(stored.stored && stored.steps.map(\.kind) == [.create])
                let original = try #require(try await app.plans.stored(Key("stadskanaal-2020-2024")!))
                #expect(original.plan.status == .adopted && original.plan.themes.count == 7)

                // Everything before the themes: valid YAML, still "vastgesteld", no themes, partners or actions.
                let cut = firstLines(full, 157)
                let said = try await refused(try request([("kort.yaml", cut)]), app)
                #expect(said.contains("kort.yaml: Integraal Veiligheidsbeleid 2020-2024 (stadskanaal-2020-2024) bestaat al (versie 1, vastgesteld)"))
                #expect(said.contains("  - Thema \u{201C}Woninginbraken en woning- en straatovervallen\u{201D} verwijderd"))
                #expect(said.contains("  - Partner \u{201C}Politie Noord-Nederland, basisteam Stadskanaal, Oldambt en Westerwolde\u{201D} verwijderd"))
                #expect(said.contains("  - Omvang: 7 thema's"))
                #expect(said.contains("wordt 0 thema's, 0 acties"))
                #expect(said.contains("Met --vervang blijft versie 1 bewaard"))
                #expect(said.contains("voer dan dezelfde opdracht uit met --vervang"))
                #expect(try await app.plans.stored(original.plan.key) == original)

                let replaced = try await PlanImport.run(try request([("kort.yaml", cut)], replace: true), plans: app.plans, accounts: app.accounts)
                #expect(replaced.steps.map(\.kind) == [.newVersion])
                #expect(replaced.lines.last?.hasPrefix("Nieuwe versie: Integraal Veiligheidsbeleid 2020-2024 (stadskanaal-2020-2024) is nu versie 2, als concept") == true)
                let now = try #require(try await app.plans.stored(original.plan.key))
                #expect(now.version == 2 && now.adoptedVersion == 1)
                #expect(now.plan.status == .draft && now.plan.adoptions.isEmpty && now.plan.themes.isEmpty)
                // The adopted content is kept as it was, and readers are shown it.
                let versions = try await app.plans.versions(of: original.plan.key)
                #expect(versions.map(\.number) == [1])
                #expect(versions[0].plan == original.plan)
                #expect(versions[0].reason == "Ingelezen uit kort.yaml met regie plan import")
                #expect(try await app.plans.adoptedVersion(of: original.plan.key) == original.plan)
            }
        }

        @Test("Importing an example again keeps the progress a partner recorded in the browser; a file that changes it says so and needs --vervang")
        func progressIsKept() async throws {
            try await withTestApp { app in
                let full = try exampleText(Self.stadskanaal)
                _ = try await PlanImport.run(try request([("stadskanaal.yaml", full)]), plans: app.plans, accounts: app.accounts)
                let key = Key("stadskanaal-2020-2024")!
                let stored = try #require(try await app.plans.stored(key))
                // The police record progress on an action they lead, as the progress page does.
                let action = try #require(stored.plan.allActions.first { $0.owner == Key("politie") })
                var updated = stored.plan
                updated.modifyActions { if $0.key == action.key { $0.status = .inProgress; $0.progressNote = "Loopt volgens plan." } }
                _ = try await app.plans.update(updated, expectingRevision: stored.revision, audit: [])

                let again = try await PlanImport.run(try request([("stadskanaal.yaml", full)]), plans: app.plans, accounts: app.accounts)
                #expect(again.steps.map(\.kind) == [.unchanged])
                #expect(!again.stored)
                #expect(again.lines.first?.contains("er verandert niets (de voortgang die in Regie is bijgewerkt, blijft staan)") == true)
                let after = try #require(try await app.plans.stored(key))
                let kept = try #require(after.plan.allActions.first { $0.key == action.key })
                #expect(kept.status == .inProgress && kept.progressNote == "Loopt volgens plan.")

                // A file with other progress for that action overwrites it: listed, and refused without --vervang.
                var other = try PlanFileReader.read(full)
                other.modifyActions { if $0.key == action.key { $0.status = .completed } }
                let said = try await refused(PlanImport.Request(plans: [("ander.yaml", other)], replace: false, accountName: nil,
                                                                reason: nil, commandLine: "regie plan import ander.yaml"), app)
                let description = action.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(said.contains("Let op: de voortgang van actie \u{201C}\(description.prefix(80))"))
                #expect(said.contains("(in uitvoering, \u{201C}Loopt volgens plan.\u{201D}) gaat verloren"))
                #expect(try await app.plans.stored(key) == after)
            }
        }

        @Test("With accounts in the database the command needs --account; the audit trail names that account and the command line")
        func auditedWithAccount() async throws {
            try await withTestApp { app in
                let officer = try await app.createAccount("j.jansen@stadskanaal.nl", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                let stranger = try await app.createAccount("p.pieters@doetinchem.nl", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer])
                let file = [("stadskanaal.yaml", try exampleText(Self.stadskanaal))]

                let anonymous = try await refused(try request(file), app)
                #expect(anonymous.contains("deze database heeft accounts") && anonymous.contains("--account NAAM") && anonymous.contains("REGIE_ACCOUNT"))
                let unknown = try await refused(try request(file, account: "niemand"), app)
                #expect(unknown.contains("er is geen account \"niemand\""))
                let other = try await refused(try request(file, account: stranger.username), app)
                #expect(other.contains("mag plan Integraal Veiligheidsbeleid 2020-2024 (stadskanaal-2020-2024) niet inlezen"))
                #expect(try await app.plans.isEmpty())

                let line = "regie plan import stadskanaal.yaml --account j.jansen@stadskanaal.nl"
                _ = try await PlanImport.run(try request(file, account: officer.username, commandLine: line), plans: app.plans, accounts: app.accounts)
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 10)
                let entry = try #require(trail.first { $0.entry.action == .planImported }?.entry)
                #expect(entry.actor == officer.id && entry.actorName == officer.displayName)
                #expect(entry.object == "Integraal Veiligheidsbeleid 2020-2024 (stadskanaal-2020-2024) · ingelezen uit planbestand")
                #expect(entry.after.contains(AuditValue("Opdracht", line)))
                #expect(entry.after.contains(AuditValue("Bestand", "stadskanaal.yaml")))
                #expect(entry.after.contains(AuditValue("Inlezen", "nieuw plan")))
                let intact = trail.allSatisfy { $0.intact }
                #expect(intact)
            }
        }

        @Test("Several files are stored all or nothing: one that needs --vervang, or one changed in the browser meanwhile, stores none")
        func allOrNothing() async throws {
            try await withTestApp { app in
                let minimal = try PlanFileReader.read(minimalPlanFile)
                _ = try await PlanImport.run(try request([("proefstad.yaml", minimalPlanFile)]), plans: app.plans, accounts: app.accounts)
                var changed = minimal
                changed.title = "Veilig Proefstad, herzien"
                let files: [(file: String, plan: Plan)] = [("doetinchem.yaml", try example("doetinchem-2020-2023.yaml")), ("proefstad.yaml", changed)]
                let said = try await refused(PlanImport.Request(plans: files, replace: false, accountName: nil, reason: nil, commandLine: "regie plan import"), app)
                #expect(said.contains("doetinchem.yaml: nieuw plan"))
                #expect(said.contains("  - Titel gewijzigd"))
                #expect(try await app.plans.summaries().map(\.key) == [minimal.key])

                // The decision was made on revision 1; someone saves in the browser before the write.
                let stored = try #require(try await app.plans.stored(minimal.key))
                var browser = stored.plan
                browser.subtitle = "In de browser gewijzigd"
                _ = try await app.plans.update(browser, expectingRevision: stored.revision, audit: [])
                await #expect(throws: PlanStoreError.conflict(currentRevision: 2)) {
                    try await app.plans.importPlans([
                        .create(files[0].plan, audit: AuditEntry(actor: nil, actorName: "test", municipalities: [], action: .planImported, object: "a")),
                        .replace(changed, expectingRevision: stored.revision,
                                 audit: AuditEntry(actor: nil, actorName: "test", municipalities: [], action: .planImported, object: "b")),
                    ])
                }
                #expect(try await app.plans.summaries().map(\.key) == [minimal.key])
                #expect(try await app.plans.plan(minimal.key)?.subtitle == "In de browser gewijzigd")

                // With --vervang both land, in one go.
                let both = try await PlanImport.run(PlanImport.Request(plans: files, replace: true, accountName: nil, reason: nil, commandLine: "regie plan import --vervang"),
                                                    plans: app.plans, accounts: app.accounts)
                #expect(both.steps.map(\.kind) == [.create, .replace])
                #expect(try await app.plans.plan(minimal.key)?.title == "Veilig Proefstad, herzien")
                #expect(try await app.plans.summaries().count == 2)
            }
        }

        @Test("A plan key or part key the browser reserves, or a title longer than the browser allows, is refused in the file with its line")
        func browserLimits() async throws {
            let reservedPlan = problems(in: minimalPlanFile.replacingOccurrences(of: "sleutel: proefstad-2024-2027", with: "sleutel: nieuw"))
            #expect(reservedPlan.map(\.description) == ["sleutel (regel 1): sleutel \"nieuw\" is gereserveerd voor een pagina van Regie; kies een andere sleutel, bijvoorbeeld \"nieuw-1\""])
            let reservedTheme = problems(in: minimalPlanFile.replacingOccurrences(of: "  - sleutel: woninginbraak", with: "  - sleutel: toevoegen"))
            #expect(reservedTheme.map(\.path) == ["themas[0].sleutel"])
            #expect(reservedTheme.first?.line == 9)
            let long = String(repeating: "a", count: PlanLimits.lineLength + 1)
            let tooLong = problems(in: minimalPlanFile.replacingOccurrences(of: "titel: Veilig Proefstad", with: "titel: \(long)"))
            #expect(tooLong.map(\.description) == ["titel (regel 3): is 301 tekens lang; hoogstens 300 tekens mag (net als in de browser)"])
            // The browser never makes such keys itself.
            #expect(Plan.newKey(for: "Toevoegen", avoiding: [Key]()) == Key("toevoegen-2"))
        }
    }
}
