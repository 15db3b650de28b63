import Crypto
import Foundation
import RegieCore
import RegiePersistence
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// A beheerder imports an open-data file through the browser (issue 12, point 10).
    @Suite("Figures through the browser")
    struct DataUploadTests {
        static let stadskanaal = MunicipalityCode("GM0037")!
        static let boundary = "----RegieTestGrens7MA4YWxkTrZu0gW"

        struct Part {
            var name: String
            var fileName: String?
            var content: Data

            static func field(_ name: String, _ value: String) -> Part { Part(name: name, fileName: nil, content: Data(value.utf8)) }
            static func file(_ name: String, _ fileName: String, _ content: Data) -> Part { Part(name: name, fileName: fileName, content: content) }
        }

        /// A `multipart/form-data` body as a browser sends it.
        static func multipart(_ parts: [Part]) -> ByteBuffer {
            var body = Data()
            for part in parts {
                body.append(Data("--\(boundary)\r\n".utf8))
                let file = part.fileName.map { "; filename=\"\($0)\"" } ?? ""
                body.append(Data("Content-Disposition: form-data; name=\"\(part.name)\"\(file)\r\n".utf8))
                if part.fileName != nil { body.append(Data("Content-Type: text/csv\r\n".utf8)) }
                body.append(Data("\r\n".utf8))
                body.append(part.content)
                body.append(Data("\r\n".utf8))
            }
            body.append(Data("--\(boundary)--\r\n".utf8))
            return ByteBuffer(data: body)
        }

        static func headers(_ user: TestUser) -> HTTPHeaders {
            var headers = user.headers
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            return headers
        }

        static func fixture(_ name: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
        }

        static func ownSeries(_ lines: [String]) -> Data { Data((["regio;periode;reeks;waarde"] + lines).joined(separator: "\n").utf8 + [10]) }

        /// Posts a file and returns the status page's address.
        static func upload(_ app: Application, _ user: TestUser, _ fileName: String, _ content: Data, table: String? = nil,
                           replace: Bool = false) async throws -> String {
            var parts: [Part] = [.field("csrf", user.csrf)]
            if let table { parts.append(.field("tabel", table)) }
            if replace { parts.append(.field("vervang", "ja")) }
            parts.append(.file("bestand", fileName, content))
            parts.append(.file("metadata", "", Data()))
            var location = ""
            try await app.testing().test(.POST, "/beheer/cijfers", headers: headers(user), body: multipart(parts)) { res in
                #expect(res.status == .seeOther, "\(res.status): \(res.body.string.prefix(400))")
                location = res.headers.first(name: .location) ?? ""
            }
            #expect(location.hasPrefix("/beheer/cijfers/inlezingen/"))
            return location
        }

        /// The status page once the import has finished.
        static func finished(_ app: Application, _ user: TestUser, _ location: String) async throws -> String {
            for _ in 0..<600 {
                var body = ""
                try await app.testing().test(.GET, location, headers: user.headers) { res in
                    #expect(res.status == .ok)
                    body = res.body.string
                }
                if !body.contains("Bezig met inlezen") {
                    #expect(!body.contains("http-equiv=\"refresh\""))
                    return body
                }
                #expect(body.contains("<meta http-equiv=\"refresh\" content=\"2\"/>") || body.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the import did not finish")
            return ""
        }

        static func uploadFolders() -> Set<String> {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
            return Set(names.filter { $0.hasPrefix("regie-upload-") })
        }

        @Test("A beheerder uploads a CBS table with the form's token: 303 to a status page with the command line's outcome; figures stored, audited with SHA-256, temporary file gone")
        func uploadStores() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                let before = Self.uploadFolders()
                let content = try Self.fixture("cbs-37230ned-bevolking-gemeenten-typeddataset.csv")
                let location = try await Self.upload(app, admin, "cbs-37230ned-bevolking-gemeenten-typeddataset.csv", content)
                let page = try await Self.finished(app, admin, location)
                #expect(page.contains("Gelezen als: OData-databestand als CSV"))
                #expect(page.contains("Tabel 37230ned"))
                #expect(page.contains("Tabel 37230ned is nieuw: versie 1 met 25.576 cijfers."))
                #expect(page.contains("12.788 regels"))
                let table = try #require(try await app.statistics.tables().first { $0.identifier == "37230ned" })
                #expect(table.observations > 20_000)
                let trail = try await app.accounts.auditTrail(for: Self.stadskanaal, limit: 20)
                let entry = try #require(trail.first { $0.entry.action == .figuresImported }?.entry)
                let hash = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
                #expect(entry.after.contains(AuditValue("SHA-256", hash)))
                #expect(entry.after.contains(AuditValue("Tabel", "37230ned")))
                #expect(entry.after.contains(AuditValue("Versie", "1")))
                #expect(entry.after.contains(AuditValue("Regels", "12788")))
                #expect(entry.actor == admin.account.id)
                #expect(Self.uploadFolders().subtracting(before).isEmpty)
                // The list shows the table and the attempt.
                try await app.testing().test(.GET, "/beheer/cijfers", headers: admin.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("37230ned"))
                    #expect(res.body.string.contains("enctype=\"multipart/form-data\""))
                    #expect(res.body.string.contains(location))
                }
            }
        }

        @Test("A broken file shows 'Er is niets ingelezen' with file and line, stores nothing, and is audited as failed")
        func brokenFile() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                let before = Self.uploadFolders()
                let location = try await Self.upload(app, admin, "meldingen.csv",
                                                     Self.ownSeries(["GM0037;2024;Meldingen jeugdoverlast;52", "GM0037;2023;Meldingen jeugdoverlast;twaalf"]))
                let page = try await Self.finished(app, admin, location)
                #expect(page.contains("Er is niets ingelezen"))
                #expect(page.contains("meldingen.csv, regel 3"))
                #expect(page.contains("twaalf"))
                #expect(try await app.statistics.tables().isEmpty)
                let trail = try await app.accounts.auditTrail(for: Self.stadskanaal, limit: 20)
                #expect(trail.contains { $0.entry.action == .figuresImportFailed })
                #expect(Self.uploadFolders().subtracting(before).isEmpty)
            }
        }

        @Test("Without the token, with a wrong one or with the file before it: 403 and no file kept; a non-beheerder: 403")
        func refusals() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                let officer = try await app.signIn("beleid.a", .municipality(Self.stadskanaal), [.policyOfficer])
                let before = Self.uploadFolders()
                let file = Part.file("bestand", "meldingen.csv", Self.ownSeries(["GM0037;2024;Meldingen;5"]))
                for parts in [[file], [Part.field("csrf", "verkeerd"), file], [file, Part.field("csrf", admin.csrf)]] {
                    try await app.testing().test(.POST, "/beheer/cijfers", headers: Self.headers(admin), body: Self.multipart(parts)) { res in
                        #expect(res.status == .forbidden)
                        #expect(res.body.string.contains("niet verwerkt"))
                    }
                }
                try await app.testing().test(.POST, "/beheer/cijfers", headers: Self.headers(officer),
                                             body: Self.multipart([.field("csrf", officer.csrf), file])) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("Alleen een beheerder"))
                }
                // No file chosen: the form again with a Dutch message.
                try await app.testing().test(.POST, "/beheer/cijfers", headers: Self.headers(admin),
                                             body: Self.multipart([.field("csrf", admin.csrf), .field("tabel", "a b"), .file("bestand", "", Data())])) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.body.string.contains("Kies het bestand met de cijfers."))
                    #expect(res.body.string.contains("value=\"a b\""))
                }
                #expect(try await app.statistics.tables().isEmpty)
                #expect(Self.uploadFolders().subtracting(before).isEmpty)
            }
        }

        @Test("Another municipality's beheerder gets 404 on the status page and does not see the import in the list")
        func otherMunicipality() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                let other = try await app.signIn("beheer.b", .municipality(MunicipalityCode("GM0222")!), [.administrator])
                let location = try await Self.upload(app, admin, "meldingen.csv", Self.ownSeries(["GM0037;2024;Meldingen;5"]))
                _ = try await Self.finished(app, admin, location)
                try await app.testing().test(.GET, location, headers: other.headers) { res in
                    #expect(res.status == .notFound)
                }
                try await app.testing().test(.GET, "/beheer/cijfers", headers: other.headers) { res in
                    #expect(res.status == .ok)
                    #expect(!res.body.string.contains(location))
                }
            }
        }

        @Test("'Vervang de hele tabel' does not replace a shared table by a file without some of its regions or periods (named in Dutch); a table of only the own municipality may shrink")
        func replacementGuard() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                // First import of a table with two municipalities: nothing to lose.
                var page = try await Self.finished(app, admin, try await Self.upload(app, admin, "basisteam.csv", Self.ownSeries([
                    "GM0037;2023;Meldingen;4", "GM0037;2024;Meldingen;5", "GM0014;2024;Meldingen;9",
                ]), table: "eigen-basisteam"))
                #expect(page.contains("Tabel eigen-basisteam is nieuw: versie 1 met 3 cijfers."))
                // Without Groningen and 2023: refused, the stored table unchanged.
                page = try await Self.finished(app, admin, try await Self.upload(app, admin, "basisteam.csv", Self.ownSeries([
                    "GM0037;2024;Meldingen;6",
                ]), table: "eigen-basisteam", replace: true))
                #expect(page.contains("Er is niets ingelezen"))
                #expect(page.contains("de regio GM0014"))
                #expect(page.contains("de periode 2023"))
                #expect(page.contains("daarom vervangt Regie de tabel niet"))
                let shared = try #require(try await app.statistics.tables().first { $0.identifier == "eigen-basisteam" })
                #expect(shared.revision == 1)
                #expect(shared.observations == 3)
                // With every region and period (and more): replaced.
                page = try await Self.finished(app, admin, try await Self.upload(app, admin, "basisteam.csv", Self.ownSeries([
                    "GM0037;2023;Meldingen;4", "GM0037;2024;Meldingen;6", "GM0014;2024;Meldingen;9", "GM0014;2023;Meldingen;8",
                ]), table: "eigen-basisteam", replace: true))
                #expect(page.contains("Tabel eigen-basisteam vervangen door versie 2: 1 nieuwe cijfer, 1 herzien, 2 ongewijzigd. 0 cijfers van de vorige versie staan niet in dit bestand en zijn verwijderd."), "\(page)")

                // Stadskanaal's own table (its districts too) may lose a district and a year.
                _ = try await Self.finished(app, admin, try await Self.upload(app, admin, "eigen.csv", Self.ownSeries([
                    "GM0037;2023;Meldingen;4", "WK003701;2023;Meldingen;2", "GM0037;2024;Meldingen;5",
                ])))
                page = try await Self.finished(app, admin, try await Self.upload(app, admin, "eigen.csv", Self.ownSeries([
                    "GM0037;2024;Meldingen;5",
                ]), replace: true))
                #expect(page.contains("Tabel eigen-GM0037 vervangen door versie 2: 0 nieuwe cijfers, 0 herzien, 1 ongewijzigd. 2 cijfers van de vorige versie staan niet in dit bestand en zijn verwijderd."), "\(page)")
            }
        }

        @Test("Without figures, the analysis links a beheerder to the import page and tells others who can import")
        func analysisNextStep() async throws {
            try await withTestApp { app in
                _ = try await app.plans.save([try example("stadskanaal-2020-2024.yaml")])
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                let officer = try await app.signIn("beleid.a", .municipality(Self.stadskanaal), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM0037/veiligheidsanalyse", headers: admin.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("<a href=\"/beheer/cijfers\">cijfers inlezen</a>"))
                    #expect(!res.body.string.contains("regie data import"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM0037/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("De beheerder van uw gemeente kan de open data"))
                    #expect(!res.body.string.contains("regie data import"))
                }
            }
        }

        @Test("The upload limit gives a Dutch 413; every other route keeps the 1 MB URL-encoded forms")
        func limits() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", .municipality(Self.stadskanaal), [.administrator])
                let before = Self.uploadFolders()
                app.security.maxUploadBytes = 100 * 1024
                let content = try Self.fixture("cbs-37230ned-bevolking-gemeenten-typeddataset.csv")
                try await app.testing().test(.POST, "/beheer/cijfers", headers: Self.headers(admin),
                                             body: Self.multipart([.field("csrf", admin.csrf), .file("bestand", "cbs.csv", content)])) { res in
                    #expect(res.status == .payloadTooLarge)
                    #expect(res.body.string.contains("Het bestand is te groot"))
                }
                #expect(Self.uploadFolders().subtracting(before).isEmpty)
                // Multipart anywhere else: refused as before.
                try await app.testing().test(.POST, "/beheer/accounts/nieuw", headers: Self.headers(admin),
                                             body: Self.multipart([.field("csrf", admin.csrf), .field("naam", "x")])) { res in
                    #expect(res.status == .unsupportedMediaType)
                }
                // A URL-encoded form over 1 MB: 413, also for the upload's address.
                for path in ["/beheer/accounts/nieuw", "/beheer/cijfers"] {
                    try await app.testing().test(.POST, path, headers: admin.formHeaders,
                                                 body: ByteBuffer(string: "csrf=\(admin.csrf)&naam=" + String(repeating: "a", count: 1_100_000))) { res in
                        #expect(res.status == .payloadTooLarge)
                    }
                }
            }
        }
    }
}
