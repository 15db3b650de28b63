import Foundation
import RegieCore
@testable import RegieReports
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

/// Issue 11, points 7, 10 and 11: other names of themes and goals, partners as plans name them
/// (more kinds, a status, their themes, a role within the owner) and consultation bodies (a
/// status, the goals taken up there); and the partners page's count sentence.
let partnersAndBodiesPlanFile = """
sleutel: proefstad-2024-2027
soort: integraal-veiligheidsplan
titel: Veilig Proefstad
eigenaar:
  gemeente: { code: GM9999, naam: Proefstad, inwoners: 12000 }
periode: 2024-2027
status: concept
themas:
  - sleutel: ondermijning
    titel: Ondermijning
    ook-genoemd: [Georganiseerde criminaliteit, Verweving onder- en bovenwereld]
    rol: prioriteit
    doelen:
      - sleutel: weerbare-ondernemers
        titel: Weerbare ondernemers
        ook-genoemd: [Weerbaar ondernemen]
        overleggen: [driehoek, ondermijningsoverleg]
    acties:
      - sleutel: kvo
        omschrijving: Keurmerk Veilig Ondernemen op bedrijventerreinen
        planning: 2025
        trekker: gemeente
        trekker-rol: projectleider Keurmerk Veilig Ondernemen
        partners: [politie]
        doel: weerbare-ondernemers
  - sleutel: jeugd
    titel: Jeugd en veiligheid
    rol: prioriteit
partners:
  - sleutel: gemeente
    naam: Gemeente Proefstad
    soort: gemeente
    themas: [ondermijning, jeugd]
  - sleutel: politie
    naam: Politie basisteam
    soort: politie
  - sleutel: ministerie-jenv
    naam: Ministerie van Justitie en Veiligheid
    soort: rijksoverheid
    status: te-lobbyen
    themas: [ondermijning]
  - sleutel: provincie
    naam: Provincie Proefland
    soort: provincie
    status: mogelijke-partner
  - sleutel: reclassering
    naam: Reclassering Nederland
    soort: justitie
    themas: [jeugd]
  - sleutel: bureau
    naam: Onderzoeksbureau Veldwerk
    soort: onderzoeksbureau
  - sleutel: afdeling-economie
    naam: Afdeling Economische Zaken
    soort: gemeentelijke-afdeling
  - sleutel: transporteur
    naam: Transportbedrijf De Vaart
    soort: bedrijf
  - sleutel: ccv
    naam: Centrum voor Criminaliteitspreventie en Veiligheid
    soort: kennisinstituut
overleggen:
  - sleutel: driehoek
    naam: Lokale driehoek
    status: bestaand
  - sleutel: ondermijningsoverleg
    naam: Overleg ondermijning
    status: op-te-starten
    themas: [ondermijning]

"""

@Suite("Partners, consultation bodies and other names (issue 11)")
struct PartnersAndBodiesTests {
    func key(_ text: String) -> Key { Key(text)! }

    @Test("The partners page counts agreements in natural Dutch for every combination, zero included")
    func involvementWording() {
        let expected: [[String]] = [
            ["Nog geen afspraken.", "Betrokken bij 1 afspraak.", "Betrokken bij 3 afspraken."],
            ["Trekker van 1 afspraak.", "Trekker van 1 afspraak en betrokken bij 1 afspraak.", "Trekker van 1 afspraak en betrokken bij 3 afspraken."],
            ["Trekker van 2 afspraken.", "Trekker van 2 afspraken en betrokken bij 1 afspraak.", "Trekker van 2 afspraken en betrokken bij 3 afspraken."],
        ]
        for (i, owned) in [0, 1, 2].enumerated() {
            for (j, involved) in [0, 1, 3].enumerated() {
                let sentence = PartnersPage.involvement(owned: owned, involved: involved)
                #expect(sentence == expected[i][j])
                #expect(!sentence.contains(" 0 "), "no count of zero in \(sentence)")
            }
        }
    }

    @Test("A plan file with other names, partner kinds, statuses, themes, an owner role and goals taken up in bodies reads into the model")
    func reads() throws {
        let plan = try PlanFileReader.read(partnersAndBodiesPlanFile)
        #expect(plan.problems().isEmpty)
        let theme = plan.themes[0]
        #expect(theme.aliases == ["Georganiseerde criminaliteit", "Verweving onder- en bovenwereld"])
        #expect(theme.goals[0].aliases == ["Weerbaar ondernemen"])
        #expect(theme.goals[0].consultationBodies == [key("driehoek"), key("ondermijningsoverleg")])
        #expect(theme.actions[0].ownerRole == "projectleider Keurmerk Veilig Ondernemen")
        #expect(plan.partners.map(\.type) == [.municipality, .police, .nationalGovernment, .province, .justice, .researchBureau,
                                             .internalDepartment, .company, .knowledgeInstitute])
        #expect(plan.partners.map(\.status) == [nil, nil, .toLobby, .potential, nil, nil, nil, nil, nil])
        #expect(plan.partners[0].themes == [key("ondermijning"), key("jeugd")])
        #expect(plan.consultationBodies.map(\.status) == [.existing, .toBeStarted])
        #expect(plan.goals(takenUpIn: key("driehoek")).map(\.goal.key) == [key("weerbare-ondernemers")])
    }

    @Test("Writing such a plan and reading it back gives the same plan, and the written file reads back to the same text")
    func roundTrip() throws {
        let plan = try PlanFileReader.read(partnersAndBodiesPlanFile)
        let written = PlanFileWriter.write(plan)
        #expect(written.contains("ook-genoemd:") && written.contains("trekker-rol: projectleider Keurmerk Veilig Ondernemen"))
        #expect(written.contains("status: te-lobbyen") && written.contains("status: op-te-starten"))
        #expect(written.contains("overleggen: [driehoek, ondermijningsoverleg]"))
        let again = try PlanFileReader.read(written)
        #expect(again == plan)
        #expect(PlanFileWriter.write(again) == written)
        // The demo plan uses these too, and still round-trips.
        let meierij = try example("basisteam-meierij-2023-2026.yaml")
        #expect(meierij.problems().isEmpty)
        #expect(meierij.partners.contains { $0.status == .toLobby } && meierij.partners.contains { $0.type == .justice })
        #expect(meierij.consultationBodies.contains { $0.status == .toBeStarted })
        #expect(meierij.allThemes.contains { !$0.aliases.isEmpty })
        #expect(meierij.allThemes.flatMap(\.allActions).contains { $0.ownerRole != nil })
        #expect(try PlanFileReader.read(PlanFileWriter.write(meierij)) == meierij)
    }

    /// The problems of the fixture with `from` replaced by `to`, as "path: message"; each names its line.
    func messages(_ from: String, _ to: String) -> [String] {
        #expect(partnersAndBodiesPlanFile.contains(from), "fixture lacks \(from)")
        let found = problems(in: partnersAndBodiesPlanFile.replacingOccurrences(of: from, with: to))
        #expect(found.allSatisfy { $0.line != nil }, "every problem names its line")
        return found.map { "\($0.path): \($0.message)" }
    }

    @Test("Wrong other names get a clear Dutch message with their place")
    func aliasProblems() {
        #expect(messages("ook-genoemd: [Weerbaar ondernemen]", "ook-genoemd: [weerbare ondernemers]")
            == ["themas[0].doelen[0].ook-genoemd[0]: \"weerbare ondernemers\" is de titel zelf; bij ook-genoemd horen alleen andere namen"])
        #expect(messages("ook-genoemd: [Georganiseerde criminaliteit, Verweving onder- en bovenwereld]",
                         "ook-genoemd: [Georganiseerde criminaliteit, georganiseerde Criminaliteit]")
            == ["themas[0].ook-genoemd[1]: \"georganiseerde Criminaliteit\" staat al eerder bij ook-genoemd; noem elke naam één keer"])
        let empty = messages("ook-genoemd: [Weerbaar ondernemen]", "ook-genoemd: [\"\"]")
        #expect(empty.count == 1 && empty[0].hasPrefix("themas[0].doelen[0].ook-genoemd[0]") && empty[0].hasSuffix("mag niet leeg zijn"))
        let long = messages("ook-genoemd: [Weerbaar ondernemen]", "ook-genoemd: [\(String(repeating: "a", count: PlanLimits.lineLength + 1))]")
        #expect(long.count == 1 && long[0].contains("themas[0].doelen[0].ook-genoemd[0]") && long[0].contains("tekens lang"))
    }

    @Test("Wrong partner kinds, statuses, themes and owner roles get a clear Dutch message with their place")
    func partnerProblems() {
        let kind = messages("soort: kennisinstituut", "soort: universiteit")
        #expect(kind.count == 1 && kind[0].contains("partners[8].soort") && kind[0].contains("\"universiteit\" is geen geldige waarde")
            && kind[0].contains("rijksoverheid, provincie, justitie, onderzoeksbureau, gemeentelijke-afdeling, bedrijf, kennisinstituut"))
        let status = messages("status: te-lobbyen", "status: lobby")
        #expect(status.count == 1 && status[0].contains("partners[2].status") && status[0].contains("kies uit: mogelijke-partner, te-lobbyen"))
        #expect(messages("themas: [ondermijning, jeugd]", "themas: [ondermijnig, jeugd]")
            == ["partners[0].themas[0]: thema \"ondermijnig\" bestaat niet in dit plan; bedoelde u \"ondermijning\"?"])
        #expect(messages("themas: [jeugd]\n  - sleutel: bureau", "themas: [verkeer]\n  - sleutel: bureau")
            == ["partners[4].themas[0]: thema \"verkeer\" bestaat niet in dit plan (thema\u{2019}s: ondermijning, jeugd)"])
        #expect(messages("        trekker: gemeente\n", "")
            == ["themas[0].acties[0].trekker-rol: een trekker-rol hoort bij een trekker; geef ook trekker (de partner waarbinnen deze rol de actie trekt) of laat trekker-rol weg"])
    }

    @Test("Wrong consultation body statuses and goal bodies get a clear Dutch message with their place")
    func bodyProblems() {
        let status = messages("status: bestaand", "status: loopt")
        #expect(status.count == 1 && status[0].contains("overleggen[0].status") && status[0].contains("kies uit: bestaand, op-te-starten"))
        #expect(messages("overleggen: [driehoek, ondermijningsoverleg]", "overleggen: [driehoek, ondermijnings-overleg]")
            == ["themas[0].doelen[0].overleggen[1]: overleg \"ondermijnings-overleg\" bestaat niet in dit plan; bedoelde u \"ondermijningsoverleg\"?"])
    }

    @Test("A theme's other names count as its title when Regie proposes the figures that fit it; readers see them only once confirmed")
    func aliasesFindSeries() {
        var theme = Theme(key: key("weerbare-wijken"), title: "Weerbare wijken", role: .priority)
        #expect(SeriesCatalogue.proposals(for: theme, in: SeriesCatalogue.defaults).isEmpty)
        theme.aliases = ["Aanpak woninginbraak"]
        #expect(SeriesCatalogue.proposals(for: theme, in: SeriesCatalogue.defaults).map(\.key) == [key("woninginbraak")])
        #expect(SeriesCatalogue.series(for: theme, in: SeriesCatalogue.defaults).isEmpty, "a proposal is not a link")
    }

    @Test("A copy for the next plan drops a partner's theme that is not copied, and lists it")
    func copyDropsPartnerThemes() throws {
        let members = [Municipality(code: MunicipalityCode("GM0001")!, name: "Een"), Municipality(code: MunicipalityCode("GM0002")!, name: "Twee")]
        var plan = try PlanFileReader.read(partnersAndBodiesPlanFile)
        plan.owner = .collaboration(Collaboration(key: key("samen"), name: "Samen", members: members))
        plan.localChapters = [LocalChapter(municipality: members[1].code, themes: [Theme(key: key("lokaal"), title: "Lokaal", role: .priority)])]
        plan.partners[1].themes = [key("lokaal"), key("ondermijning")]
        #expect(plan.problems().isEmpty)
        let copy = plan.copyForNextPlan(key: key("nieuw-plan"), title: "Nieuw", period: YearRange(first: 2028, last: 2031)!,
                                        owner: .municipality(members[0]))
        #expect(copy.plan.partners[1].themes == [key("ondermijning")])
        #expect(copy.plan.partners[2].status == .toLobby && copy.plan.themes[0].goals[0].consultationBodies.count == 2)
        #expect(copy.report.dropped.map(\.kind).contains(.partnerThemeDropped(key("lokaal"))))
        #expect(copy.report.dropped.first { $0.kind == .partnerThemeDropped(key("lokaal")) }?.item == .partner(key("politie")))
        #expect(copy.plan.problems().isEmpty)
    }

    @Test("Documents stored before these fields existed still decode, with the new fields empty")
    func oldDocuments() throws {
        let plan = try PlanFileReader.read(partnersAndBodiesPlanFile)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        func strip(_ value: Any) -> Any {
            if var dictionary = value as? [String: Any] {
                // Every part with a key but the plan itself (whose own consultationBodies stay).
                for field in ["aliases", "consultationBodies", "ownerRole"] where dictionary["key"] != nil && dictionary["period"] == nil {
                    dictionary[field] = nil
                }
                if dictionary["type"] != nil { dictionary["status"] = nil; dictionary["themes"] = nil }
                if dictionary["participants"] != nil { dictionary["status"] = nil }
                return dictionary.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        object = strip(object) as! [String: Any]
        let old = try JSONSerialization.data(withJSONObject: object)
        #expect(!String(decoding: old, as: UTF8.self).contains("aliases") && !String(decoding: old, as: UTF8.self).contains("ownerRole"))
        let decoded = try JSONDecoder().decode(Plan.self, from: old)
        #expect(decoded.themes[0].aliases.isEmpty && decoded.themes[0].goals[0].aliases.isEmpty)
        #expect(decoded.themes[0].goals[0].consultationBodies.isEmpty && decoded.themes[0].actions[0].ownerRole == nil)
        #expect(decoded.partners.allSatisfy { $0.status == nil && $0.themes.isEmpty })
        #expect(decoded.consultationBodies.allSatisfy { $0.status == nil })
        #expect(decoded.themes[0].title == plan.themes[0].title && decoded.partners.map(\.type) == plan.partners.map(\.type))
    }
}

extension DatabaseTests {
    @Suite("Partners, consultation bodies and other names in the web app (issue 11)")
    struct PartnersAndBodiesWebTests {
        @discardableResult
        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.body.string)
            }
            return result
        }

        func page(_ app: Application, _ user: TestUser, _ path: String) async throws -> String {
            var body = ""
            try await app.testing().test(.GET, path, headers: user.headers) { res in
                #expect(res.status == .ok, "GET \(path)")
                body = res.body.string
            }
            return body
        }

        func fingerprint(_ app: Application, _ user: TestUser, _ path: String) async throws -> String {
            let body = try await page(app, user, path)
            guard let range = body.range(of: "name=\"vorige\" value=\"") else { return "" }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }

        @Test("Imported, the plan is stored unchanged and its pages show other names, kinds, statuses, themes, owner roles and bodies")
        func importAndRender() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(partnersAndBodiesPlanFile)
                #expect(try await app.plans.save(plan) == .created)
                #expect(try await app.plans.plan(plan.key) == plan)
                let officer = try await app.officer(for: plan)
                let theme = try await page(app, officer, "/plannen/\(plan.key)/themas/ondermijning")
                #expect(theme.contains("Ook genoemd: Georganiseerde criminaliteit, Verweving onder- en bovenwereld"))
                #expect(theme.contains("Ook genoemd: Weerbaar ondernemen"))
                #expect(theme.contains("Besproken in: ") && theme.contains("#overleg-driehoek\">Lokale driehoek</a>"))
                #expect(theme.contains("Gemeente Proefstad (projectleider Keurmerk Veilig Ondernemen)"))
                let overview = try await page(app, officer, "/plannen/\(plan.key)")
                #expect(overview.contains("Ook genoemd: Georganiseerde criminaliteit"))
                let partners = try await page(app, officer, "/plannen/\(plan.key)/partners")
                #expect(partners.contains("Rijksoverheid en ministeries · Te benaderen / lobby"))
                #expect(partners.contains("Provincie · Mogelijke partner"))
                #expect(partners.contains("Justitie (reclassering, DJI, Raad voor de Kinderbescherming)"))
                #expect(partners.contains("Afdeling van de gemeente") && partners.contains("Kennisinstituut") && partners.contains("Onderzoeksbureau"))
                #expect(partners.contains("Werkt aan: <a href=\"/plannen/\(plan.key)/themas/ondermijning\">Ondermijning</a>"))
                #expect(partners.contains("Trekker van 1 afspraak.") && partners.contains("Betrokken bij 1 afspraak.") && partners.contains("Nog geen afspraken."))
                #expect(!partners.contains(" 0 afspraken"))
                #expect(partners.contains("Bestaand overleg") && partners.contains("Nog op te starten"))
                #expect(partners.contains("Hier besproken: ") && partners.contains("#doel-weerbare-ondernemers\">Weerbare ondernemers</a>"))
                // Active partners come first, then potential partners, then those to approach.
                let active = try #require(partners.range(of: "Onderzoeksbureau Veldwerk"))
                let potential = try #require(partners.range(of: "Provincie Proefland"))
                let lobby = try #require(partners.range(of: "Ministerie van Justitie en Veiligheid"))
                #expect(active.lowerBound < potential.lowerBound && potential.lowerBound < lobby.lowerBound)
            }
        }

        @Test("The editor edits other names, partner status and themes, the owner role, body status and a goal's bodies; the export is unchanged by a round trip")
        func editAndExport() async throws {
            try await withTestApp { app in
                let original = try PlanFileReader.read(partnersAndBodiesPlanFile)
                _ = try await app.plans.save(original)
                let officer = try await app.officer(for: original)
                let base = "/plannen/\(original.key)/bewerken"

                let themePath = base + "/themas/jeugd/gegevens"
                var step = try await post(app, officer, themePath, [
                    ("vorige", try await fingerprint(app, officer, themePath)), ("titel", "Jeugd en veiligheid"),
                    ("ook-genoemd", "Jeugdoverlast\n\n  Hanggroepen  \n"), ("rol", "priority"), ("richting", ""), ("veiligheidsveld", ""),
                ])
                #expect(step.0 == .seeOther)

                let goalPath = base + "/themas/ondermijning/doelen/weerbare-ondernemers"
                step = try await post(app, officer, goalPath, [
                    ("vorige", try await fingerprint(app, officer, goalPath)), ("titel", "Weerbare ondernemers"), ("omschrijving", ""),
                    ("ook-genoemd", "Weerbaar ondernemen\nOndernemers weerbaar"), ("overleggen", "ondermijningsoverleg"),
                ])
                #expect(step.0 == .seeOther)

                let partnerPath = base + "/partners/provincie"
                step = try await post(app, officer, partnerPath, [
                    ("vorige", try await fingerprint(app, officer, partnerPath)), ("naam", "Provincie Proefland"), ("soort", "province"),
                    ("status", "toLobby"), ("themas", "jeugd"), ("themas", "ondermijning"), ("rol", ""), ("organisatie", ""),
                ])
                #expect(step.0 == .seeOther)

                let bodyPath = base + "/overleggen/driehoek"
                step = try await post(app, officer, bodyPath, [
                    ("vorige", try await fingerprint(app, officer, bodyPath)), ("naam", "Lokale driehoek"), ("status", "toBeStarted"),
                    ("voorzitter", ""), ("deelnemers", ""), ("ritme", ""), ("doel", ""),
                ])
                #expect(step.0 == .seeOther)

                let actionPath = base + "/themas/ondermijning/acties/kvo"
                let actionFields: [(String, String)] = [
                    ("omschrijving", "Keurmerk Veilig Ondernemen op bedrijventerreinen"), ("resultaat", ""), ("planning", "2025"),
                    ("partners", "politie"), ("status", "planned"), ("doel", "weerbare-ondernemers"), ("voortgang", ""),
                ]
                // A role without an owner is refused with the plan's rule, in Dutch.
                step = try await post(app, officer, actionPath, [("vorige", try await fingerprint(app, officer, actionPath)),
                                                                ("trekker", ""), ("trekker-rol", "projectleider")] + actionFields)
                #expect(step.0 == .unprocessableEntity)
                #expect(step.1.contains("een trekker-rol hoort bij een trekker"))
                step = try await post(app, officer, actionPath, [("vorige", try await fingerprint(app, officer, actionPath)),
                                                                ("trekker", "afdeling-economie"), ("trekker-rol", "projectleider KVO")] + actionFields)
                #expect(step.0 == .seeOther)

                // The editor's forms offer the new choices.
                let partnerForm = try await page(app, officer, partnerPath)
                #expect(partnerForm.contains("Actieve partner") && partnerForm.contains("Te benaderen / lobby") && partnerForm.contains("Rijksoverheid en ministeries"))
                let goalForm = try await page(app, officer, goalPath)
                #expect(goalForm.contains("Besproken in (overleggen)") && goalForm.contains("Overleg ondermijning"))

                let plan = try #require(try await app.plans.plan(original.key))
                #expect(plan.problems().isEmpty)
                #expect(plan.themes[1].aliases == ["Jeugdoverlast", "Hanggroepen"])
                #expect(plan.themes[0].goals[0].aliases == ["Weerbaar ondernemen", "Ondernemers weerbaar"])
                #expect(plan.themes[0].goals[0].consultationBodies == [Key("ondermijningsoverleg")!])
                #expect(plan.partners[3].status == .toLobby)
                #expect(plan.partners[3].themes == [Key("ondermijning")!, Key("jeugd")!], "in the plan's order of themes")
                #expect(plan.consultationBodies[0].status == .toBeStarted)
                #expect(plan.themes[0].actions[0].owner == Key("afdeling-economie") && plan.themes[0].actions[0].ownerRole == "projectleider KVO")

                // An alias equal to the title is refused in the browser too.
                step = try await post(app, officer, goalPath, [
                    ("vorige", try await fingerprint(app, officer, goalPath)), ("titel", "Weerbare ondernemers"), ("omschrijving", ""),
                    ("ook-genoemd", "Weerbare Ondernemers"), ("overleggen", ""),
                ])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.1.contains("is de titel zelf"))

                // Exported, the edited plan reads back the same.
                var exported = ""
                try await app.testing().test(.GET, "/plannen/\(plan.key)/planbestand.yaml", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    exported = res.body.string
                }
                #expect(exported.contains("trekker-rol: projectleider KVO") && exported.contains("ook-genoemd:"))
                let reread = try PlanFileReader.read(exported)
                #expect(reread == plan)
                #expect(PlanFileWriter.write(reread) == exported)
            }
        }
    }
}
