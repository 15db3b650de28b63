import Crypto
import Foundation
import RegieCore
import RegieDocuments
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// The council documents in the browser, on SQLite and on PostgreSQL: the officer's own text,
    /// a save against an older page, sending (twice), the frozen files and what changed.
    @Suite("Council documents in the browser: drafts, sending, frozen versions")
    struct DocumentsWebTests {
        static let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)
        static let key = Key("stadskanaal-2020-2024")!
        static let report = "/plannen/stadskanaal-2020-2024/stukken/voortgangsrapportage-2024"

        func get(_ app: Application, _ user: TestUser, _ path: String) async throws -> (HTTPStatus, Data) {
            var result: (HTTPStatus, Data) = (.ok, Data())
            try await app.testing().test(.GET, path, headers: user.headers) { res in result = (res.status, Data(buffer: res.body)) }
            return result
        }

        func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

        @Test("An officer adds text, a stale save and a stale send are refused, sending freezes the files, a second send of the same draft is refused")
        func draftAndSend() async throws {
            try await withTestApp { app in
                _ = try await app.plans.save(ExampleExecution.apply(to: try example("stadskanaal-2020-2024.yaml")))
                app.regieToday = CalendarDate(iso: "2025-01-15")
                let officer = try await app.signIn("beleid.d", Self.stadskanaal, [.policyOfficer])
                let council = try await app.signIn("raad.d", Self.stadskanaal, [.reader])

                let overview = try await get(app, officer, "/plannen/\(Self.key)/stukken")
                #expect(overview.0 == .ok && text(overview.1).contains("Voortgangsrapportage veiligheid 2024"))
                let outside = try await get(app, officer, "/plannen/\(Self.key)/stukken/voortgangsrapportage-2019/html")
                #expect(outside.0 == .notFound && text(outside.1).contains("2020 tot en met 2024"))

                // Contact details are refused: council documents are public.
                let contact = try await post(app, officer, Self.report + "/bewerken", [("revisie", "0"), ("tekst-samenvatting", "Vragen? Mail j.jansen@stadskanaal.nl of bel 0599 631 631.")])
                #expect(contact.0 == .unprocessableEntity && contact.1.contains("bevat een e-mailadres of telefoonnummer"))
                #expect(try await app.councilDocuments.draft(plan: Self.key, DocumentKey(kind: .progressReport, year: 2024)) == nil)
                #expect(try await post(app, officer, Self.report + "/bewerken", [("revisie", "0"), ("tekst-samenvatting", "Bel 06-12345678")]).0 == .unprocessableEntity)

                // The officer's text goes into every format.
                let saved = try await post(app, officer, Self.report + "/bewerken", [("revisie", "0"), ("tekst-samenvatting", "Kernboodschap van het college: de aanpak werkt.")])
                #expect(saved.0 == .seeOther, "\(saved.1)")
                let page = try await get(app, officer, Self.report + "/html")
                #expect(text(page.1).contains("Kernboodschap van het college: de aanpak werkt."))
                let docx = try await get(app, officer, Self.report + "/docx")
                let docxBody = try unzipped(docx.1)["word/document.xml"] ?? ""
                #expect(docx.0 == .ok && docxBody.contains("Kernboodschap van het college"))

                // A save against the page as it was before, and a send of an older draft.
                let stale = try await post(app, officer, Self.report + "/bewerken", [("revisie", "0"), ("tekst-samenvatting", "Andere tekst")])
                #expect(stale.0 == .conflict && stale.1.contains("Iemand anders heeft dit stuk intussen opgeslagen"))
                let staleSend = try await post(app, officer, Self.report + "/verzenden", [("revisie", "0")])
                #expect(staleSend.0 == .conflict && staleSend.1.contains("gewijzigd sinds u de pagina opende"))
                #expect(try await app.councilDocuments.sentVersions(plan: Self.key).isEmpty)

                // Sending freezes the files with their SHA-256.
                let sent = try await post(app, officer, Self.report + "/verzenden", [("revisie", "1")])
                #expect(sent.0 == .seeOther && sent.2.hasSuffix("/versies?verzonden=1"), "\(sent.1)")
                let versions = try await app.councilDocuments.sentVersions(plan: Self.key, DocumentKey(kind: .progressReport, year: 2024))
                let first = try #require(versions.first)
                #expect(versions.count == 1 && first.version == 1 && first.sentOn == CalendarDate(iso: "2025-01-15"))
                #expect(Set(first.files.map(\.format)).isSuperset(of: [.docx, .html]))
                // With LibreOffice installed (as in CI) the PDF is frozen too.
                #expect(first.file(.pdf) != nil || !PDFConverter().isAvailable)
                if let pdf = first.file(.pdf) { #expect(pdf.size > 10_000) }
                for file in first.files {
                    let stored = try #require(try await app.councilDocuments.content(plan: Self.key, first.key, version: 1, format: file.format))
                    #expect(SHA256.hash(data: stored).map { String(format: "%02x", $0) }.joined() == file.sha256)
                }
                let frozenHTML = try #require(try await app.councilDocuments.content(plan: Self.key, first.key, version: 1, format: .html))
                #expect(text(frozenHTML).contains("Aangeboden aan de raad"))

                let twice = try await post(app, officer, Self.report + "/verzenden", [("revisie", "1")])
                #expect(twice.0 == .conflict && twice.1.contains("is al op 15 januari 2025 als versie 1 aan de raad gestuurd"))
                #expect(try await app.councilDocuments.sentVersions(plan: Self.key).count == 1)

                // The council member reads what was sent, not the drafts.
                let councilOverview = try await get(app, council, "/plannen/\(Self.key)/stukken")
                #expect(councilOverview.0 == .ok && text(councilOverview.1).contains("versie 1"))
                #expect(!text(councilOverview.1).contains("Eigen tekst toevoegen"))
                #expect(try await get(app, council, Self.report + "/docx").0 == .forbidden)
                let councilFile = try await get(app, council, Self.report + "/versies/1/html")
                #expect(councilFile.0 == .ok && councilFile.1 == frozenHTML)
                let versionsPage = try await get(app, council, Self.report + "/versies")
                #expect(text(versionsPage.1).contains(first.files[0].sha256))

                // A later edit starts the next draft; version 1 stays as it was sent.
                _ = try await post(app, officer, Self.report + "/bewerken", [("revisie", "1"), ("tekst-samenvatting", "Kernboodschap van het college: de aanpak werkt."),
                                                                          ("tekst-vooruitblik", "In 2025 volgt de evaluatie.")])
                let second = try await post(app, officer, Self.report + "/verzenden", [("revisie", "2")])
                #expect(second.0 == .seeOther, "\(second.1)")
                let changes = try await get(app, officer, Self.report + "/versies")
                #expect(text(changes.1).contains("Wat is veranderd ten opzichte van versie 1") && text(changes.1).contains("In 2025 volgt de evaluatie."))
                #expect(try await app.councilDocuments.content(plan: Self.key, first.key, version: 1, format: .html) == frozenHTML)
                #expect(try await app.councilDocuments.sentVersions(plan: Self.key, first.key).map(\.version) == [1, 2])

                // Once last year's report was sent, this year's versions page says what changed since.
                let lastYear = try await post(app, officer, "/plannen/\(Self.key)/stukken/voortgangsrapportage-2023/verzenden", [("revisie", "0")])
                #expect(lastYear.0 == .seeOther, "\(lastYear.1)")
                let sinceLastYear = text(try await get(app, council, Self.report + "/versies").1)
                #expect(sinceLastYear.contains("Wat is veranderd ten opzichte van de rapportage over 2023 (versie 1)"))
                #expect(sinceLastYear.contains("Kernboodschap van het college: de aanpak werkt."))
            }
        }

        @Test("Two sends of the same draft at the same moment keep exactly one version")
        func simultaneousSends() async throws {
            try await withTestApp { app in
                _ = try await app.plans.save(try example("stadskanaal-2020-2024.yaml"))
                let officer = try await app.signIn("beleid.f", Self.stadskanaal, [.policyOfficer])
                let path = "/plannen/\(Self.key)/stukken/raadsbesluit/verzenden"
                async let a = post(app, officer, path, [("revisie", "0")])
                async let b = post(app, officer, path, [("revisie", "0")])
                let statuses = try await [a.0, b.0].sorted { $0.code < $1.code }
                #expect(statuses == [.seeOther, .conflict])
                #expect(try await app.councilDocuments.sentVersions(plan: Self.key).map(\.version) == [1])
            }
        }

        @Test("A proposal's header: a wrong date is refused in Dutch and nothing is saved; a good one shows in the proposal and the decision")
        func proposalHeader() async throws {
            try await withTestApp { app in
                _ = try await app.plans.save(try example("stadskanaal-2020-2024.yaml"))
                let officer = try await app.signIn("beleid.e", Self.stadskanaal, [.policyOfficer])
                let path = "/plannen/\(Self.key)/stukken/raadsvoorstel/bewerken"
                let bad = try await post(app, officer, path, [("revisie", "0"), ("zaaknummer", "Z/2026/0042"), ("collegebesluit", "10 maart")])
                #expect(bad.0 == .unprocessableEntity && bad.1.contains("Datum collegebesluit: schrijf een datum als jjjj-mm-dd"))
                #expect(try await app.councilDocuments.draft(plan: Self.key, DocumentKey(kind: .councilProposal)) == nil)
                let good = try await post(app, officer, path, [("revisie", "0"), ("zaaknummer", "Z/2026/0042"), ("collegebesluit", "2026-03-10"),
                                                               ("portefeuillehouder", "burgemeester"), ("vergadering", "2026-04-14")])
                #expect(good.0 == .seeOther, "\(good.1)")
                let proposal = text(try await get(app, officer, "/plannen/\(Self.key)/stukken/raadsvoorstel/html").1)
                #expect(proposal.contains("Z/2026/0042") && proposal.contains("10 maart 2026") && proposal.contains("Artikel 38b van de Politiewet 2012"))
            }
        }
    }
}
