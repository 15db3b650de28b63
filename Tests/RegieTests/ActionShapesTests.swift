import Foundation
import RegieCore
import RegiePersistence
import RegiePlanFile
@testable import RegieReports
import SQLKit
import Testing
import VaporTesting

/// Issue 11, points 8, 9 and 12 and the doubled action: actions under several themes, example
/// actions, actions without a status, an action's own focus points and sub-goals, and a track's
/// action that serves a goal shown once on the theme page.
@Suite("Shapes of actions")
struct ActionShapesTests {
    static let file = "lindewaarde-2025-2028.yaml"

    /// A small plan file with two themes; `extra` goes into the second theme.
    static func planFile(firstActions: String = "", secondTheme extra: String) -> String {
        """
        sleutel: vormen-2025-2028
        soort: integraal-veiligheidsplan
        titel: Vormen van acties
        eigenaar:
          gemeente: { code: GM9901, naam: Lindewaarde }
        periode: 2025-2028
        status: concept
        themas:
          - sleutel: woninginbraak
            titel: Woninginbraak
            rol: prioriteit
            acties:
              - sleutel: campagne-hang-en-sluitwerk
                omschrijving: Campagne over goed hang- en sluitwerk
        \(firstActions)
          - sleutel: ondermijning
            titel: Ondermijning
            rol: prioriteit
        \(extra)

        """
    }

    @Test("The example plan file holds a shared action, examples, parts and actions without status, and writes back unchanged")
    func exampleFileRoundTrips() throws {
        let plan = try example(Self.file)
        #expect(plan.problems().isEmpty)
        let digital = try #require(plan.theme(Key("digitale-weerbaarheid")!))
        #expect(digital.sharedActions == [Key("ja-ouderavonden")!])
        #expect(digital.examples.map(\.key.rawValue) == ["dw-voorbeeld-spreekuur", "dw-voorbeeld-nepmails"])
        #expect(digital.examples.allSatisfy { $0.status == nil && $0.planning == nil })
        let scan = try #require(digital.actions.first { $0.key.rawValue == "dw-cyberscan" })
        #expect(scan.parts == [
            ActionPart(kind: .subGoal, text: "In 2028 hebben 150 ondernemers de cyberscan gedaan."),
            ActionPart(kind: .focusPoint, text: "Zzp'ers en eenmanszaken hebben vaak geen eigen ICT-beheerder; het advies sluit daarop aan."),
            ActionPart(kind: .focusPoint, text: "Het advies is gratis en vrijblijvend"),
        ])
        // No status in the file: no status in the plan (the reader no longer assumes "gepland").
        #expect(plan.action(Key("ja-weerbaarheidstraining")!)?.action.status == nil)
        #expect(plan.action(Key("ja-jeugdregisseur")!)?.action.status == .completed)

        let written = PlanFileWriter.write(plan)
        #expect(written.contains("gedeelde-acties: [ja-ouderavonden]"))
        #expect(written.contains("voorbeeld: ja"))
        #expect(written.contains("soort: subdoel"))
        #expect(!written.contains("voorbeeld: nee"), "the default is not written")
        let reread = try PlanFileReader.read(written)
        #expect(reread == plan)
        #expect(PlanFileWriter.write(reread) == written)
    }

    @Test("A shared action must exist in another theme, once; the messages say what is wrong in Dutch")
    func sharedActionRules() throws {
        let unknown = problems(in: Self.planFile(secondTheme: "    gedeelde-acties: [campagne-hang-en-sluitwrk]"))
        #expect(unknown.count == 1)
        #expect(unknown.first?.path == "themas[1].gedeelde-acties[0]")
        #expect(unknown.first?.message == "actie \"campagne-hang-en-sluitwrk\" bestaat niet in een ander thema van dit plan; bedoelde u \"campagne-hang-en-sluitwerk\"?")

        let own = problems(in: Self.planFile(secondTheme: """
                acties:
                  - sleutel: eigen-actie
                    omschrijving: Eigen actie
                gedeelde-acties: [eigen-actie]
            """))
        #expect(own.map(\.message) == ["actie \"eigen-actie\" staat al in dit thema zelf; onder gedeelde-acties komen alleen acties uit andere thema's"])

        let twice = problems(in: Self.planFile(secondTheme: "    gedeelde-acties: [campagne-hang-en-sluitwerk, campagne-hang-en-sluitwerk]"))
        #expect(twice.map(\.path) == ["themas[1].gedeelde-acties[1]"])
        #expect(twice.first?.message.contains("staat twee keer onder gedeelde-acties") == true)

        let nothingNear = problems(in: Self.planFile(secondTheme: "    gedeelde-acties: [iets-heel-anders]"))
        #expect(nothingNear.first?.message.contains("geef de sleutel van een actie uit een ander thema") == true)

        let fine = try PlanFileReader.read(Self.planFile(secondTheme: "    gedeelde-acties: [campagne-hang-en-sluitwerk]"))
        #expect(fine.themesSharing(Key("campagne-hang-en-sluitwerk")!).map(\.key.rawValue) == ["ondermijning"])
    }

    @Test("Wrong values for an example flag or a part are reported where they are")
    func badExampleAndParts() {
        let actions = """
                  - sleutel: voorbeeld-actie
                    omschrijving: Een voorbeeld
                    voorbeeld: misschien
                    onderdelen:
                      - soort: wens
                        tekst: Iets
                      - soort: subdoel
                      - tekst: ""
            """
        let found = problems(in: Self.planFile(firstActions: actions, secondTheme: ""))
        #expect(found.contains { $0.path == "themas[0].acties[1].voorbeeld" && $0.message.contains("kies uit: ja, nee") })
        #expect(found.contains { $0.path == "themas[0].acties[1].onderdelen[0].soort" && $0.message.contains("kies uit: aandachtspunt, subdoel") })
        #expect(found.contains { $0.path == "themas[0].acties[1].onderdelen[1].tekst" && $0.message.contains("ontbreekt") })
        #expect(found.contains { $0.path == "themas[0].acties[1].onderdelen[2].tekst" && $0.message.contains("mag niet leeg zijn") })
    }

    @Test("Documents stored before these fields existed still decode, with no shared actions, no parts and no example")
    func oldDocumentsDecode() throws {
        let plan = try example(Self.file)
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        var themes = try #require(json["themes"] as? [[String: Any]])
        for t in themes.indices {
            themes[t].removeValue(forKey: "sharedActions")
            var actions = try #require(themes[t]["actions"] as? [[String: Any]])
            for a in actions.indices {
                actions[a].removeValue(forKey: "isExample")
                actions[a].removeValue(forKey: "parts")
                if actions[a]["status"] == nil { actions[a]["status"] = "planned" }
            }
            themes[t]["actions"] = actions
        }
        json["themes"] = themes
        let old = try JSONDecoder().decode(Plan.self, from: JSONSerialization.data(withJSONObject: json))
        let digital = try #require(old.theme(Key("digitale-weerbaarheid")!))
        #expect(digital.sharedActions.isEmpty && digital.examples.isEmpty)
        #expect(digital.allActions.allSatisfy { $0.parts.isEmpty && $0.status == .planned })
        // A document of today keeps everything, a missing status too.
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)
    }

    @Test("The theme pages show the shared action under both themes, the examples apart, parts and no status")
    func themePages() throws {
        let plan = try example(Self.file)
        let digital = try #require(plan.theme(Key("digitale-weerbaarheid")!))
        let youth = try #require(plan.theme(Key("jonge-aanwas")!))
        let page = ThemePage(plan: plan, theme: digital).render()
        #expect(page.contains("Afspraken uit andere thema\u{2019}s"))
        #expect(page.contains("id=\"actie-ja-ouderavonden\""))
        #expect(page.contains("Ook onder thema <a href=\"/plannen/\(plan.key)/themas/jonge-aanwas#actie-ja-ouderavonden\">\(youth.title)</a>"))
        #expect(page.contains("<h2>Voorbeelden van wat we gaan doen</h2>"))
        let examples = try #require(page.components(separatedBy: "Voorbeelden van wat we gaan doen").last)
        #expect(examples.contains("Een spreekuur"))
        #expect(!examples.contains(">Planning<") && !examples.contains(">Status<"), "examples without planning or status show no such columns")
        #expect(!page.components(separatedBy: "Voorbeelden van wat we gaan doen")[0].contains("Een spreekuur"), "examples are not among the agreements")
        #expect(page.contains("<strong>Subdoel</strong>") && page.contains("<strong>Aandachtspunten</strong>"))
        #expect(page.contains("In 2028 hebben 150 ondernemers de cyberscan gedaan."))
        #expect(page.contains("geen status"))

        let home = ThemePage(plan: plan, theme: youth).render()
        #expect(home.contains("Ook onder thema <a href=\"/plannen/\(plan.key)/themas/digitale-weerbaarheid#actie-ja-ouderavonden\">\(digital.title)</a>"))
        #expect(home.components(separatedBy: "id=\"actie-ja-ouderavonden\"").count == 2)
    }

    @Test("An action of a track that serves a goal is listed once on the theme page: in its track, with the goal named")
    func trackActionOnce() throws {
        let plan = try example(Self.file)
        let theme = try #require(plan.theme(Key("ondermijning")!))
        let page = ThemePage(plan: plan, theme: theme).render()
        for action in theme.tracks.flatMap(\.actions) {
            #expect(page.components(separatedBy: "id=\"actie-\(action.key.rawValue)\"").count == 2, "\(action.key) once")
            #expect(page.contains("<a href=\"#actie-\(action.key.rawValue)\">"), "its goal points to it")
        }
        let goal = try #require(theme.goals.first { $0.key.rawValue == "ow-weerbare-organisatie" })
        #expect(page.contains("Draagt bij aan het doel \u{201C}\(goal.title)\u{201D}"))
        #expect(page.contains("In de sporen staan nog 3 afspraken bij dit doel:"))
    }

    @Test("Counts count a shared action once and examples never, on the plan page, the summary and the partners page")
    func counts() throws {
        let plan = try example(Self.file)
        let digital = try #require(plan.theme(Key("digitale-weerbaarheid")!))
        #expect(ThemeList.counts(digital) == "2 doelen · 4 afspraken · 2 voorbeelden · 2 indicatoren")
        let youth = try #require(plan.theme(Key("jonge-aanwas")!))
        #expect(ThemeList.counts(youth) == "2 doelen · 5 afspraken · 3 indicatoren")
        let summary = SummaryPage(plan: plan).render()
        #expect(!summary.contains("Een spreekuur"))
        #expect(summary.components(separatedBy: "Ouderavonden en een online ouderpagina").count == 2, "the shared action once")
        let partners = PartnersPage(plan: plan).render()
        let section = try #require(partners.components(separatedBy: "id=\"partner-politie-waardenland\"").last?.components(separatedBy: "</section>").first)
        let involved = plan.allThemes.flatMap(\.agreements).filter { $0.partners.contains(Key("politie-waardenland")!) }.count
        let owned = plan.allThemes.flatMap(\.agreements).filter { $0.owner == Key("politie-waardenland")! }.count
        #expect(section.contains(PartnersPage.involvement(owned: owned, involved: involved)))
        #expect(plan.allThemes.flatMap(\.allActions).filter { $0.partners.contains(Key("politie-waardenland")!) }.count == involved + 1,
                "the example with the police is not counted")
    }

    @Test("A copy for the next plan keeps shared actions, examples, parts and no status")
    func copyKeepsShapes() throws {
        let plan = try example(Self.file)
        let copy = plan.copyForNextPlan(key: Key("lindewaarde-2029-2032")!, title: "Nieuw", period: YearRange(first: 2029, last: 2032)!).plan
        let digital = try #require(copy.theme(Key("digitale-weerbaarheid")!))
        #expect(digital.sharedActions == [Key("ja-ouderavonden")!])
        #expect(digital.examples.count == 2)
        #expect(copy.action(Key("dw-cyberscan")!)?.action.parts.count == 3)
        #expect(copy.action(Key("ja-weerbaarheidstraining")!)?.action.status == nil)
        #expect(copy.action(Key("ja-jeugdregisseur")!)?.action.status == .planned, "progress is reset")
        #expect(copy.problems().isEmpty)
    }
}

extension DatabaseTests {
    @Suite("Shapes of actions in the database and the editor")
    struct ActionShapesWebTests {
        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?, String) {
            var result: (HTTPStatus, String?, String) = (.ok, nil, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location), res.body.string)
            }
            return result
        }

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> String {
            var body = ""
            try await app.testing().test(.GET, path, headers: user.headers) { res in
                #expect(res.status == .ok)
                body = res.body.string
            }
            return body
        }

        func fingerprint(_ app: Application, _ user: TestUser, _ path: String, list: String? = nil) async throws -> String {
            let body = try await get(app, user, path)
            var rest = body[...]
            if let list, let range = body.range(of: "/\(list)/") { rest = body[range.lowerBound...] }
            guard let range = rest.range(of: "name=\"vorige\" value=\"") else { return "" }
            return String(rest[range.upperBound...].prefix { $0 != "\"" })
        }

        func draft() throws -> Plan {
            var plan = try example(ActionShapesTests.file)
            plan.status = .draft
            return plan
        }

        @Test("The plan is stored and read back whole; the action index holds actions without status as empty")
        func storage() async throws {
            try await withTestApp { app in
                let plan = try example(ActionShapesTests.file)
                _ = try await app.plans.save(plan)
                #expect(try await app.plans.plan(plan.key) == plan)
                let sql = app.db as! any SQLDatabase
                let rows = try await sql.raw("SELECT action_key, status FROM plan_actions WHERE action_key IN ('dw-voorbeeld-spreekuur', 'ja-jeugdregisseur', 'ja-ouderavonden')").all()
                var statuses: [String: String?] = [:]
                for row in rows { statuses[try row.decode(column: "action_key", as: String.self)] = try row.decode(column: "status", as: String?.self) }
                let expected: [String: String?] = ["dw-voorbeeld-spreekuur": nil, "ja-jeugdregisseur": "completed", "ja-ouderavonden": nil]
                #expect(rows.count == 3 && statuses == expected, "one row per action: the shared action is indexed once, in its home theme")
                let count = try await sql.raw("SELECT COUNT(*) AS n FROM plan_actions").first()!.decode(column: "n", as: Int.self)
                #expect(count == plan.allActions.count)
            }
        }

        @Test("The editor marks an action as an example, takes away its status and edits its focus points and sub-goals")
        func editActionShapes() async throws {
            try await withTestApp { app in
                let plan = try draft()
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let path = "/plannen/\(plan.key)/bewerken/themas/jonge-aanwas/acties/ja-jeugdregisseur"
                let page = try await get(app, officer, path)
                #expect(page.contains("Dit is een voorbeeld, geen afspraak"))
                #expect(page.contains("<option value=\"\">Geen status</option>"))
                let action = try #require(plan.action(Key("ja-jeugdregisseur")!)?.action)
                var step = try await post(app, officer, path, [("vorige", try await fingerprint(app, officer, path)),
                                                               ("omschrijving", action.description), ("status", ""), ("voorbeeld", "ja")])
                #expect(step.0 == .seeOther, "\(step.2.prefix(2000))")
                var stored = try #require(try await app.plans.plan(plan.key)?.action(Key("ja-jeugdregisseur")!)?.action)
                #expect(stored.isExample && stored.status == nil)

                // Parts: add two, make the second a sub-goal, move it up, remove the other.
                step = try await post(app, officer, path + "/onderdelen/toevoegen", [("nieuw-onderdelen", "Signalen binnen twee weken opgepakt")])
                #expect(step.1 == path + "/onderdelen/1")
                step = try await post(app, officer, path + "/onderdelen/toevoegen", [("nieuw-onderdelen", "Elke jongere een plan")])
                #expect(step.1 == path + "/onderdelen/2")
                let partPath = path + "/onderdelen/2"
                let wrong = try await post(app, officer, partPath, [("vorige", try await fingerprint(app, officer, partPath)), ("soort", "wens"), ("tekst", "Elke jongere een plan")])
                #expect(wrong.0 == .unprocessableEntity && wrong.2.contains("Kies een van de mogelijkheden uit de lijst."))
                step = try await post(app, officer, partPath, [("vorige", try await fingerprint(app, officer, partPath)), ("soort", "subGoal"), ("tekst", "Elke jongere een plan van aanpak")])
                #expect(step.0 == .seeOther)
                let empty = try await post(app, officer, partPath, [("vorige", try await fingerprint(app, officer, partPath)), ("soort", "subGoal"), ("tekst", " ")])
                #expect(empty.0 == .unprocessableEntity && empty.2.contains("verplicht"))
                var list = try await fingerprint(app, officer, path, list: "onderdelen")
                #expect(try await post(app, officer, partPath + "/omhoog", [("vorige", list)]).0 == .seeOther)
                list = try await fingerprint(app, officer, path, list: "onderdelen")
                #expect(try await post(app, officer, path + "/onderdelen/2/verwijderen", [("vorige", list)]).0 == .seeOther)
                stored = try #require(try await app.plans.plan(plan.key)?.action(Key("ja-jeugdregisseur")!)?.action)
                #expect(stored.parts == [ActionPart(kind: .subGoal, text: "Elke jongere een plan van aanpak")])

                // The reader's page shows it as an example, with its sub-goal; the edited plan exports and reads back the same.
                let edited = try #require(try await app.plans.plan(plan.key))
                let theme = try await get(app, officer, "/plannen/\(plan.key)/themas/jonge-aanwas")
                let examples = try #require(theme.components(separatedBy: "Voorbeelden van wat we gaan doen").last)
                #expect(examples.contains(escaped(action.description)) && examples.contains("Elke jongere een plan van aanpak"))
                #expect(try PlanFileReader.read(PlanFileWriter.write(edited)) == edited)
            }
        }

        @Test("The editor lists actions of other themes under a theme; removing a shared action removes the reference")
        func editSharedActions() async throws {
            try await withTestApp { app in
                let plan = try draft()
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let path = "/plannen/\(plan.key)/bewerken/themas/ondermijning/acties"
                let page = try await get(app, officer, path)
                #expect(page.contains("Afspraken uit andere thema\u{2019}s die ook dit thema dienen"))
                #expect(page.contains("value=\"dw-cyberscan\""))
                #expect(!page.contains("value=\"ow-bibob-beleid\""), "the theme's own actions are not offered")
                let step = try await post(app, officer, path, [("vorige", try await fingerprint(app, officer, path)),
                                                               ("gedeelde-acties", "dw-cyberscan"), ("gedeelde-acties", "ja-ouderavonden")])
                #expect(step.0 == .seeOther, "\(step.2.prefix(2000))")
                var stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.theme(Key("ondermijning")!)?.sharedActions == [Key("ja-ouderavonden")!, Key("dw-cyberscan")!], "in the order of the choices")
                let reader = try await get(app, officer, "/plannen/\(plan.key)/themas/ondermijning")
                #expect(reader.contains("id=\"actie-dw-cyberscan\""))

                let listPath = "/plannen/\(plan.key)/bewerken/themas/jonge-aanwas/acties"
                let list = try await fingerprint(app, officer, listPath, list: "acties")
                #expect(try await post(app, officer, listPath + "/ja-ouderavonden/verwijderen", [("vorige", list)]).0 == .seeOther)
                stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.action(Key("ja-ouderavonden")!) == nil)
                #expect(stored.theme(Key("ondermijning")!)?.sharedActions == [Key("dw-cyberscan")!])
                #expect(stored.theme(Key("digitale-weerbaarheid")!)?.sharedActions == [])
                #expect(stored.problems().isEmpty)
            }
        }

        @Test("Progress of an action without status: the form offers no status and keeps it that way")
        func progressWithoutStatus() async throws {
            try await withTestApp { app in
                let plan = try example(ActionShapesTests.file)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let path = "/plannen/\(plan.key)/acties/ja-weerbaarheidstraining/voortgang"
                let page = try await get(app, officer, path)
                #expect(page.contains("<option value=\"\" selected>Geen status</option>") || page.contains("<option value=\"\" selected=\"selected\">Geen status</option>")
                        || page.contains("<option selected value=\"\">Geen status</option>"))
                var step = try await post(app, officer, path, [("status", ""), ("voortgang", "De eerste trainingen zijn gegeven.")])
                #expect(step.0 == .seeOther)
                var action = try #require(try await app.plans.plan(plan.key)?.action(Key("ja-weerbaarheidstraining")!)?.action)
                #expect(action.status == nil && action.progressNote == "De eerste trainingen zijn gegeven.")
                step = try await post(app, officer, path, [("status", "wel-zo-ongeveer"), ("voortgang", "")])
                #expect(step.0 == .unprocessableEntity && step.2.contains("Kies een stand van zaken uit de lijst."))
                step = try await post(app, officer, path, [("status", "inProgress"), ("voortgang", "Loopt.")])
                action = try #require(try await app.plans.plan(plan.key)?.action(Key("ja-weerbaarheidstraining")!)?.action)
                #expect(action.status == .inProgress)
            }
        }
    }
}
