import Foundation
import RegieCore
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

/// Issue 11, "what the pages and the command line get wrong".
extension DatabaseTests {
    @Suite("Analysis pages without figures and with themes of the same name")
    struct PageFixesTests {
        static let proefstad = MunicipalityCode("GM9999")!

        /// Proefstad has no figures at all; its plan is adopted so a council member reads it.
        func adoptedProefstadPlan(_ app: Application) async throws -> Plan {
            var plan = try PlanFileReader.read(minimalPlanFile)
            plan.status = .adopted
            _ = try await app.plans.save(plan)
            return plan
        }

        @Test("A municipality without figures: one sentence, no empty tables or downloads, and the next step only for officers")
        func municipalityWithoutFigures() async throws {
            try await withTestApp { app in
                _ = try await adoptedProefstadPlan(app)
                let reader = try await app.signIn("raadslid.proefstad", .municipality(Self.proefstad), [.reader])
                let officer = try await app.signIn("beleid.proefstad", .municipality(Self.proefstad), [.policyOfficer])
                let administrator = try await app.signIn("beheer.proefstad", .municipality(Self.proefstad), [.administrator])
                let sentence = "Er zijn nog geen cijfers over Proefstad ingelezen."
                try await app.testing().test(.GET, "/gemeenten/GM9999/veiligheidsanalyse", headers: reader.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.components(separatedBy: sentence).count == 2, "the sentence once")
                    #expect(!body.contains("Voor Proefstad zijn nog geen cijfers ingelezen"), "not said a second time")
                    #expect(!body.contains("<table"))
                    #expect(!body.contains(".csv"))
                    #expect(!body.contains("De beheerder van uw gemeente"), "no instruction for officers")
                    #expect(!body.contains("cijfers inlezen"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM9999/veiligheidsanalyse", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.components(separatedBy: sentence).count == 2)
                    #expect(body.contains("De beheerder van uw gemeente kan de open data van politie en CBS inlezen"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM9999/veiligheidsanalyse", headers: administrator.headers) { res in
                    #expect(res.body.string.contains(">cijfers inlezen</a>"))
                }
            }
        }

        @Test("A plan's analysis without figures says so once; the hint about the interpretation is for those who may edit")
        func planChapterWithoutFigures() async throws {
            try await withTestApp { app in
                // The theme is linked to a series, but Proefstad has no figures.
                var plan = try PlanFileReader.read(minimalPlanFile.replacingOccurrences(
                    of: "    rol: prioriteit\n", with: "    rol: prioriteit\n    analyse:\n      cijfers: [woninginbraak]\n"))
                #expect(plan.linkedSeries.map(\.key.rawValue) == ["woninginbraak"])
                _ = try await app.plans.save(plan)
                let officer = try await app.signIn("beleid.proefstad", .municipality(Self.proefstad), [.policyOfficer])
                let sentence = "Er zijn nog geen cijfers over Proefstad ingelezen."
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.components(separatedBy: sentence).count == 2)
                    #expect(!body.contains("Voor Proefstad zijn nog geen cijfers ingelezen"))
                    #expect(body.contains("Nog geen duiding. Voeg die toe in de editor bij dit thema"))
                    #expect(!body.contains("planbestand"))
                }
                plan.status = .adopted
                _ = try await app.plans.save(plan)
                let reader = try await app.signIn("raadslid.proefstad", .municipality(Self.proefstad), [.reader])
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse", headers: reader.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.components(separatedBy: sentence).count == 2)
                    #expect(body.contains("Nog geen duiding bij dit thema."))
                    #expect(!body.contains("Voeg die toe"))
                    #expect(!body.contains("planbestand"))
                    #expect(!body.contains("De beheerder van uw gemeente"))
                    #expect(!body.contains("<table"))
                }
            }
        }

        /// A plan of Meierijstad with a priority and an ongoing-work theme of the same name.
        static let twinThemes = """
        sleutel: meierijstad-twee-keer-2025-2028
        soort: integraal-veiligheidsplan
        titel: Veilig Meierijstad
        eigenaar:
          gemeente: { code: GM1948, naam: Meierijstad }
        periode: 2025-2028
        status: concept
        themas:
          - sleutel: woninginbraak
            titel: Woninginbraak
            rol: prioriteit
            analyse:
              cijfers: [woninginbraak]
              duiding: De daling zet door.
          - sleutel: woninginbraak-regulier
            titel: Woninginbraak
            rol: overig
            analyse:
              cijfers: [woninginbraak, geweld]

        """

        @Test("Two themes of the same name: each series is analysed and shown once, and the page says where it belongs")
        func themesOfTheSameName() async throws {
            let plan = try PlanFileReader.read(Self.twinThemes)
            #expect(plan.linkedSeries.map(\.key.rawValue) == ["woninginbraak", "geweld"])
            #expect(try PlanFileReader.read(PlanFileWriter.write(plan)) == plan)
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.components(separatedBy: "<tr id=\"woninginbraak\"").count == 2, "one row for the series, not one per theme")
                    #expect(body.contains("<tr id=\"geweld\""))
                    #expect(body.contains("Woninginbraak hoort ook bij het thema Woninginbraak."))
                    #expect(body.contains("De cijfers over Woninginbraak staan bij het thema <a href=\"#thema-woninginbraak\">Woninginbraak</a>."))
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.components(separatedBy: "<h3>Duiding bij Woninginbraak</h3>").count == 3, "both themes' interpretations")
                }
            }
        }
    }
}

@Suite("Series are proposed only when certain, and readers see only confirmed links")
struct SeriesProposalTests {
    func theme(_ key: String, _ title: String, series: [String]? = nil) -> Theme {
        var theme = Theme(key: Key(key)!, title: title, role: .priority)
        if let series { theme.analysis = ThemeAnalysis(series: series) }
        return theme
    }

    func proposals(_ key: String, _ title: String) -> [String] {
        SeriesCatalogue.proposals(for: theme(key, title), in: SeriesCatalogue.defaults).map(\.key.rawValue)
    }

    @Test("The wrong pairs of real plans get no proposal")
    func broadTitles() {
        #expect(proposals("radicalisering", "Radicalisering") == [])
        #expect(proposals("polarisatie", "Polarisatie en radicalisering") == [])
        #expect(proposals("overlast-in-wijken", "Veiligheid en overlast in wijken") == [])
        #expect(proposals("fysieke-veiligheid", "Fysieke veiligheid") == [])
        #expect(proposals("leefomgeving", "Veilige woon- en leefomgeving") == [])
        #expect(proposals("middelen", "Halt en preventie van alcohol- en drugsgebruik") == [])
        #expect(proposals("digitale-weerbaarheid", "Digitale weerbaarheid van inwoners en ondernemers") == [])
        #expect(proposals("huiselijk-geweld", "Huiselijk geweld en kindermishandeling") == [])
    }

    @Test("A title that names a series gets it proposed")
    func specificTitles() {
        #expect(proposals("woninginbraak", "Woninginbraak") == ["woninginbraak"])
        #expect(proposals("inbraak", "Woninginbraken en woning- en straatovervallen") == ["woninginbraak", "straatroof-overval"])
        #expect(proposals("straatroof", "Straatroof") == ["straatroof-overval"])
        #expect(proposals("fietsen", "Fietsendiefstal bij het station") == ["voertuigcriminaliteit"])
        #expect(proposals("cybercrime", "Cybercrime") == ["cybercrime-fraude"])
        #expect(proposals("drugshandel", "Drugshandel") == ["drugs"])
        #expect(proposals("discriminatie", "Discriminatie") == ["discriminatie"])
        #expect(proposals("hic", "High impact crimes") == ["high-impact-crimes"])
        #expect(proposals("geweld", "Geweldszaken inclusief huiselijk geweld") == ["geweld"])
        #expect(proposals("kvo", "Keurmerk Veilig Ondernemen winkelcentrum") == ["bedrijvigheid"])
    }

    @Test("Without confirmed links a theme has no series; an empty list means no figures and no proposal")
    func onlyConfirmedLinks() {
        let unconfirmed = theme("woninginbraak", "Woninginbraak")
        #expect(SeriesCatalogue.series(for: unconfirmed, in: SeriesCatalogue.defaults).isEmpty)
        let none = theme("woninginbraak", "Woninginbraak", series: [])
        #expect(SeriesCatalogue.proposals(for: none, in: SeriesCatalogue.defaults).isEmpty)
        let confirmed = theme("woninginbraak", "Woninginbraak", series: ["woninginbraak"])
        #expect(SeriesCatalogue.series(for: confirmed, in: SeriesCatalogue.defaults).map(\.key.rawValue) == ["woninginbraak"])
        #expect(SeriesCatalogue.proposals(for: confirmed, in: SeriesCatalogue.defaults).isEmpty)
    }

    @Test("Every example plan still links the series whose pairs were right, explicitly")
    func examplesLinkExplicitly() throws {
        let plan = try example("lindewaarde-2025-2028.yaml")
        #expect(plan.theme(Key("woninginbraak")!)?.analysis?.series == ["woninginbraak", "straatroof-overval"])
        #expect(plan.theme(Key("polarisatie")!)?.analysis?.series == nil, "lost the wrong guess: discrimination")
        #expect(plan.linkedSeries.map(\.key.rawValue).contains("verkeer"))
        #expect(!plan.linkedSeries.map(\.key.rawValue).contains("discriminatie"))
    }
}

extension DatabaseTests {
    @Suite("A proposed series confirmed in the editor")
    struct ProposalWebTests {
        static let plan = """
        sleutel: meierijstad-voorstel-2025-2028
        soort: integraal-veiligheidsplan
        titel: Veilig Meierijstad
        eigenaar:
          gemeente: { code: GM1948, naam: Meierijstad }
        periode: 2025-2028
        status: concept
        themas:
          - sleutel: woninginbraak
            titel: Woninginbraak
            rol: prioriteit
          - sleutel: radicalisering
            titel: Radicalisering
            rol: prioriteit

        """

        func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String?) {
            var result: (HTTPStatus, String?) = (.ok, nil)
            try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
                result = (res.status, res.headers.first(name: .location))
            }
            return result
        }

        @Test("The officer sees the proposal, confirms it in the editor; only then the reader sees the figures, and the file keeps the link")
        func confirmProposal() async throws {
            var plan = try PlanFileReader.read(Self.plan)
            #expect(plan.problems().isEmpty)
            #expect(plan.linkedSeries.isEmpty, "no guesses for readers")
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let chapter = "/plannen/\(plan.key)/veiligheidsanalyse"
                try await app.testing().test(.GET, chapter, headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("Voorstel: meten met de reeks Woninginbraak."))
                    #expect(body.contains("href=\"/plannen/\(plan.key)/bewerken/themas/woninginbraak/cijfers#veld-cijfers-voorstel\""))
                    #expect(!body.contains("<tr id=\"woninginbraak\""))
                    #expect(!body.contains("Discriminatie"), "no proposal for a broad title")
                }
                let path = "/plannen/\(plan.key)/bewerken/themas/woninginbraak/cijfers"
                let page = try await editorPage(app, officer, plan.key, "/themas/woninginbraak/cijfers")
                #expect(page.body.contains("Voorstel: meten met de reeks Woninginbraak"))
                #expect(page.body.contains("name=\"cijfers-voorstel\" value=\"woninginbraak\""))
                let saved = try await post(app, officer, path, [("vorige", page.fingerprint), ("cijfers", ""), ("cijfers-voorstel", "woninginbraak"), ("duiding", "")])
                #expect(saved.0 == .seeOther, "\(saved)")
                plan = try #require(try await app.plans.plan(plan.key))
                #expect(plan.theme(Key("woninginbraak")!)?.analysis?.series == ["woninginbraak"])
                #expect(plan.theme(Key("radicalisering")!)?.analysis == nil)
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM1948")!, limit: 10)
                #expect(trail.contains { $0.entry.action == .planPartChanged })
                // The proposal is gone for the officer once confirmed; a council member reads the figures.
                let reader = try await app.signIn("raadslid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.reader])
                var adopted = plan
                adopted.status = .adopted
                _ = try await app.plans.save(adopted)
                try await app.testing().test(.GET, chapter, headers: reader.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("<tr id=\"woninginbraak\""))
                    #expect(!body.contains("Voorstel"))
                }
                // Exported unchanged: the confirmed link is in the file and reads back the same.
                let text = PlanFileWriter.write(plan)
                #expect(text.contains("cijfers: [\"woninginbraak\"]"), "\(text)")
                let again = try PlanFileReader.read(text)
                #expect(again == plan)
                #expect(PlanFileWriter.write(again) == text)
            }
        }

        @Test("A council member never sees a proposal")
        func readerSeesNoProposal() async throws {
            var plan = try PlanFileReader.read(Self.plan)
            plan.status = .adopted
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                _ = try await app.plans.save(plan)
                let reader = try await app.signIn("raadslid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.reader])
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse", headers: reader.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(!body.contains("Voorstel"))
                    #expect(!body.contains("<tr id=\"woninginbraak\""))
                    #expect(!body.contains("bewerken"))
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)/veiligheidsanalyse/overzicht.csv", headers: reader.headers) { res in
                    #expect(!res.body.string.contains("Woninginbraak"))
                }
            }
        }
    }
}

@Suite("Plan file problems come in the order of the file, with suggestions for mistyped keys")
struct ProblemOrderTests {
    @Test("A rule problem on line 3 comes before a reading problem on line 18 and a rule problem on line 20")
    func problemsInLineOrder() {
        let text = minimalPlanFile
            .replacingOccurrences(of: "titel: Veilig Proefstad", with: "titel: \"\"")
            .replacingOccurrences(of: "planning: 2025", with: "planning: 2020/21")
            .replacingOccurrences(of: "partners: [politie]", with: "partners: [politie-basisteam]")
        let found = problems(in: text)
        // The action with the unreadable planning is left out, so its partner is not checked.
        #expect(found.map(\.line) == [3, 18], "\(found)")
        #expect(found.map(\.path) == ["titel", "themas[0].acties[0].planning"])
        let partner = problems(in: minimalPlanFile.replacingOccurrences(of: "partners: [politie]", with: "partners: [politie-basisteam]"))
        #expect(partner.map(\.description) == ["themas[0].acties[0].partners[0] (regel 20): partner \"politie-basisteam\" bestaat niet in dit plan; bedoelde u \"politie\"?"])
    }

    /// The minimal plan with `count` more partners, `stichting-1` and on.
    func planWithPartners(_ count: Int, reference: String) -> String {
        let extra = (1...count).map { "  - sleutel: stichting-\($0)\n    naam: Stichting \($0)\n    soort: overig\n" }.joined()
        return minimalPlanFile.replacingOccurrences(of: "partners: [politie]", with: "partners: [\(reference)]") + extra
    }

    @Test("A plan with many partners gets the nearest keys or a short note, never all of them on one line")
    func manyPartners() {
        let near = problems(in: planWithPartners(50, reference: "stichting-51"))
        #expect(near.count == 1)
        #expect(near.first?.message == "partner \"stichting-51\" bestaat niet in dit plan; bedoelde u \"stichting-1\", \"stichting-11\" of \"stichting-21\"?", "\(near)")
        #expect(near.first.map { !$0.message.contains("stichting-40") } == true)
        let far = problems(in: planWithPartners(50, reference: "woningbouwvereniging"))
        #expect(far.first?.message == "partner \"woningbouwvereniging\" bestaat niet in dit plan en lijkt op geen van de 52 partners; kijk de sleutel na onder partners", "\(far)")
        // A short list is still shown whole when no key is near.
        let short = problems(in: minimalPlanFile.replacingOccurrences(of: "partners: [politie]", with: "partners: [wijkagent]"))
        #expect(short.first?.message == "partner \"wijkagent\" bestaat niet in dit plan (partners: gemeente, politie)")
    }

    @Test("Mistyped theme and series keys get the nearest keys too")
    func themesAndSeries() {
        let text = minimalPlanFile.replacingOccurrences(of: "    rol: prioriteit\n", with: "    rol: prioriteit\n    analyse:\n      cijfers: [woninginbraken]\n")
            + "overleggen:\n  - sleutel: driehoek\n    naam: Driehoek\n    themas: [woninginbrak]\n"
        let found = problems(in: text)
        #expect(found.map(\.message) == [
            "reeks \"woninginbraken\" bestaat niet; bedoelde u \"woninginbraak\"? Een misdrijfsoort (bijv. 1.1.1) mag ook",
            "thema \"woninginbrak\" bestaat niet in dit plan; bedoelde u \"woninginbraak\"?",
        ], "\(found)")
        #expect(found.compactMap(\.line) == found.compactMap(\.line).sorted() && found.allSatisfy { $0.line != nil })
    }
}

/// The built `regie` executable, run as a user runs it.
@Suite("The command line speaks Dutch")
struct CommandLineTests {
    static let executable = repositoryRoot.appendingPathComponent(".build/debug/regie")

    /// Runs `regie` with `arguments` on the SQLite database `database`: exit code, output, errors.
    func run(_ arguments: [String], database: URL, environment extra: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        environment.removeValue(forKey: "REGIE_SLEUTEL")
        environment.removeValue(forKey: "REGIE_SLEUTELBESTAND")
        environment["REGIE_SQLITE_PATH"] = database.path
        process.environment = environment.merging(extra) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    func newDatabase() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regie-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("regie.sqlite")
    }

    @Test("The first command on a new database prints one Dutch line about the migration, the next one nothing")
    func quietMigrations() throws {
        let database = try newDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let first = try run(["user", "list"], database: database)
        #expect(first.status == 0, "\(first.errors)")
        let steps = RegieMigrations.all(keys: testKeys).count
        let lines = first.errors.split(separator: "\n").map(String.init)
        #expect(lines.contains("Database bijgewerkt (\(steps) stappen)."), "\(first.errors)")
        #expect(lines.allSatisfy { $0.hasPrefix("Database bijgewerkt") || $0.hasPrefix("Nieuw sleutelbestand aangemaakt: ")
            || $0.hasPrefix("Nieuw bestand met registersleutels aangemaakt: ") }, "\(first.errors)")
        #expect(!first.errors.contains("Migrator") && !first.errors.contains("prepare") && !first.errors.contains("codes.vapor"))
        let second = try run(["user", "list"], database: database)
        #expect(second.status == 0)
        #expect(second.errors == "", "nothing for an up-to-date database: \(second.errors)")
        #expect(second.output == first.output)
        // Creating an account writes the audit trail: no English log lines about it either.
        let added = try run(["user", "add", "j.jansen@proefstad.nl", "--naam", "J. Jansen", "--gemeente", "GM9999", "--gemeentenaam", "Proefstad",
                             "--rol", "beleidsmedewerker"], database: database, environment: ["REGIE_WACHTWOORD": testPassword])
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.errors == "", "\(added.errors)")
        #expect(added.output.contains("Account j.jansen@proefstad.nl aangemaakt"))
    }

    @Test("regie registers: purge trial, key rotation, log check and the art. 30 export answer in Dutch")
    func registerCommands() throws {
        let database = try newDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let purge = try run(["registers", "opschonen", "--proef"], database: database)
        #expect(purge.status == 0, "\(purge.errors)")
        #expect(purge.output == "Er zijn nog geen registers: er is niets op te schonen.\n")
        let keyFile = database.deletingPathExtension().appendingPathExtension("registersleutels").path
        let before = try String(contentsOfFile: keyFile, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        let added = try run(["registers", "sleutel-toevoegen"], database: database)
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("Nieuwe registersleutel"))
        let after = try String(contentsOfFile: keyFile, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        #expect(after == before + 1)
        let rekey = try run(["registers", "hersleutelen"], database: database)
        #expect(rekey.status == 0, "\(rekey.errors)")
        #expect(rekey.output.hasPrefix("0 registraties opnieuw versleuteld"))
        let check = try run(["registers", "log-controleren"], database: database)
        #expect(check.status == 0)
        #expect(check.output.contains("Het verwerkingenlog is intact"))
        let csv = try run(["registers", "verwerkingsregister"], database: database)
        #expect(csv.status == 0)
        #expect(csv.output.hasPrefix("\u{FEFF}Register;Verwerkingsactiviteit;"))
        let wrong = try run(["registers", "verwerkingsregister", "--gemeente", "GM37"], database: database)
        #expect(wrong.status != 0)
        #expect(wrong.errors.contains("\"GM37\" is geen gemeentecode"))
    }

    @Test("regie user add --help lists exactly the organisation kinds that are accepted")
    func organisationKinds() throws {
        let database = try newDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let help = try run(["user", "add", "--help"], database: database)
        let text = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for type in PartnerType.allCases {
            #expect(text.contains(PlanFileWords.partnerType(type)), "\(type) is listed")
        }
        #expect(!text.contains(" om,") && !text.contains("…"), "no kinds that are refused: \(text)")
        // Each listed kind works; one that is not listed is refused with the list.
        let accepted = try run(["user", "add", "wijkagent@politie.nl", "--naam", "Wijkagent", "--organisatie", "politie-oost",
                                "--organisatienaam", "Politie Oost-Brabant", "--soort", "openbaar-ministerie", "--rol", "partner"],
                               database: database, environment: ["REGIE_WACHTWOORD": testPassword])
        #expect(accepted.status == 0, "\(accepted.errors)")
        let refused = try run(["user", "add", "officier@om.nl", "--naam", "Officier", "--organisatie", "om-oost",
                               "--organisatienaam", "OM Oost-Brabant", "--soort", "om", "--rol", "partner"],
                              database: database, environment: ["REGIE_WACHTWOORD": testPassword])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("\"om\" is geen soort partnerorganisatie; kies uit gemeente, politie, openbaar-ministerie"), "\(refused.errors)")
    }
}
