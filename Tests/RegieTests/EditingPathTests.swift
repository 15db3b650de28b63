import Foundation
import RegieCore
import RegieReports
import RegiePersistence
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// Short editing paths: an edit link beside every item a reader page shows, an editor split
    /// into sections with their own pages, and a save that returns to where the user was.
    @Suite("Short editing paths")
    struct EditingPathTests {
        /// The Stadskanaal example as a draft, so its officers may edit it.
        func draft(_ app: Application) async throws -> Plan {
            var plan = try example("stadskanaal-2020-2024.yaml")
            plan.status = .draft
            plan.adoptions = []
            _ = try await app.plans.save(plan)
            return plan
        }

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(.GET, path, headers: user.headers) { res in result = (res.status, res.body.string) }
            return result
        }

        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?, String) {
            var result: (HTTPStatus, String?, String) = (.ok, nil, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location), res.body.string)
            }
            return result
        }

        /// The fingerprint in the page's edit form.
        func fingerprint(_ body: String) throws -> String {
            let range = try #require(body.range(of: "name=\"vorige\" value=\""))
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }

        @Test("An officer sees a distinct edit link beside every item of the theme, summary and partners pages, to exactly that part; a council member sees none")
        func editLinks() async throws {
            try await withTestApp { app in
                let plan = try await draft(app)
                let officer = try await app.officer(for: plan)
                // A council member reads the adopted plan (a draft is not for readers yet).
                var adopted = try example("stadskanaal-2020-2024.yaml")
                adopted.key = Key("stadskanaal-vastgesteld")!
                _ = try await app.plans.save(adopted)
                let reader = try await app.signIn("raad.a", .municipality(plan.owner.municipalities[0].code), [.reader])
                let theme = try #require(plan.themes.first { !$0.actions.isEmpty && !$0.goals.isEmpty && !$0.indicators.isEmpty })
                let action = theme.actions[0], goal = theme.goals[0], indicator = theme.indicators[0]
                let editor = "/plannen/\(plan.key)/bewerken/themas/\(theme.key)"
                let themePage = "/plannen/\(plan.key)/themas/\(theme.key)"

                let (status, body) = try await get(app, officer, themePage)
                #expect(status == .ok)
                #expect(body.contains("<a href=\"\(editor)/acties/\(action.key)\">Bewerken<span class=\"visually-hidden\">: actie \u{201C}\(escaped(action.description))\u{201D}</span></a>"))
                #expect(body.contains("href=\"\(editor)/doelen/\(goal.key)\">Bewerken<span class=\"visually-hidden\">: doel"))
                #expect(body.contains("href=\"\(editor)/indicatoren/\(indicator.key)\">Bewerken"))
                #expect(body.contains("href=\"\(editor)/gegevens\">Bewerken<span class=\"visually-hidden\">: gegevens van thema"))
                // The toolbar's "Bewerken" opens this theme, not the top of the plan editor.
                #expect(body.contains("<nav class=\"toolbar\" aria-label=\"Werken aan dit plan\"><ul><li><a href=\"\(editor)/gegevens\">Bewerken</a>"))
                // Every link names its item: no two the same.
                var names: [String] = []
                for chunk in body.components(separatedBy: "class=\"edit-link\"").dropFirst() {
                    guard let range = chunk.range(of: "visually-hidden\">") else { continue }
                    names.append(String(chunk[range.upperBound...].prefix { $0 != "<" }))
                }
                #expect(names.count >= theme.allActions.count + theme.goals.count + theme.indicators.count)
                #expect(Set(names).count == names.count, "duplicate link names: \(names)")
                // Every link opens a page.
                #expect(try await get(app, officer, "\(editor)/acties/\(action.key)").0 == .ok)

                let summary = try await get(app, officer, "/plannen/\(plan.key)/samenvatting").1
                #expect(summary.contains("href=\"\(editor)/acties/\(action.key)\">Bewerken"))
                #expect(summary.contains("href=\"\(editor)/doelen/\(goal.key)\">Bewerken"))
                let partner = try #require(plan.partners.first)
                let partners = try await get(app, officer, "/plannen/\(plan.key)/partners").1
                #expect(partners.contains("href=\"/plannen/\(plan.key)/bewerken/partners/\(partner.key)\">Bewerken"))
                let planPage = try await get(app, officer, "/plannen/\(plan.key)").1
                #expect(planPage.contains("href=\"\(editor)/gegevens\">Bewerken"))

                let readerBase = "/plannen/\(adopted.key)"
                for user in [reader, officer] {
                    for path in ["\(readerBase)/themas/\(theme.key)", "\(readerBase)/samenvatting", "\(readerBase)/partners", readerBase] {
                        let (status, body) = try await get(app, user, path)
                        #expect(status == .ok)
                        #expect(!body.contains("edit-link"), "no edit link on an adopted plan or for a council member: \(path)")
                        #expect(!body.contains("/bewerken"), "\(path)")
                    }
                }
            }
        }

        @Test("In a collaboration plan a member's officer gets edit links for the common part and its own chapter only")
        func chapterEditLinks() async throws {
            try await withTestApp { app in
                var plan = try example("basisteam-meierij-2023-2026.yaml")
                plan.status = .draft
                plan.adoptions = []
                _ = try await app.plans.save(plan)
                let chapters = plan.localChapters.filter { !$0.themes.isEmpty }
                try #require(chapters.count >= 2)
                let own = chapters[0], other = chapters[1]
                let officer = try await app.signIn("beleid.eigen", .municipality(own.municipality), [.policyOfficer])
                let ownTheme = own.themes[0], otherTheme = other.themes[0]
                let ownPage = try await get(app, officer, "/plannen/\(plan.key)/themas/\(ownTheme.key)").1
                #expect(ownPage.contains("href=\"/plannen/\(plan.key)/bewerken/gemeenten/\(own.municipality)/themas/\(ownTheme.key)/gegevens\">Bewerken"))
                let otherPage = try await get(app, officer, "/plannen/\(plan.key)/themas/\(otherTheme.key)").1
                #expect(!otherPage.contains("/bewerken/gemeenten/\(other.municipality)"), "no edit links into another member's chapter")
                #expect(!otherPage.contains("/bewerken/gemeenten/\(own.municipality)"))
            }
        }

        @Test("The editor is split: each section page shows only its own fields and lists, with a navigation; old addresses still open")
        func sectionPages() async throws {
            try await withTestApp { app in
                let plan = try await draft(app)
                let officer = try await app.officer(for: plan)
                let theme = try #require(plan.themes.first { !$0.actions.isEmpty })
                let base = "/plannen/\(plan.key)/bewerken"

                let actions = try await get(app, officer, "\(base)/themas/\(theme.key)/acties")
                #expect(actions.0 == .ok)
                #expect(actions.1.contains("id=\"lijst-acties\""))
                #expect(actions.1.contains("id=\"acties-\(theme.actions[0].key)\""), "each item carries an anchor")
                #expect(!actions.1.contains("id=\"lijst-doelen\""))
                #expect(!actions.1.contains("name=\"samenvatting\""))
                #expect(actions.1.contains("<nav class=\"sections\""))
                #expect(actions.1.contains("href=\"\(base)/themas/\(theme.key)/acties\" aria-current=\"page\""))

                let texts = try await get(app, officer, "\(base)/themas/\(theme.key)/teksten").1
                #expect(texts.contains("name=\"samenvatting\"") && texts.contains("name=\"ambities\""))
                #expect(!texts.contains("name=\"titel\"") && !texts.contains("id=\"lijst-acties\""))
                #expect(texts.contains("action=\"\(base)/themas/\(theme.key)/teksten\""), "the form saves the section")

                let planTexts = try await get(app, officer, "\(base)/teksten").1
                #expect(planTexts.contains("name=\"voorwoord\"") && !planTexts.contains("name=\"periode\"") && !planTexts.contains("lijst-themas"))
                let partners = try await get(app, officer, "\(base)/partners").1
                #expect(partners.contains("id=\"lijst-partners\"") && partners.contains("id=\"lijst-overleggen\"") && !partners.contains("lijst-themas"))
                // A list's segment opens the section that holds it.
                #expect(try await get(app, officer, "\(base)/overleggen").1.contains("id=\"lijst-partners\""))

                // The old addresses of the plan and a theme open their first section.
                let top = try await get(app, officer, base)
                #expect(top.0 == .ok)
                #expect(top.1.contains("name=\"titel\"") && !top.1.contains("name=\"voorwoord\"") && !top.1.contains("lijst-themas"))
                let themeTop = try await get(app, officer, "\(base)/themas/\(theme.key)")
                #expect(themeTop.0 == .ok && themeTop.1.contains("name=\"rol\"") && !themeTop.1.contains("name=\"samenvatting\""))
                #expect(try await get(app, officer, "\(base)/themas/\(theme.key)/bestaat-niet").0 == .notFound)
            }
        }

        @Test("Saving an item returns to its section at the item with a Dutch confirmation; saving a section returns to it and leaves the other sections alone")
        func saveReturns() async throws {
            try await withTestApp { app in
                let plan = try await draft(app)
                let officer = try await app.officer(for: plan)
                // (An action whose description is one line, as the one-line field asks.)
                let theme = try #require(plan.themes.first { !$0.answers.isEmpty && $0.actions.contains { !$0.description.contains("\n") } })
                let index = try #require(theme.actions.firstIndex { !$0.description.contains("\n") })
                let action = theme.actions[index]
                let base = "/plannen/\(plan.key)/bewerken/themas/\(theme.key)"
                let actionPath = "\(base)/acties/\(action.key)"

                let page = try await get(app, officer, actionPath).1
                let saved = try await post(app, officer, actionPath, [
                    ("vorige", try fingerprint(page)), ("omschrijving", action.description), ("resultaat", "Nieuw resultaat."),
                    ("status", action.status?.rawValue ?? ""),
                ] + (action.planning.map { [("planning", $0.description)] } ?? []))
                #expect(saved.0 == .seeOther, "\(saved.2.components(separatedBy: "<main").last?.prefix(3000) ?? "")")
                #expect(saved.1 == "\(base)/acties?opgeslagen=acties-\(action.key)#acties-\(action.key)")
                let back = try await get(app, officer, "\(base)/acties?opgeslagen=acties-\(action.key)").1
                #expect(back.contains("Opgeslagen: actie \u{201C}\(escaped(action.description))\u{201D}."))
                #expect(back.contains("<li id=\"acties-\(action.key)\" class=\"saved\">"))
                #expect(try await app.plans.plan(plan.key)?.theme(theme.key)?.actions[index].expectedResult == Prose("Nieuw resultaat."))

                // A section's save touches only its own fields: the check boxes of "Sluit aan bij"
                // on the Gegevens page stay as they were.
                let texts = try await get(app, officer, "\(base)/teksten").1
                let section = try await post(app, officer, "\(base)/teksten", [("vorige", try fingerprint(texts)), ("samenvatting", "Korter.")])
                #expect(section.0 == .seeOther)
                #expect(section.1 == "\(base)/teksten?opgeslagen=1")
                let stored = try #require(try await app.plans.plan(plan.key)?.theme(theme.key))
                #expect(stored.summary == Prose("Korter."))
                #expect(stored.answers == theme.answers)
                #expect(stored.why == theme.why, "a field of the section that was not sent is kept")
                #expect(try await get(app, officer, "\(base)/teksten?opgeslagen=1").1.contains("Opgeslagen."))

                // A stale section form is still refused with the other's version (409).
                let stale = try await post(app, officer, "\(base)/teksten", [("vorige", try fingerprint(texts)), ("samenvatting", "Van mij.")])
                #expect(stale.0 == .conflict)
                #expect(stale.2.contains("Iemand anders heeft dit onderdeel intussen gewijzigd"))
                #expect(try await app.plans.plan(plan.key)?.theme(theme.key)?.summary == Prose("Korter."))
            }
        }
    }
}

/// The editor's words: one label for one field wherever it appears.
@Suite("Editor wording")
struct EditorWordingTests {
    @Test("Each add form asks for the field by the label the item's own form uses")
    func addLabels() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let editor = PlanEditor(plan: plan, organisations: [])
        var parts = [try #require(editor.part(at: []))]
        var checked = 0
        while let part = parts.popLast() {
            for list in part.lists {
                guard case .line = list.addInput, let first = list.items.first,
                      let child = list.part(first.id), let label = child.fields.first?.label else { continue }
                #expect(list.addLabel.hasPrefix(label), "\(list.title): \(list.addLabel) vs \(label)")
                #expect(!list.addLabel.contains("Titel of naam"))
                checked += 1
                parts.append(child)
            }
        }
        #expect(checked >= 8)
    }

    @Test("The safety chain has one name in the editor and on the theme page; no hint sends the user elsewhere")
    func safetyChainAndHints() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        let theme = try #require(plan.themes.first { $0.actions.contains { !$0.phases.isEmpty } })
        let action = try #require(theme.actions.first { !$0.phases.isEmpty })
        let editor = PlanEditor(plan: plan, organisations: [])
        let part = try #require(editor.part(at: PlanEditor.actionPath(action.key, theme: theme, in: plan)))
        #expect(part.fields.first { $0.name == "ketenfasen" }?.label == SafetyChainPhase.fieldLabel)
        #expect(SafetyChainPhase.fieldLabel == "Veiligheidsketen")
        let page = ThemePage(plan: plan, theme: theme).render()
        #expect(page.contains("\(SafetyChainPhase.fieldLabel): "))
        #expect(!page.contains("Ketenfase"))
        for field in part.fields {
            #expect(!(field.hint ?? "").contains("pagina van het plan"), "\(field.label)")
            #expect(!(field.hint ?? "").lowercased().contains("planbestand"), "\(field.label)")
        }
    }
}
