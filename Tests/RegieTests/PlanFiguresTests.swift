import Fluent
import Foundation
import RegieCore
@testable import RegiePersistence
import RegiePlanFile
@testable import RegieReports
import RegieWeb
import Testing
import VaporTesting

/// Issue 11, point 4: figures and sources inside the plan.
@Suite("Figures and sources inside the plan")
struct PlanFiguresTests {
    /// The minimal plan with two sources, a plan-wide figure, a theme figure and an indicator
    /// whose baseline is that theme figure.
    static let figuresPlanFile = minimalPlanFile.replacingOccurrences(of: """
            doel: minder-inbraken
    partners:
    """, with: """
            doel: minder-inbraken
        indicatoren:
          - sleutel: inbraken
            naam: Woninginbraken
            eenheid: aantal
            nulmeting-uit: inbraken-2023
        kerncijfers:
          - sleutel: inbraken-2023
            omschrijving: Woninginbraken
            waarde: 112
            eenheid: aantal
            periode: 2023
            gebied: gemeente Proefstad
            bron: politie-misdrijven
    partners:
    """) + """
    bronnen:
      - sleutel: cbs-kerncijfers
        titel: Kerncijfers wijken en buurten 2023
        uitgever: CBS
        jaar: 2023
        link: https://www.cbs.nl/kwb-2023
      - sleutel: politie-misdrijven
        titel: Geregistreerde misdrijven
        uitgever: Politie
    kerncijfers:
      - sleutel: inwoners-2023
        omschrijving: Inwoners
        waarde: 12000
        eenheid: aantal
        periode: 2023
        gebied: gemeente Proefstad
        bron: cbs-kerncijfers
        opmerking: Op 1 januari.
        link: https://www.cbs.nl/inwoners
      - sleutel: veiligheidsgevoel
        omschrijving: Voelt zich weleens onveilig in de buurt
        waarde: 31,5
        eenheid: '%'

    """

    @Test("A plan file with sources, figures and a baseline from a figure reads, validates and writes back unchanged")
    func readsAndRoundTrips() throws {
        let plan = try PlanFileReader.read(Self.figuresPlanFile)
        #expect(plan.problems().isEmpty, "\(plan.problems())")
        #expect(plan.sources.map(\.key.rawValue) == ["cbs-kerncijfers", "politie-misdrijven"])
        #expect(plan.sources[0].publisher == "CBS" && plan.sources[0].year == 2023 && plan.sources[0].link == "https://www.cbs.nl/kwb-2023")
        #expect(plan.figures.map(\.value) == [12000, Decimal(string: "31.5")!])
        #expect(plan.figures[0].source == Key("cbs-kerncijfers") && plan.figures[0].note == "Op 1 januari.")
        #expect(plan.figures[0].period == .year(2023) && plan.figures[1].period == nil)
        let theme = plan.themes[0]
        #expect(theme.figures.map(\.key.rawValue) == ["inbraken-2023"])
        let indicator = theme.indicators[0]
        #expect(indicator.baselineFigure == Key("inbraken-2023") && indicator.baseline == nil)
        #expect(plan.baseline(of: indicator, in: theme) == IndicatorValue(value: 112, period: .year(2023)))

        let written = PlanFileWriter.write(plan)
        #expect(written.contains("bronnen:\n- sleutel: cbs-kerncijfers"))
        #expect(written.contains("nulmeting-uit: inbraken-2023"))
        #expect(written.contains("  kerncijfers:\n  - sleutel: inbraken-2023"))
        let reread = try PlanFileReader.read(written)
        #expect(reread == plan)
        #expect(PlanFileWriter.write(reread) == written)
    }

    @Test("Unknown sources and figures are refused with the nearest keys; a wrong link, a baseline given twice and a figure without value too")
    func refusals() throws {
        let source = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "bron: cbs-kerncijfers", with: "bron: cbs-kerncijfer"))
        #expect(source.map(\.path) == ["kerncijfers[0].bron"])
        #expect(source.first?.message == "bron \"cbs-kerncijfer\" staat niet bij de bronnen van dit plan; bedoelde u \"cbs-kerncijfers\"?")

        let figure = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "nulmeting-uit: inbraken-2023", with: "nulmeting-uit: inbraak-2023"))
        #expect(figure.map(\.path) == ["themas[0].indicatoren[0].nulmeting-uit"])
        #expect(figure.first?.message == "kerncijfer \"inbraak-2023\" bestaat niet in het plan of in dit thema; bedoelde u \"inbraken-2023\"?")

        let twice = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "nulmeting-uit: inbraken-2023",
                                                                          with: "nulmeting-uit: inbraken-2023\n        nulmeting: { waarde: 100, periode: 2023 }"))
        #expect(twice.map(\.path) == ["themas[0].indicatoren[0].nulmeting"])
        #expect(twice.first?.message == "de nulmeting komt al uit een kerncijfer (nulmeting-uit); laat nulmeting of nulmeting-uit weg")

        let noPeriod = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "nulmeting-uit: inbraken-2023", with: "nulmeting-uit: veiligheidsgevoel"))
        #expect(noPeriod.map(\.path) == ["themas[0].indicatoren[0].nulmeting-uit"])
        #expect(noPeriod.first?.message.contains("heeft geen periode") == true)

        let link = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "link: https://www.cbs.nl/kwb-2023", with: "link: www.cbs.nl"))
        #expect(link.map(\.path) == ["bronnen[0].link"])
        #expect(link.first?.message == "\"www.cbs.nl\" is geen webadres; een link begint met https:// of http://, bijv. https://www.cbs.nl")
        let script = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "link: https://www.cbs.nl/inwoners", with: "link: javascript:alert(1)"))
        #expect(script.map(\.path) == ["kerncijfers[0].link"])

        let value = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "waarde: 31,5", with: "waarde: veel"))
        #expect(value.map(\.path) == ["kerncijfers[1].waarde"])
        #expect(value.first?.message.contains("is geen getal") == true)

        let period = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "periode: 2023\n    gebied", with: "periode: jaarlijks\n    gebied"))
        #expect(period.map(\.path) == ["kerncijfers[0].periode"])
        #expect(period.first?.message.contains("is geen moment van meten") == true)

        let year = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "jaar: 2023", with: "jaar: 23e"))
        #expect(year.map(\.path) == ["bronnen[0].jaar"])
        #expect(year.first?.message == "\"23e\" is geen jaartal (bijv. 2023)")

        let duplicate = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "sleutel: veiligheidsgevoel", with: "sleutel: inwoners-2023"))
        #expect(duplicate.map(\.path) == ["kerncijfers[1].sleutel"])

        let unknownKey = problems(in: Self.figuresPlanFile.replacingOccurrences(of: "opmerking: Op 1 januari.", with: "toelichting: Op 1 januari."))
        #expect(unknownKey.first?.message.contains("onbekende sleutel \"toelichting\"") == true)
    }

    @Test("A document stored before plans had sources and figures still decodes: the new fields are empty")
    func oldDocumentDecodes() throws {
        let plan = try PlanFileReader.read(minimalPlanFile)
        let document = try PlanDocument.encode(plan)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        #expect(json["sources"] != nil && json["figures"] != nil)
        json.removeValue(forKey: "sources")
        json.removeValue(forKey: "figures")
        var themes = try #require(json["themes"] as? [[String: Any]])
        #expect(themes[0]["figures"] != nil)
        themes[0].removeValue(forKey: "figures")
        json["themes"] = themes
        let old = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        let decoded = try PlanDocument.decode(old)
        #expect(decoded == plan)
        #expect(decoded.sources.isEmpty && decoded.figures.isEmpty && decoded.themes[0].figures.isEmpty)

        let full = try PlanFileReader.read(Self.figuresPlanFile)
        #expect(try PlanDocument.decode(try PlanDocument.encode(full)) == full)
    }

    @Test("The plan page and the theme page show the figures as a table with numbered sources; the baseline shows the figure")
    func pages() throws {
        let plan = try PlanFileReader.read(Self.figuresPlanFile)
        let page = PlanPage(plan: plan).render()
        #expect(page.contains("<section id=\"kerncijfers\"><h2>Kerncijfers</h2>"))
        let row = try #require(page.components(separatedBy: "<tr").first { $0.contains("id=\"kerncijfer-inwoners-2023\"") })
        #expect(row.contains("<td class=\"num\">12.000 aantal</td>"), "\(row)")
        #expect(row.contains("<td>2023</td>") && row.contains("<td>gemeente Proefstad</td>"))
        #expect(row.contains("href=\"#bron-1\">1<"))
        #expect(row.contains("Op 1 januari.") && row.contains("href=\"https://www.cbs.nl/inwoners\""))
        let feeling = try #require(page.components(separatedBy: "<tr").first { $0.contains("id=\"kerncijfer-veiligheidsgevoel\"") })
        #expect(feeling.contains("<td class=\"num\">31,5 %</td>"), "\(feeling)")
        // Only the sources the page's figures use are listed, numbered from 1.
        #expect(page.contains("<li id=\"bron-1\">CBS, Kerncijfers wijken en buurten 2023, <a href=\"https://www.cbs.nl/kwb-2023\">www.cbs.nl</a></li>"))
        #expect(!page.contains("id=\"bron-2\""))
        #expect(page.contains("href=\"#kerncijfers\""), "the table of contents names the figures")

        let theme = ThemePage(plan: plan, theme: plan.themes[0]).render()
        #expect(theme.contains("<td class=\"num\">112 aantal</td>"))
        #expect(theme.contains("<li id=\"bron-1\">Politie, Geregistreerde misdrijven</li>"))
        #expect(theme.contains("<td class=\"num\">112 (2023)</td>"), "the indicator's baseline is the figure")
    }

    @Test("The Doetinchem example has sources, figures and an indicator whose baseline is a figure")
    func doetinchemExample() throws {
        let plan = try example("doetinchem-2020-2023.yaml")
        #expect(plan.problems().isEmpty)
        #expect(plan.sources.count == 2 && plan.figures.count == 2)
        #expect(plan.figures.allSatisfy { $0.source != nil && $0.period != nil })
        let theme = try #require(plan.theme(Key("zorg-en-veiligheid")!))
        let indicator = try #require(theme.indicators.first { $0.baselineFigure != nil })
        #expect(plan.baseline(of: indicator, in: theme) == IndicatorValue(value: 410, period: .year(2019)))
    }

    @Test("A copy for the next plan keeps the sources and figures; the history names the new fields in Dutch")
    func copyAndLabels() throws {
        let plan = try PlanFileReader.read(Self.figuresPlanFile)
        let copy = plan.copyForNextPlan(key: Key("proefstad-2028-2031")!, title: "Veilig Proefstad", period: YearRange(first: 2028, last: 2031)!,
                                        dates: .shift).plan
        #expect(copy.sources == plan.sources && copy.figures == plan.figures && copy.themes[0].figures == plan.themes[0].figures)
        #expect(copy.themes[0].indicators[0].baselineFigure == Key("inbraken-2023"))
        for field in ["sources", "figures", "publisher", "link", "label", "value", "area", "note", "baselineFigure"] {
            #expect(ChangeLabels.fields[field] != nil, "\(field)")
        }
    }
}

extension DatabaseTests {
    @Suite("Figures and sources in the database and the editor")
    struct PlanFiguresEditingTests {
        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?, String) {
            var result: (HTTPStatus, String?, String) = (.ok, nil, "")
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location), res.body.string)
            }
            return result
        }

        @Test("Imported, shown, a source and figures added in the browser editor, a baseline taken from a figure, exported unchanged")
        func importEditExport() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(PlanFiguresTests.figuresPlanFile)
                #expect(try await app.plans.save(plan) == .created)
                #expect(try await app.plans.plan(plan.key) == plan)
                let officer = try await app.officer(for: plan)
                let base = "/plannen/\(plan.key)/bewerken"

                var page = ""
                try await app.testing().test(.GET, "/plannen/\(plan.key)", headers: officer.headers) { res in page = res.body.string }
                #expect(page.contains("id=\"kerncijfer-inwoners-2023\""))

                // A new source, filled in; a wrong link is refused in Dutch.
                var step = try await post(app, officer, base + "/bronnen/toevoegen", [("nieuw-bronnen", "Veiligheidsmonitor 2023")])
                #expect(step.1 == base + "/bronnen/veiligheidsmonitor-2023")
                var (print, form) = try await editorPage(app, officer, plan.key, "/bronnen/veiligheidsmonitor-2023")
                #expect(form.contains("name=\"uitgever\"") && form.contains("name=\"link\""))
                let sourceFields = [("vorige", print), ("titel", "Veiligheidsmonitor 2023"), ("uitgever", "CBS"), ("jaar", "2023")]
                step = try await post(app, officer, base + "/bronnen/veiligheidsmonitor-2023", sourceFields + [("link", "ftp://cbs.nl")])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("is geen webadres"))
                step = try await post(app, officer, base + "/bronnen/veiligheidsmonitor-2023", sourceFields + [("link", "https://www.veiligheidsmonitor.nl")])
                #expect(step.0 == .seeOther)

                // A new plan-wide figure from that source.
                step = try await post(app, officer, base + "/kerncijfers/toevoegen", [("nieuw-kerncijfers", "Slachtoffer van vandalisme")])
                #expect(step.1 == base + "/kerncijfers/slachtoffer-van-vandalisme")
                (print, form) = try await editorPage(app, officer, plan.key, "/kerncijfers/slachtoffer-van-vandalisme")
                #expect(form.contains(">CBS, Veiligheidsmonitor 2023<"))
                step = try await post(app, officer, base + "/kerncijfers/slachtoffer-van-vandalisme", [
                    ("vorige", print), ("omschrijving", "Slachtoffer van vandalisme"), ("waarde", "9,8"), ("eenheid", "%"),
                    ("periode", "2023"), ("gebied", "gemeente Proefstad"), ("bron", "veiligheidsmonitor-2023"), ("opmerking", ""), ("link", ""),
                ])
                #expect(step.0 == .seeOther)

                // A theme figure, and the indicator's baseline taken from it.
                step = try await post(app, officer, base + "/themas/woninginbraak/kerncijfers/toevoegen", [("nieuw-kerncijfers", "Inbraakpogingen")])
                #expect(step.1 == base + "/themas/woninginbraak/kerncijfers/inbraakpogingen")
                (print, form) = try await editorPage(app, officer, plan.key, "/themas/woninginbraak/kerncijfers/inbraakpogingen")
                step = try await post(app, officer, base + "/themas/woninginbraak/kerncijfers/inbraakpogingen", [
                    ("vorige", print), ("omschrijving", "Inbraakpogingen"), ("waarde", "40"), ("eenheid", "aantal"), ("periode", "jaarlijks"),
                ])
                #expect(step.0 == .unprocessableEntity)
                step = try await post(app, officer, base + "/themas/woninginbraak/kerncijfers/inbraakpogingen", [
                    ("vorige", print), ("omschrijving", "Inbraakpogingen"), ("waarde", "40"), ("eenheid", "aantal"), ("periode", "2023"),
                    ("bron", "politie-misdrijven"),
                ])
                #expect(step.0 == .seeOther)
                let indicatorPath = "/themas/woninginbraak/indicatoren/inbraken"
                (print, form) = try await editorPage(app, officer, plan.key, indicatorPath)
                #expect(form.contains("name=\"nulmeting-uit\""))
                #expect(form.contains("Inbraakpogingen: 40 aantal (2023)"))
                // A baseline of its own next to one from a figure is refused by the plan's rules.
                step = try await post(app, officer, base + indicatorPath, [
                    ("vorige", print), ("naam", "Woninginbraken"), ("eenheid", "aantal"), ("nulmeting", "100 in 2023"), ("nulmeting-uit", "inbraakpogingen"),
                ])
                #expect(step.0 == .unprocessableEntity)
                #expect(step.2.contains("de nulmeting komt al uit een kerncijfer"))
                step = try await post(app, officer, base + indicatorPath, [
                    ("vorige", print), ("naam", "Woninginbraken"), ("eenheid", "aantal"), ("nulmeting", ""), ("nulmeting-uit", "inbraakpogingen"),
                ])
                #expect(step.0 == .seeOther)

                let stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.sources.last == PlanSource(key: Key("veiligheidsmonitor-2023")!, title: "Veiligheidsmonitor 2023", publisher: "CBS",
                                                          year: 2023, link: "https://www.veiligheidsmonitor.nl"))
                #expect(stored.figures.last == PlanFigure(key: Key("slachtoffer-van-vandalisme")!, label: "Slachtoffer van vandalisme",
                                                          value: Decimal(string: "9.8")!, unit: "%", period: .year(2023), area: "gemeente Proefstad",
                                                          source: Key("veiligheidsmonitor-2023")))
                #expect(stored.themes[0].figures.map(\.key.rawValue) == ["inbraken-2023", "inbraakpogingen"])
                #expect(stored.themes[0].indicators[0].baselineFigure == Key("inbraakpogingen"))
                #expect(stored.problems().isEmpty)

                try await app.testing().test(.GET, "/plannen/\(plan.key)", headers: officer.headers) { res in page = res.body.string }
                #expect(page.contains("<td class=\"num\">9,8 %</td>"))
                #expect(page.contains("<li id=\"bron-2\">CBS, Veiligheidsmonitor 2023, <a href=\"https://www.veiligheidsmonitor.nl\">www.veiligheidsmonitor.nl</a></li>"))
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/woninginbraak", headers: officer.headers) { res in page = res.body.string }
                #expect(page.contains("<td class=\"num\">40 (2023)</td>"))

                let written = PlanFileWriter.write(stored)
                #expect(written.contains("nulmeting-uit: inbraakpogingen"))
                let reread = try PlanFileReader.read(written)
                #expect(reread == stored)
                #expect(PlanFileWriter.write(reread) == written)
            }
        }
    }
}
