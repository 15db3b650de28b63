import Foundation
import RegieCore
import RegieImporter
@testable import RegieReports
import Testing
import VaporTesting

@Suite("Figures shown with the decimals they were imported with")
struct DecimalsTests {
    @Test("The decimals of a figure are read from its value, without the errors of binary fractions, at most three")
    func decimalsOfValues() {
        #expect(Format.decimals(of: 1234) == 0)
        #expect(Format.decimals(of: 46.1) == 1)
        #expect(Format.decimals(of: 12.25) == 2)
        #expect(Format.decimals(of: 0.1 + 0.2) == 1, "a sum of months is not 0,30000000000000004")
        #expect(Format.decimals(of: 7.125) == 3)
        #expect(Format.decimals(of: 1.0 / 3) == 3, "capped")
        #expect(Format.decimals(in: [1234, nil, 5]) == 0)
        #expect(Format.decimals(in: [46.1, 50, nil]) == 1)
        #expect(Format.decimals(in: [17, 21], minimum: 1) == 1)
        #expect(Format.count(1234) == "1.234")
        #expect(Format.count(46.1) == "46,1")
        #expect(Format.count(12.25) == "12,25")
    }
}

@Suite("Addresses in error messages")
struct ErrorLinkTests {
    @Test("An address of Regie in a message is a link; a quoted address, a query or a code stays text")
    func linkedAddresses() {
        let page = ErrorPage(status: 404, title: "Pagina niet gevonden",
                             message: "Deze veiligheidsanalyse heeft geen reeks \u{201C}/uitloggen\u{201D} met cijfers. Het overzicht op /gemeenten/GM1948/veiligheidsanalyse toont de reeksen; zie ook /gemeenten.")
            .render()
        #expect(page.contains(#"<p>Deze veiligheidsanalyse heeft geen reeks \#u{201C}/uitloggen\#u{201D} met cijfers. Het overzicht op <a href="/gemeenten/GM1948/veiligheidsanalyse">/gemeenten/GM1948/veiligheidsanalyse</a> toont de reeksen; zie ook <a href="/gemeenten">/gemeenten</a>.</p>"#))
        let plain = ErrorPage(status: 400, title: "x", message: "Geef ?periode=2019-2023 of GM0037 / GM0757.").render()
        #expect(plain.contains("<p>Geef ?periode=2019-2023 of GM0037 / GM0757.</p>"))
    }
}

/// The own series of Meierijstad (GM1948) in the template of `docs/data-import.md`: a rate
/// with one decimal, a figure with two and a count.
let meierijstadOwnSeries = """
regio;periode;reeks;waarde
GM1948;2021;Overlastmeldingen per 1.000 inwoners;46,1
GM1948;2022;Overlastmeldingen per 1.000 inwoners;50
GM1948;2023;Overlastmeldingen per 1.000 inwoners;44,7
GM1948;2021;Gemiddelde wachttijd in dagen;12,25
GM1948;2022;Gemiddelde wachttijd in dagen;11,5
GM1948;2021;Meldingen verward gedrag;1234
GM1948;2022;Meldingen verward gedrag;1301

"""

/// The download name of an own series of Meierijstad (its key is the slug of its title), which
/// the page must link.
func ownSeriesFile(_ page: String, _ title: String) -> String {
    let file = "overig-eigen-gm1948-\(Key.slug(title)).csv"
    #expect(page.contains(file), "the page links \(file)")
    return file
}

extension DatabaseTests {
    /// Issue 13 point 8 and the review of the analysis pages.
    @Suite("Own series, municipality names and chosen periods on the analysis page")
    struct AnalysisFollowUpTests {
        @Test("Own series keep their decimals in the table, the sentence and the CSV; counts stay whole")
        func ownSeriesDecimals() async throws {
            try await withTestApp { app in
                let file = try temporaryFile("eigen-reeksen.csv", meierijstadOwnSeries)
                let result = try await DataImport.run(file, into: app.statistics)
                #expect(result.layout == .ownSeries)
                let officer = try await app.signIn("beleid.boxtel", .municipality(MunicipalityCode("GM0757")!), [.policyOfficer])
                var page = ""
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/overige-cijfers", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    page = res.body.string
                }
                // The rate as imported, with one decimal in its whole column (50 is 50,0).
                for value in ["46,1", "50,0", "44,7"] { #expect(page.contains(#"<td class="num">\#(value)</td>"#), "\(value)") }
                #expect(!page.contains(#"<td class="num">46</td>"#))
                // Two decimals where they were imported with two.
                #expect(page.contains(#"<td class="num">12,25</td>"#))
                #expect(page.contains(#"<td class="num">11,50</td>"#))
                // Counts without decimals, with the thousands point.
                #expect(page.contains(#"<td class="num">1.234</td>"#))
                #expect(page.contains(#"<td class="num">1.301</td>"#))
                #expect(!page.contains("1.234,0"))
                // The sentence says what the table says.
                #expect(page.contains("In 2023: 44,7 in totaal."))

                let rate = ownSeriesFile(page, "Overlastmeldingen per 1.000 inwoners")
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/\(rate)", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let lines = res.body.string.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
                    #expect(lines.prefix(4) == ["\"Periode\";\"Waarde\"", "\"2021\";46,1", "\"2022\";50,0", "\"2023\";44,7"])
                }
                let wait = ownSeriesFile(page, "Gemiddelde wachttijd in dagen")
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/\(wait)", headers: officer.headers) { res in
                    #expect(res.body.string.contains("\"2021\";12,25\r\n\"2022\";11,50\r\n"))
                }
                let reports = ownSeriesFile(page, "Meldingen verward gedrag")
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/\(reports)", headers: officer.headers) { res in
                    #expect(res.body.string.contains("\"2021\";1234\r\n\"2022\";1301\r\n"))
                }
            }
        }

        @Test("A municipality known only from a table without region names is named from the shipped lists and can be compared")
        func namesFromShippedLists() async throws {
            try await withTestApp { app in
                // Own series carry codes only: no table names Meierijstad or Boxtel.
                _ = try await DataImport.run(try temporaryFile("eigen-reeksen.csv", meierijstadOwnSeries), into: app.statistics)
                _ = try await DataImport.run(try temporaryFile("eigen-boxtel.csv", "regio;periode;reeks;waarde\nGM0757;2022;Meldingen verward gedrag;80\nGM0757;2023;Meldingen verward gedrag;95\n"),
                                             into: app.statistics)
                for table in try await app.statistics.tables() {
                    #expect(try await app.statistics.regionNames(table: table.identifier, regions: .level(.municipality)).isEmpty)
                }
                let officer = try await app.signIn("beleid.stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("<h1>Veiligheidsanalyse Meierijstad</h1>"))
                    #expect(!body.contains("Gemeente GM1948"))
                    // The comparison form lists Boxtel, whose only table names no region.
                    #expect(body.contains("Vergelijk met een andere gemeente"))
                    #expect(body.contains(#"<option value="GM0757">Boxtel (GM0757)</option>"#))
                    #expect(!body.contains(#"<option value="GM1948">"#))
                }
                try await app.testing().test(.GET, "/gemeenten/GM0757/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains(#"<option value="GM1948">Meierijstad (GM1948)</option>"#))
                }
                // A real municipality without any figures is still a Dutch 404, which names it
                // and links the list of municipalities that do have an analysis.
                try await app.testing().test(.GET, "/gemeenten/GM0222/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("Van gemeente Doetinchem (GM0222) heeft Regie geen plan, account of ingelezen cijfers"))
                    #expect(res.body.string.contains(#"Kies een gemeente uit de lijst op <a href="/gemeenten">/gemeenten</a>, of lees"#))
                }
                try await app.testing().test(.GET, "/gemeenten/GM9999/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("Gemeentecode GM9999 is onbekend"))
                    #expect(res.body.string.contains(#"<a href="/gemeenten">/gemeenten</a> of controleer de code"#))
                }
                try await app.testing().test(.GET, "/gemeenten", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("<h1>Veiligheidsanalyse per gemeente</h1>"))
                    #expect(body.contains(#"<a href="/gemeenten/GM0757/veiligheidsanalyse">Boxtel (GM0757)</a>"#))
                    #expect(body.contains(#"<a href="/gemeenten/GM1948/veiligheidsanalyse">Meierijstad (GM1948)</a>"#))
                    #expect(!body.contains("GM0222"))
                    // Boxtel before Meierijstad: by name.
                    #expect(body.range(of: "Boxtel (GM0757)")!.lowerBound < body.range(of: "Meierijstad (GM1948)")!.lowerBound)
                }
            }
        }

        @Test("The comparisons of a series link to their own analysis where Regie has one")
        func comparisonLinks() async throws {
            try await withTestApp { app in
                // Every member of Basisteam Meierij with burglaries, so the collaboration has figures.
                var rows = meierijstadRows
                for (index, code) in ["GM0757", "GM0797", "GM0845", "GM0865"].enumerated() {
                    for year in 2019...2023 {
                        rows.append("\(rows.count);\"1.1.1 \";\"\(code)    \";\"\(year)JJ00\";\(50 + index);\"\";\"Gemeente\"")
                    }
                }
                _ = try await ODataImport.run(directory: try table47018(rows), into: app.statistics)
                _ = try await app.plans.save([try example("basisteam-meierij-2023-2026.yaml")])
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains(#"<p class="compared">Vergeleken met <a href="/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse">Basisteam Meierij</a> en Nederland.</p>"#), "\(body)")
                }
                // A district is compared with its municipality, whose analysis is linked.
                try await app.testing().test(.GET, "/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains(#"Vergeleken met <a href="/gemeenten/GM1948/veiligheidsanalyse">Meierijstad</a>"#))
                }
            }
        }

        @Test("A chosen period past the data words two years as a comparison: a fall, a rise, no clear change")
        func periodOfTwoYears() async throws {
            try await withTestApp { app in
                func row(_ index: Int, _ type: String, _ year: Int, _ count: Int) -> String {
                    "\(index);\"\(type) \";\"GM0222    \";\"\(year)JJ00\";\(count);\"Doetinchem\";\"Gemeente\""
                }
                // Burglary falls by 14 % from 2,512 (decisive), drugs and drink nuisance rises by 30 % from
                // 1,000, vandalism goes from 40 to 35 (chance).
                _ = try await ODataImport.run(directory: try table47018([
                    row(0, "1.1.1", 2022, 2512), row(1, "1.1.1", 2023, 2160),
                    row(2, "2.1.1", 2022, 1000), row(3, "2.1.1", 2023, 1300),
                    row(4, "2.2.1", 2022, 40), row(5, "2.2.1", 2023, 35),
                    // One of the four types of vehicle crime: the series' total is unknown.
                    row(6, "1.2.1", 2022, 500), row(7, "1.2.1", 2023, 520),
                ]), into: app.statistics)
                let officer = try await app.signIn("beleid.stadskanaal", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                let base = "/gemeenten/GM0222/veiligheidsanalyse"
                try await app.testing().test(.GET, base + "?periode=2022-2025", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("\(base)/reeksen/woninginbraak?periode=2022-2025"))
                    #expect(!body.contains("te weinig registraties"))
                    #expect(!body.contains("minder dan 3 jaren"))
                }
                let expected = [
                    "woninginbraak": "2022–2023: een duidelijke daling van 14 % (van 2.512 naar 2.160 geregistreerde misdrijven); toeval is als verklaring zeer onwaarschijnlijk.",
                    "overlast-drugs-drank": "2022–2023: een duidelijke stijging van 30 % (van 1.000 naar 1.300 geregistreerde misdrijven)",
                    "vernieling": "2022–2023: geen duidelijke verandering (van 40 naar 35 geregistreerde misdrijven); het verschil past bij toeval.",
                ]
                for (series, sentence) in expected {
                    try await app.testing().test(.GET, "\(base)/reeksen/\(series)?periode=2022-2025", headers: officer.headers) { res in
                        #expect(res.status == .ok, "\(series)")
                        let body = res.body.string
                        #expect(body.contains(sentence), "\(series)")
                        #expect(body.contains("Over 2024 en 2025 zijn (nog) geen cijfers; beoordeeld is 2022–2023."), "\(series)")
                        #expect(!body.contains("te weinig"), "\(series)")
                    }
                }
                // The table per crime type runs from the first to the last year with figures.
                try await app.testing().test(.GET, "\(base)/reeksen/voertuigcriminaliteit?periode=2022-2025", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains(#"<th scope="col" class="num">2022</th><th scope="col" class="num">2023</th><th scope="col">Ontwikkeling 2022–2023</th>"#))
                    #expect(body.contains(#"<th scope="row">1.2.1 Diefstal uit/vanaf motorvoertuigen</th><td class="num">500</td><td class="num">520</td>"#))
                }
                try await app.testing().test(.GET, "\(base)/voertuigcriminaliteit-soorten.csv?periode=2022-2025", headers: officer.headers) { res in
                    #expect(res.body.string.contains("\"1.2.1 Diefstal uit/vanaf motorvoertuigen\";500;520;"))
                }
                // The CSV of the chosen years has the empty years, not zeros.
                try await app.testing().test(.GET, "\(base)/woninginbraak.csv?periode=2022-2025", headers: officer.headers) { res in
                    let lines = res.body.string.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
                    #expect(lines.dropFirst().prefix(4).map { $0.components(separatedBy: ";").prefix(2).joined(separator: ";") }
                            == ["\"2022\";2512", "\"2023\";2160", "\"2024\";", "\"2025\";"])
                }
            }
        }
    }
}
