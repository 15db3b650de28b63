import Foundation
import RegieCore
import RegieReports
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

/// A plan offered to the council by the executive, with the facts of a published adoption
/// decision and the signatories of the council papers (issue 11, point 1).
let councilPapersPlanFile = minimalPlanFile
    .replacingOccurrences(of: "status: concept\n", with: """
    status: vastgesteld
    aanbiedingen:
      - datum: 2024-01-16
        besluitnummer: B&W 2024-012
    vaststellingen:
      - datum: 2024-02-26
        orgaan: gemeenteraad Proefstad
        datum-ondertekening: 2024-02-27
        in-werking-per: 2024-03-07
        publicatie: Gemeenteblad 2024, 28531
    ondertekening:
      - rol: voorzitter
        naam: J. de Vries
      - rol: griffier
        naam: A. Bakker

    """)

@Suite("Council papers in the plan file")
struct CouncilPapersFileTests {
    @Test("Offers to the council, adoption facts without a decision number and signatories read, validate and write back unchanged")
    func roundTrip() throws {
        let plan = try PlanFileReader.read(councilPapersPlanFile)
        #expect(plan.status == .adopted)
        #expect(plan.councilOffers == [CouncilOffer(date: CalendarDate(iso: "2024-01-16")!, body: "college van burgemeester en wethouders",
                                                    decisionNumber: "B&W 2024-012")])
        #expect(plan.adoptions == [Adoption(date: CalendarDate(iso: "2024-02-26")!, body: "gemeenteraad Proefstad", decisionNumber: nil,
                                            signedOn: CalendarDate(iso: "2024-02-27"), inForceFrom: CalendarDate(iso: "2024-03-07"),
                                            publication: "Gemeenteblad 2024, 28531")])
        #expect(plan.signatories == [Signatory(role: "voorzitter", name: "J. de Vries"), Signatory(role: "griffier", name: "A. Bakker")])
        #expect(plan.problems().isEmpty)
        let written = PlanFileWriter.write(plan)
        #expect(written.contains("aanbiedingen:") && written.contains("datum-ondertekening: 2024-02-27"))
        #expect(written.contains("publicatie: Gemeenteblad 2024, 28531"))
        var offered = plan
        offered.status = .offeredToCouncil
        offered.adoptions = []
        let offeredFile = PlanFileWriter.write(offered)
        #expect(offeredFile.contains("status: aangeboden-aan-de-raad"))
        #expect(try PlanFileReader.read(offeredFile) == offered)
        #expect(offered.problems().isEmpty)
        let again = try PlanFileReader.read(written)
        #expect(again == plan)
        #expect(PlanFileWriter.write(again) == written)
    }

    @Test("The Stadskanaal example carries its council papers and still round-trips")
    func stadskanaalExample() throws {
        let plan = try example("stadskanaal-2020-2024.yaml")
        #expect(plan.councilOffers.count == 1)
        #expect(plan.adoptions.first?.publication == "Gemeenteblad 2020, 28531")
        #expect(plan.signatories.map(\.role) == ["voorzitter", "griffier"])
        #expect(try PlanFileReader.read(PlanFileWriter.write(plan)) == plan)
    }

    @Test("Offered to the council without an offer, a wrong date of signing and an empty signatory are refused in Dutch, with their place")
    func refusals() {
        let noOffer = problems(in: minimalPlanFile.replacingOccurrences(of: "status: concept\n", with: "status: aangeboden-aan-de-raad\n"))
        #expect(noOffer.contains { $0.path == "aanbiedingen" && $0.message.contains("minstens één aanbieding") })
        let badDate = problems(in: councilPapersPlanFile.replacingOccurrences(of: "datum-ondertekening: 2024-02-27", with: "datum-ondertekening: 25 februari"))
        #expect(badDate.contains { $0.path == "vaststellingen[0].datum-ondertekening" && $0.message.contains("geen geldige datum") })
        let emptyRole = problems(in: councilPapersPlanFile.replacingOccurrences(of: "rol: griffier", with: "rol: \"\""))
        #expect(emptyRole.contains { $0.path == "ondertekening[1].rol" && $0.message == "mag niet leeg zijn" })
        let notAMember = problems(in: councilPapersPlanFile.replacingOccurrences(of: "besluitnummer: B&W 2024-012", with: "gemeente: GM0037"))
        #expect(notAMember.contains { $0.path == "aanbiedingen[0].gemeente" && $0.message.contains("geen eigenaar of lid") })
        let typo = problems(in: councilPapersPlanFile.replacingOccurrences(of: "publicatie:", with: "publikatie:"))
        #expect(typo.contains { $0.message.contains("onbekende sleutel \"publikatie\"") })
    }

    @Test("A document stored before council papers existed decodes with no offers and no signatories")
    func oldDocumentsDecode() throws {
        let plan = try PlanFileReader.read(minimalPlanFile)
        var json = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(plan)) as? [String: Any])
        json.removeValue(forKey: "councilOffers")
        json.removeValue(forKey: "signatories")
        let decoded = try JSONDecoder().decode(Plan.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(decoded == plan)
        #expect(decoded.councilOffers.isEmpty && decoded.signatories.isEmpty)
    }

    @Test("A copy for the next period starts without offers, adoptions and signatories")
    func copyDropsDecisions() throws {
        let plan = try PlanFileReader.read(councilPapersPlanFile)
        let copy = plan.copyForNextPlan(key: Key("proefstad-2028-2031")!, title: "Veilig Proefstad 2028-2031",
                                        period: YearRange(first: 2028, last: 2031)!).plan
        #expect(copy.status == .draft && copy.councilOffers.isEmpty && copy.adoptions.isEmpty && copy.signatories.isEmpty)
    }

    @Test("Council members read a plan from the offer to the council on, not before")
    func councilMembersReadOfferedPlans() {
        let code = MunicipalityCode("GM9999")!
        let member = Account(id: UUID(), username: "raadslid", displayName: "Raadslid", tenant: .municipality(code), roles: [.reader])
        func view(_ status: PlanStatus) -> PlanPermissions.View {
            AccessPolicy.permissions(of: member, for: PlanAccessFacts(municipalities: [code], isCollaboration: false, status: status,
                                                                      hasAdoptedVersion: false, organisations: [:])).view
        }
        #expect(view(.draft) == .none)
        #expect(view(.consultation) == .none)
        #expect(view(.offeredToCouncil) == .current)
        #expect(view(.adopted) == .current)
    }

    @Test("The plan page shows the offer, the published facts of the adoption and the signatories")
    func planPage() throws {
        let html = PlanPage(plan: try PlanFileReader.read(councilPapersPlanFile)).render()
        #expect(html.contains("Besluitvorming"))
        #expect(html.contains("college van burgemeester en wethouders, 16 januari 2024, besluit B&amp;W 2024-012"))
        #expect(html.contains("gemeenteraad Proefstad, 26 februari 2024<"), "no \u{201C}besluit\u{201D} without a number")
        #expect(html.contains("Gemeenteblad 2024, 28531") && html.contains("7 maart 2024") && html.contains("27 februari 2024"))
        #expect(html.contains("Griffier: A. Bakker"))
        #expect(StatusPage.stepLabel(.offeredToCouncil, from: .consultation) == "Aanbieden aan de raad")
        #expect(StatusPage.nextSteps(from: .consultation) == [.offeredToCouncil, .adopted, .draft])
        #expect(StatusPage.nextSteps(from: .offeredToCouncil) == [.adopted, .draft])
    }
}

extension DatabaseTests {
    @Suite("Council papers in the browser")
    struct CouncilPapersWebTests {
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

        @Test("A plan file with council papers imports, shows, exports unchanged, and council members read it once offered")
        func importAndRead() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(councilPapersPlanFile)
                let report = try await PlanImport.run(PlanImport.Request(plans: [("proefstad.yaml", plan)], replace: false, accountName: nil,
                                                                         reason: nil, commandLine: "regie plan import proefstad.yaml"),
                                                      plans: app.plans, accounts: app.accounts)
                #expect(report.stored)
                let stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored == plan)
                let officer = try await app.officer(for: plan)
                let exported = try await get(app, officer, SiteURL.planFile(plan.key).path)
                #expect(exported.0 == .ok)
                #expect(try PlanFileReader.read(exported.1) == plan)
                #expect(exported.1 == PlanFileWriter.write(plan))

                let councilMember = try await app.signIn("raadslid", .municipality(MunicipalityCode("GM9999")!), [.reader])
                var offered = plan
                offered.key = Key("proefstad-aangeboden")!
                offered.status = .offeredToCouncil
                offered.adoptions = []
                _ = try await app.plans.save(offered)
                let page = try await get(app, councilMember, "/plannen/\(offered.key)")
                #expect(page.0 == .ok)
                #expect(page.1.contains("Aangeboden aan de raad") && page.1.contains("Griffier: A. Bakker"))
                #expect(page.1.contains("college van burgemeester en wethouders, 16 januari 2024, besluit B&amp;W 2024-012"))
                // A draft is not for council members yet.
                var draft = plan
                draft.key = Key("proefstad-concept")!
                draft.status = .draft
                draft.adoptions = []
                _ = try await app.plans.save(draft)
                let refused = try await get(app, councilMember, "/plannen/\(draft.key)")
                #expect(refused.0 == .notFound || refused.0 == .forbidden)
            }
        }

        @Test("The status page offers the plan to the council and adopts it without a decision number, with signing, in force and publication")
        func offerAndAdopt() async throws {
            try await withTestApp { app in
                var plan = try PlanFileReader.read(minimalPlanFile)
                plan.status = .consultation
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let status = "/plannen/\(plan.key)/status"
                let page = try await get(app, officer, status)
                #expect(page.1.contains("Aanbieden aan de raad") && page.1.contains("value=\"college van burgemeester en wethouders\""))

                var step = try await post(app, officer, status, [("naar", "offeredToCouncil"), ("aanbieding-datum", "16-01-2024"),
                                                                ("aanbieding-orgaan", ""), ("aanbieding-besluitnummer", "")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("Vul de datum van het collegebesluit in"))
                #expect(step.2.contains("Vul het orgaan in dat het plan aanbiedt"))
                step = try await post(app, officer, status, [("naar", "offeredToCouncil"), ("aanbieding-datum", "2024-01-16"),
                                                            ("aanbieding-orgaan", "college van burgemeester en wethouders"), ("aanbieding-besluitnummer", "")])
                #expect(step.0 == .seeOther)
                var stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.status == .offeredToCouncil)
                #expect(stored.councilOffers == [CouncilOffer(date: CalendarDate(iso: "2024-01-16")!)])
                #expect(stored.problems().isEmpty)

                // Adopting: the decision number may stay empty; a wrong optional date is named.
                let wrong = try await post(app, officer, status, [("naar", "adopted"), ("datum", "2024-02-26"), ("orgaan", "gemeenteraad"),
                                                                 ("besluitnummer", ""), ("datum-ondertekening", "gisteren"),
                                                                 ("in-werking-per", ""), ("publicatie", "")])
                #expect(wrong.0 == .unprocessableEntity)
                #expect(wrong.2.contains("is geen datum. Vul de datum van ondertekening in"))
                #expect(!wrong.2.contains("Vul het nummer van het raadsbesluit in"))
                let decision = [("naar", "adopted"), ("datum", "2024-02-26"), ("orgaan", "gemeenteraad"), ("besluitnummer", ""),
                                ("datum-ondertekening", "2024-02-27"), ("in-werking-per", "2024-03-07"), ("publicatie", "Gemeenteblad 2024, 10101")]
                step = try await post(app, officer, status, decision)
                #expect(step.0 == .ok)
                #expect(step.2.contains("heeft vastgesteld op 26 februari 2024."), "no \u{201C}besluit\u{201D} without a number")
                #expect(step.2.contains("Gemeenteblad 2024, 10101") && step.2.contains("value=\"2024-03-07\""))
                step = try await post(app, officer, status, decision + [("bevestigd", "ja")])
                #expect(step.0 == .seeOther)
                stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.status == .adopted)
                #expect(stored.adoptions == [Adoption(date: CalendarDate(iso: "2024-02-26")!, body: "gemeenteraad", decisionNumber: nil,
                                                      signedOn: CalendarDate(iso: "2024-02-27"), inForceFrom: CalendarDate(iso: "2024-03-07"),
                                                      publication: "Gemeenteblad 2024, 10101")])
                #expect(stored.councilOffers.count == 1)
                #expect(stored.problems().isEmpty)
                let after = try await get(app, officer, status)
                #expect(after.1.contains("college van burgemeester en wethouders, 16 januari 2024"))
                #expect(after.1.contains("gemeenteraad, 26 februari 2024<"))
            }
        }

        @Test("Signatories are added and edited in the plan's editor")
        func editSignatories() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let base = "/plannen/\(plan.key)/bewerken"
                var step = try await post(app, officer, base + "/ondertekening/toevoegen", [("nieuw-ondertekening", "J. de Vries")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("Schrijf de rol, een dubbele punt en de naam"))
                step = try await post(app, officer, base + "/ondertekening/toevoegen", [("nieuw-ondertekening", "burgemeester: J. de Vries")])
                #expect(step.0 == .seeOther)
                #expect(try await app.plans.plan(plan.key)?.signatories == [Signatory(role: "burgemeester", name: "J. de Vries")])
                let page = try await editorPage(app, officer, plan.key, "/ondertekening/1")
                step = try await post(app, officer, base + "/ondertekening/1", [("vorige", page.fingerprint), ("rol", "voorzitter"), ("naam", "J. de Vries")])
                #expect(step.0 == .seeOther)
                let edited = try #require(try await app.plans.plan(plan.key))
                #expect(edited.signatories == [Signatory(role: "voorzitter", name: "J. de Vries")])
                #expect(try PlanFileReader.read(PlanFileWriter.write(edited)) == edited)
                let shown = try await get(app, officer, "/plannen/\(plan.key)")
                #expect(shown.1.contains("Voorzitter: J. de Vries"))
            }
        }
    }
}

/// A plan with a legal framework and a theme citing two of its laws (issue 11, point 3).
let legalBasisPlanFile = minimalPlanFile
    .replacingOccurrences(of: "    rol: prioriteit\n", with: "    rol: prioriteit\n    wettelijke-grondslagen: [opiumwet-13b, wet-bibob]\n")
    + """
    wettelijk-kader:
      - sleutel: opiumwet-13b
        wet: Opiumwet
        artikel: artikel 13b
        omschrijving: |
          De burgemeester kan een woning of lokaal sluiten waar drugs worden verkocht.
      - sleutel: wet-bibob
        wet: Wet Bibob

    """

@Suite("Legal basis in the plan file")
struct LegalBasisFileTests {
    @Test("The legal framework and a theme's legal bases read, validate and write back unchanged")
    func roundTrip() throws {
        let plan = try PlanFileReader.read(legalBasisPlanFile)
        #expect(plan.legalBases == [LegalBasis(key: Key("opiumwet-13b")!, law: "Opiumwet", article: "artikel 13b",
                                               description: "De burgemeester kan een woning of lokaal sluiten waar drugs worden verkocht.\n"),
                                    LegalBasis(key: Key("wet-bibob")!, law: "Wet Bibob")])
        #expect(plan.themes[0].legalBases == [Key("opiumwet-13b")!, Key("wet-bibob")!])
        #expect(plan.problems().isEmpty)
        let written = PlanFileWriter.write(plan)
        #expect(written.contains("wettelijke-grondslagen: [opiumwet-13b, wet-bibob]"))
        let again = try PlanFileReader.read(written)
        #expect(again == plan)
        #expect(PlanFileWriter.write(again) == written)
        let example = try example("stadskanaal-2020-2024.yaml")
        #expect(example.legalBasis(Key("politiewet-38b")!)?.citation == "Politiewet 2012, artikel 38b")
        #expect(example.theme(Key("ondermijning")!)?.legalBases == [Key("wet-bibob")!, Key("opiumwet-13b")!])
    }

    @Test("An unknown legal basis is refused with the nearest known keys; a law is required")
    func refusals() {
        let typo = problems(in: legalBasisPlanFile.replacingOccurrences(of: "[opiumwet-13b, wet-bibob]", with: "[opiumwet-13, wet-bibob]"))
        #expect(typo.contains { $0.path == "themas[0].wettelijke-grondslagen[0]" && $0.message.contains("bedoelde u \"opiumwet-13b\"?") })
        let unrelated = problems(in: legalBasisPlanFile.replacingOccurrences(of: "[opiumwet-13b, wet-bibob]", with: "[wegenverkeerswet]"))
        #expect(unrelated.contains { $0.message.contains("staat niet in het wettelijk kader") && $0.message.contains("opiumwet-13b, wet-bibob") })
        let noLaw = problems(in: legalBasisPlanFile.replacingOccurrences(of: "    wet: Wet Bibob\n", with: ""))
        #expect(noLaw.contains { $0.path == "wettelijk-kader[1].wet" && $0.message == "ontbreekt; dit veld is verplicht" })
    }

    @Test("A document stored before the legal framework existed decodes without it")
    func oldDocumentsDecode() throws {
        let plan = try PlanFileReader.read(minimalPlanFile)
        var json = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(plan)) as? [String: Any])
        json.removeValue(forKey: "legalBases")
        var themes = try #require(json["themes"] as? [[String: Any]])
        themes[0].removeValue(forKey: "legalBases")
        json["themes"] = themes
        let decoded = try JSONDecoder().decode(Plan.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(decoded == plan)
    }

    @Test("The plan page shows the legal framework, the theme page the theme's bases linked to it; a copy keeps them")
    func pages() throws {
        let plan = try PlanFileReader.read(legalBasisPlanFile)
        let html = PlanPage(plan: plan).render()
        #expect(html.contains("<h2>Wettelijk kader</h2>") && html.contains("id=\"wettelijk-kader-opiumwet-13b\">Opiumwet, artikel 13b<"))
        #expect(html.contains("De burgemeester kan een woning of lokaal sluiten"))
        let theme = ThemePage(plan: plan, theme: plan.themes[0]).render()
        #expect(theme.contains("Wettelijke grondslagen"))
        #expect(theme.contains("href=\"/plannen/proefstad-2024-2027#wettelijk-kader-wet-bibob\">Wet Bibob<"))
        let copy = plan.copyForNextPlan(key: Key("proefstad-2028-2031")!, title: "Veilig Proefstad 2028-2031",
                                        period: YearRange(first: 2028, last: 2031)!).plan
        #expect(copy.legalBases == plan.legalBases && copy.themes[0].legalBases == plan.themes[0].legalBases)
    }
}

extension DatabaseTests {
    @Suite("Legal basis in the browser")
    struct LegalBasisWebTests {
        @discardableResult
        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?, String) {
            var result: (HTTPStatus, String?, String) = (.ok, nil, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location), res.body.string)
            }
            return result
        }

        @Test("A plan file with a legal framework imports and exports unchanged; the editor adds a law and a theme chooses it")
        func importAndEdit() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(legalBasisPlanFile)
                let report = try await PlanImport.run(PlanImport.Request(plans: [("proefstad.yaml", plan)], replace: false, accountName: nil,
                                                                         reason: nil, commandLine: "regie plan import proefstad.yaml"),
                                                      plans: app.plans, accounts: app.accounts)
                #expect(report.stored)
                #expect(try await app.plans.plan(plan.key) == plan)
                let officer = try await app.officer(for: plan)
                try await app.testing().test(.GET, SiteURL.planFile(plan.key).path, headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string == PlanFileWriter.write(plan))
                }

                let base = "/plannen/\(plan.key)/bewerken"
                var step = try await post(app, officer, base + "/wettelijk-kader/toevoegen", [("nieuw-wettelijk-kader", "Politiewet 2012")])
                #expect(step.0 == .seeOther)
                let key = try #require(step.1?.split(separator: "/").last.map(String.init))
                let basis = try await editorPage(app, officer, plan.key, "/wettelijk-kader/\(key)")
                #expect(basis.body.contains("Wat de gemeente ermee kan"))
                step = try await post(app, officer, base + "/wettelijk-kader/\(key)", [("vorige", basis.fingerprint), ("wet", "Politiewet 2012"),
                                                                                     ("artikel", "artikel 38b"), ("omschrijving", "Doelen voor de politie.")])
                #expect(step.0 == .seeOther)
                let details = try await editorPage(app, officer, plan.key, "/themas/woninginbraak/gegevens")
                #expect(details.body.contains("Politiewet 2012, artikel 38b"))
                step = try await post(app, officer, base + "/themas/woninginbraak/gegevens", [
                    ("vorige", details.fingerprint), ("titel", "Woninginbraak"), ("rol", "priority"), ("richting", ""), ("veiligheidsveld", ""),
                    ("wettelijke-grondslagen", key), ("wettelijke-grondslagen", "wet-bibob"),
                ])
                #expect(step.0 == .seeOther, "\(step.2.prefix(2000))")
                let edited = try #require(try await app.plans.plan(plan.key))
                #expect(edited.legalBasis(Key(key)!) == LegalBasis(key: Key(key)!, law: "Politiewet 2012", article: "artikel 38b",
                                                                   description: "Doelen voor de politie."))
                // Chosen bases keep the order of the plan's legal framework.
                #expect(edited.themes[0].legalBases == [Key("wet-bibob")!, Key(key)!])
                #expect(edited.problems().isEmpty)
                #expect(try PlanFileReader.read(PlanFileWriter.write(edited)) == edited)

                // A law a theme relies on is not removed from under it.
                let list = try await editorPage(app, officer, plan.key, "/wettelijk-kader")
                let listPrint = list.body.range(of: "/wettelijk-kader/wet-bibob/verwijderen").flatMap { range in
                    list.body[range.upperBound...].range(of: "name=\"vorige\" value=\"").map { String(list.body[$0.upperBound...].prefix { $0 != "\"" }) }
                } ?? ""
                step = try await post(app, officer, base + "/wettelijk-kader/wet-bibob/verwijderen", [("vorige", listPrint)])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("kan niet worden verwijderd"))
            }
        }
    }
}

/// A plan with its governance bodies (issue 11, point 2).
let governancePlanFile = minimalPlanFile + """
    bestuur:
      - sleutel: gemeenteraad
        naam: Gemeenteraad Proefstad
        soort: gemeenteraad
        rol: |
          Stelt de prioriteiten vast en controleert het college.
      - sleutel: driehoek
        naam: Lokale driehoek
        soort: driehoek

    """

@Suite("Governance bodies in the plan file")
struct GovernanceFileTests {
    @Test("Governance bodies read, validate, write back unchanged and show on the partners page under Bestuur")
    func roundTripAndPage() throws {
        let plan = try PlanFileReader.read(governancePlanFile)
        #expect(plan.governanceBodies == [
            GovernanceBody(key: Key("gemeenteraad")!, name: "Gemeenteraad Proefstad", kind: .council,
                           role: "Stelt de prioriteiten vast en controleert het college.\n"),
            GovernanceBody(key: Key("driehoek")!, name: "Lokale driehoek", kind: .triangle),
        ])
        #expect(plan.problems().isEmpty)
        let written = PlanFileWriter.write(plan)
        let again = try PlanFileReader.read(written)
        #expect(again == plan)
        #expect(PlanFileWriter.write(again) == written)
        let html = PartnersPage(plan: plan).render()
        #expect(html.contains("<h2>Bestuur</h2>") && html.contains("Lokale driehoek (burgemeester, politie en Openbaar Ministerie)"))
        #expect(html.contains("Stelt de prioriteiten vast en controleert het college."))
        let example = try example("stadskanaal-2020-2024.yaml")
        #expect(example.governanceBodies.map(\.kind) == [.council, .mayor, .executive, .triangle])
        let copy = plan.copyForNextPlan(key: Key("proefstad-2028-2031")!, title: "Veilig Proefstad 2028-2031",
                                        period: YearRange(first: 2028, last: 2031)!).plan
        #expect(copy.governanceBodies == plan.governanceBodies)
    }

    @Test("A wrong kind, a missing name and a duplicate key of a governance body are refused in Dutch")
    func refusals() {
        let kind = problems(in: governancePlanFile.replacingOccurrences(of: "soort: driehoek", with: "soort: politie"))
        #expect(kind.contains { $0.path == "bestuur[1].soort" && $0.message.contains("kies uit: gemeenteraad, burgemeester, college, driehoek, raadscommissie, overig") })
        let name = problems(in: governancePlanFile.replacingOccurrences(of: "    naam: Lokale driehoek\n", with: ""))
        #expect(name.contains { $0.path == "bestuur[1].naam" && $0.message == "ontbreekt; dit veld is verplicht" })
        let twice = problems(in: governancePlanFile.replacingOccurrences(of: "sleutel: driehoek", with: "sleutel: gemeenteraad"))
        #expect(twice.contains { $0.path == "bestuur[1].sleutel" && $0.message.contains("is al gebruikt bij bestuur[0].sleutel") })
    }

    @Test("A document stored before governance bodies existed decodes without them")
    func oldDocumentsDecode() throws {
        let plan = try PlanFileReader.read(minimalPlanFile)
        var json = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(plan)) as? [String: Any])
        json.removeValue(forKey: "governanceBodies")
        #expect(try JSONDecoder().decode(Plan.self, from: try JSONSerialization.data(withJSONObject: json)) == plan)
    }
}

extension DatabaseTests {
    @Suite("Governance bodies in the browser")
    struct GovernanceWebTests {
        @Test("A plan file with governance bodies imports and exports unchanged; the editor adds one and sets its kind and role")
        func importAndEdit() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(governancePlanFile)
                let report = try await PlanImport.run(PlanImport.Request(plans: [("proefstad.yaml", plan)], replace: false, accountName: nil,
                                                                         reason: nil, commandLine: "regie plan import proefstad.yaml"),
                                                      plans: app.plans, accounts: app.accounts)
                #expect(report.stored)
                #expect(try await app.plans.plan(plan.key) == plan)
                let officer = try await app.officer(for: plan)
                try await app.testing().test(.GET, SiteURL.planFile(plan.key).path, headers: officer.headers) { res in
                    #expect(res.body.string == PlanFileWriter.write(plan))
                }
                let base = "/plannen/\(plan.key)/bewerken"
                var location: String?
                try await app.testing().test(.POST, base + "/bestuur/toevoegen", headers: officer.formHeaders,
                                             body: form(officer, [("nieuw-bestuur", "Burgemeester van Proefstad")])) { res in
                    #expect(res.status == .seeOther)
                    location = res.headers.first(name: .location)
                }
                let key = try #require(location?.split(separator: "/").last.map(String.init))
                let page = try await editorPage(app, officer, plan.key, "/bestuur/\(key)")
                #expect(page.body.contains("Lokale driehoek (burgemeester, politie en Openbaar Ministerie)"))
                try await app.testing().test(.POST, base + "/bestuur/\(key)", headers: officer.formHeaders,
                                             body: form(officer, [("vorige", page.fingerprint), ("naam", "Burgemeester van Proefstad"),
                                                                  ("soort", "mayor"), ("rol", "Handhaaft de openbare orde.")])) { res in
                    #expect(res.status == .seeOther)
                }
                let edited = try #require(try await app.plans.plan(plan.key))
                #expect(edited.governanceBodies.last == GovernanceBody(key: Key(key)!, name: "Burgemeester van Proefstad", kind: .mayor,
                                                                       role: "Handhaaft de openbare orde."))
                #expect(edited.problems().isEmpty)
                #expect(try PlanFileReader.read(PlanFileWriter.write(edited)) == edited)
                try await app.testing().test(.GET, "/plannen/\(plan.key)/partners", headers: officer.headers) { res in
                    #expect(res.body.string.contains("Burgemeester van Proefstad") && res.body.string.contains("Handhaaft de openbare orde."))
                }
            }
        }
    }
}
