import Foundation
import RegieCore
import RegieDocuments
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// Walks every route of the application with every role and checks the answer. A route
    /// without a rule here fails the suite, so no route can be added without deciding who may use it.
    @Suite("Routes by role")
    struct RouteAccessTests {
        enum Who: String, CaseIterable {
            case anonymous, administrator, officer, reader, partner, otherOfficer
        }

        /// Expected status per role for one route: `all` for everyone not listed.
        struct Rule {
            var path: String
            var answers: [Who: UInt]
            var all: UInt

            func expected(_ who: Who) -> UInt { answers[who] ?? all }
        }

        // The fixtures: S is the adopted Stadskanaal plan (its police partner linked to the
        // partner organisation), D a draft plan of Stadskanaal, B an officer of Doetinchem.
        static let adopted = "stadskanaal-2020-2024"
        static let draft = "proefplan-stadskanaal"
        static let policeAction = "burenproblematiek-politie"

        /// The rules, keyed by method and route pattern as Vapor lists them.
        static func rules(otherAccount: UUID) -> [String: Rule] {
            let signedIn: [Who: UInt] = [.anonymous: 303]
            let readers: [Who: UInt] = [.anonymous: 303, .otherOfficer: 404]
            let draftOnly: [Who: UInt] = [.anonymous: 303, .officer: 200]
            let post403: UInt = 403
            var rules: [String: Rule] = [:]
            func add(_ method: String, _ pattern: String, _ path: String, _ answers: [Who: UInt], all: UInt) {
                rules["\(method) \(pattern)"] = Rule(path: path, answers: answers, all: all)
            }
            add("GET", "/css/regie.css", "/css/regie.css", [:], all: 200)
            add("GET", "/inloggen", "/inloggen", [.anonymous: 200], all: 303)
            add("POST", "/inloggen", "/inloggen", [.anonymous: post403], all: 401)
            add("GET", "/inloggen/code", "/inloggen/code", [:], all: 303)
            add("POST", "/inloggen/code", "/inloggen/code", [.anonymous: post403], all: 401)
            add("POST", "/uitloggen", "/uitloggen", [.anonymous: post403], all: 303)
            add("GET", "/", "/", signedIn, all: 200)
            add("GET", "/account", "/account", signedIn, all: 200)
            add("POST", "/account", "/account", [.anonymous: post403], all: 422)
            add("GET", "/account/tweestapsverificatie", "/account/tweestapsverificatie", signedIn, all: 200)
            add("POST", "/account/tweestapsverificatie", "/account/tweestapsverificatie", [.anonymous: post403], all: 400)
            add("POST", "/account/tweestapsverificatie/uitzetten", "/account/tweestapsverificatie/uitzetten", [.anonymous: post403], all: 400)
            add("GET", "/gemeenten/:code", "/gemeenten/GM0037", signedIn, all: 200)
            add("GET", "/samenwerkingsverbanden/:key", "/samenwerkingsverbanden/basisteam-meierij", signedIn, all: 200)
            add("GET", "/plannen/:plan", "/plannen/\(adopted)", readers, all: 200)
            add("GET", "/plannen/:plan/samenvatting", "/plannen/\(adopted)/samenvatting", readers, all: 200)
            add("GET", "/plannen/:plan/partners", "/plannen/\(adopted)/partners", readers, all: 200)
            add("GET", "/plannen/:plan/themas/:theme", "/plannen/\(adopted)/themas/burenproblematiek", readers, all: 200)
            add("GET", "/plannen/:plan/gemeenten/:code", "/plannen/\(adopted)/gemeenten/GM0037", readers, all: 200)
            add("GET", "/plannen/:plan/planbestand.yaml", "/plannen/\(adopted)/planbestand.yaml", readers, all: 200)
            add("GET", "/plannen/:plan/veiligheidsanalyse", "/plannen/\(adopted)/veiligheidsanalyse", readers, all: 200)
            add("GET", "/plannen/:plan/veiligheidsanalyse/:file", "/plannen/\(adopted)/veiligheidsanalyse/woninginbraak.csv", readers, all: 200)
            add("GET", "/plannen/:plan/versies", "/plannen/\(adopted)/versies", readers, all: 200)
            add("GET", "/gemeenten/:code/veiligheidsanalyse", "/gemeenten/GM0037/veiligheidsanalyse", signedIn, all: 200)
            add("GET", "/gemeenten/vergelijken", "/gemeenten/vergelijken?gemeente=GM0037", signedIn, all: 303)
            add("GET", "/gemeenten", "/gemeenten", signedIn, all: 200)
            add("GET", "/gemeenten/:code/veiligheidsanalyse/:file", "/gemeenten/GM0037/veiligheidsanalyse/woninginbraak.csv", signedIn, all: 200)
            add("GET", "/gemeenten/:code/wijken/:district/veiligheidsanalyse", "/gemeenten/GM0037/wijken/WK003701/veiligheidsanalyse", signedIn, all: 404)
            add("GET", "/gemeenten/:code/wijken/:district/veiligheidsanalyse/:file", "/gemeenten/GM0037/wijken/WK003701/veiligheidsanalyse/woninginbraak.csv", signedIn, all: 404)
            add("GET", "/samenwerkingsverbanden/:key/veiligheidsanalyse", "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse", signedIn, all: 200)
            add("GET", "/samenwerkingsverbanden/:key/veiligheidsanalyse/:file", "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse/woninginbraak.csv", signedIn, all: 200)
            add("GET", "/plannen/nieuw", "/plannen/nieuw", [.anonymous: 303, .officer: 200, .otherOfficer: 200], all: 403)
            add("POST", "/plannen/nieuw", "/plannen/nieuw", [.anonymous: post403, .officer: 422, .otherOfficer: 422], all: 403)
            add("GET", "/plannen/:plan/bewerken", "/plannen/\(draft)/bewerken", draftOnly, all: 404)
            add("GET", "/plannen/:plan/bewerken/**", "/plannen/\(draft)/bewerken/themas/woninginbraak", draftOnly, all: 404)
            // A form without the fingerprint of what it showed is treated as out of date: 409.
            add("POST", "/plannen/:plan/bewerken", "/plannen/\(draft)/bewerken", [.anonymous: post403, .officer: 409], all: 404)
            add("POST", "/plannen/:plan/bewerken/**", "/plannen/\(draft)/bewerken/themas/woninginbraak", [.anonymous: post403, .officer: 409], all: 404)
            // Everyone who reads the adopted plan reads its status; only its officers get the forms.
            add("GET", "/plannen/:plan/status", "/plannen/\(adopted)/status", readers, all: 200)
            add("GET", "/plannen/:plan/na-het-kopieren", "/plannen/\(draft)/na-het-kopieren?van=\(adopted)&datums=verschuiven", draftOnly, all: 404)
            add("POST", "/plannen/:plan/status", "/plannen/\(draft)/status", [.anonymous: post403, .officer: 400], all: 404)
            // Stadskanaal's plan is not a collaboration's: there is no other council's decision to add.
            add("POST", "/plannen/:plan/vaststellingen", "/plannen/\(adopted)/vaststellingen",
                [.anonymous: post403, .officer: 400, .otherOfficer: 404], all: 403)
            add("POST", "/plannen/:plan/nieuwe-versie", "/plannen/\(adopted)/nieuwe-versie",
                [.anonymous: post403, .officer: 422, .otherOfficer: 404], all: 403)
            add("GET", "/plannen/:plan/acties/:action/voortgang", "/plannen/\(adopted)/acties/\(policeAction)/voortgang",
                [.anonymous: 303, .officer: 200, .partner: 200, .otherOfficer: 404], all: 403)
            add("POST", "/plannen/:plan/acties/:action/voortgang", "/plannen/\(adopted)/acties/\(policeAction)/voortgang",
                [.anonymous: post403, .officer: 422, .partner: 422, .otherOfficer: 404], all: 403)
            add("GET", "/beheer/accounts", "/beheer/accounts", [.anonymous: 303, .administrator: 200], all: 403)
            add("POST", "/beheer/accounts/nieuw", "/beheer/accounts/nieuw", [.anonymous: post403, .administrator: 422], all: 403)
            // The administrator asks for an account of another municipality: it does not exist for them.
            add("POST", "/beheer/accounts/:id/:action", "/beheer/accounts/\(otherAccount.uuidString.lowercased())/uitschakelen",
                [.anonymous: post403, .administrator: 404], all: 403)
            add("GET", "/beheer/logboek", "/beheer/logboek", [.anonymous: 303, .administrator: 200], all: 403)
            // An empty form leaves the requirement off.
            add("POST", "/beheer/tweestapsverificatie", "/beheer/tweestapsverificatie", [.anonymous: post403, .administrator: 303], all: 403)
            add("POST", "/beheer/accounts/:id/wachtwoord", "/beheer/accounts/\(otherAccount.uuidString.lowercased())/wachtwoord",
                [.anonymous: post403, .administrator: 404], all: 403)
            // The pages per series and of the survey outcomes: no figures are imported here, so
            // they answer 404 to whoever may read the analysis (AnalysisTests shows them with figures).
            add("GET", "/plannen/:plan/veiligheidsanalyse/reeksen/:series", "/plannen/\(adopted)/veiligheidsanalyse/reeksen/woninginbraak", readers, all: 404)
            add("GET", "/plannen/:plan/veiligheidsanalyse/overige-cijfers", "/plannen/\(adopted)/veiligheidsanalyse/overige-cijfers", readers, all: 404)
            add("GET", "/gemeenten/:code/veiligheidsanalyse/reeksen/:series", "/gemeenten/GM0037/veiligheidsanalyse/reeksen/woninginbraak", signedIn, all: 404)
            add("GET", "/gemeenten/:code/veiligheidsanalyse/overige-cijfers", "/gemeenten/GM0037/veiligheidsanalyse/overige-cijfers", signedIn, all: 404)
            add("GET", "/gemeenten/:code/wijken/:district/veiligheidsanalyse/reeksen/:series", "/gemeenten/GM0037/wijken/WK003701/veiligheidsanalyse/reeksen/woninginbraak", signedIn, all: 404)
            add("GET", "/gemeenten/:code/wijken/:district/veiligheidsanalyse/overige-cijfers", "/gemeenten/GM0037/wijken/WK003701/veiligheidsanalyse/overige-cijfers", signedIn, all: 404)
            add("GET", "/samenwerkingsverbanden/:key/veiligheidsanalyse/reeksen/:series", "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse/reeksen/woninginbraak", signedIn, all: 404)
            add("GET", "/samenwerkingsverbanden/:key/veiligheidsanalyse/overige-cijfers", "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse/overige-cijfers", signedIn, all: 404)
            // Figures: the page and the status pages for the beheerder only; a file comes as
            // multipart, so a URL-encoded post (with a valid token) is refused as not an upload.
            add("GET", "/beheer/cijfers", "/beheer/cijfers", [.anonymous: 303, .administrator: 200], all: 403)
            add("POST", "/beheer/cijfers", "/beheer/cijfers", [.anonymous: post403, .administrator: 415], all: 403)
            add("GET", "/beheer/cijfers/inlezingen/:id", "/beheer/cijfers/inlezingen/\(otherAccount.uuidString.lowercased())",
                [.anonymous: 303, .administrator: 404], all: 403)
            add("GET", "/beheer/cijfers/tabellen/:table", "/beheer/cijfers/tabellen/47018NED", [.anonymous: 303, .administrator: 404], all: 403)
            // Running the plan (issue 15). The adopted plan has no programme in this fixture.
            let officerOnly: [Who: UInt] = [.anonymous: 303, .officer: 200, .otherOfficer: 404]
            let officerPost: (UInt) -> [Who: UInt] = { [.anonymous: post403, .officer: $0, .otherOfficer: 404] }
            add("GET", "/mijn-taken", "/mijn-taken", signedIn, all: 200)
            add("POST", "/account/email", "/account/email", [.anonymous: post403], all: 303)
            add("GET", "/plannen/:plan/uitvoering", "/plannen/\(adopted)/uitvoering", readers, all: 200)
            add("GET", "/plannen/:plan/uitvoering/themas/:theme", "/plannen/\(adopted)/uitvoering/themas/burenproblematiek", readers, all: 200)
            add("GET", "/plannen/:plan/uitvoering/gemeenten/:municipality", "/plannen/\(adopted)/uitvoering/gemeenten/GM0037", readers, all: 200)
            add("GET", "/plannen/:plan/uitvoering/instellingen", "/plannen/\(adopted)/uitvoering/instellingen", officerOnly, all: 403)
            add("POST", "/plannen/:plan/uitvoering/instellingen", "/plannen/\(adopted)/uitvoering/instellingen", officerPost(422), all: 403)
            // No programme: the activity does not exist for anyone.
            add("GET", "/plannen/:plan/uitvoering/activiteiten/:programme/:activity", "/plannen/\(adopted)/uitvoering/activiteiten/uitvoering-2024/iets",
                [.anonymous: 303], all: 404)
            add("POST", "/plannen/:plan/uitvoering/activiteiten/:programme/:activity", "/plannen/\(adopted)/uitvoering/activiteiten/uitvoering-2024/iets",
                [.anonymous: post403], all: 404)
            // An agreement without a programme is reported on directly; only its leader and the officers may.
            add("GET", "/plannen/:plan/uitvoering/afspraken/:agreement", "/plannen/\(adopted)/uitvoering/afspraken/\(policeAction)", readers, all: 200)
            add("POST", "/plannen/:plan/uitvoering/afspraken/:agreement", "/plannen/\(adopted)/uitvoering/afspraken/\(policeAction)",
                [.anonymous: post403, .officer: 422, .partner: 422, .otherOfficer: 404], all: 403)
            add("POST", "/plannen/:plan/uitvoering/updates/:number/beoordeling", "/plannen/\(adopted)/uitvoering/updates/1/beoordeling", officerPost(404), all: 403)
            add("GET", "/plannen/:plan/uitvoering/indicatoren/:indicator", "/plannen/\(adopted)/uitvoering/indicatoren/burenproblematiek-buurtbemiddelingszaken",
                readers, all: 200)
            add("POST", "/plannen/:plan/uitvoering/indicatoren/:indicator", "/plannen/\(adopted)/uitvoering/indicatoren/burenproblematiek-buurtbemiddelingszaken",
                officerPost(422), all: 403)
            add("GET", "/plannen/:plan/uitvoering/doelen/:goal", "/plannen/\(adopted)/uitvoering/doelen/burenproblematiek-vroeg-ingrijpen", officerOnly, all: 403)
            add("POST", "/plannen/:plan/uitvoering/doelen/:goal", "/plannen/\(adopted)/uitvoering/doelen/burenproblematiek-vroeg-ingrijpen", officerPost(422), all: 403)
            add("GET", "/plannen/:plan/kwaliteitstoets", "/plannen/\(adopted)/kwaliteitstoets", readers, all: 200)
            add("POST", "/plannen/:plan/kwaliteitstoets", "/plannen/\(adopted)/kwaliteitstoets", officerPost(400), all: 403)
            add("GET", "/plannen/:plan/programmas/nieuw", "/plannen/\(adopted)/programmas/nieuw", officerOnly, all: 403)
            add("POST", "/plannen/:plan/programmas/nieuw", "/plannen/\(adopted)/programmas/nieuw", officerPost(422), all: 403)
            add("GET", "/plannen/:plan/programmas/:programme", "/plannen/\(adopted)/programmas/uitvoering-2024", [.anonymous: 303], all: 404)
            add("POST", "/plannen/:plan/uitvoering/indicatoren/:indicator/open-data", "/plannen/\(adopted)/uitvoering/indicatoren/burenproblematiek-buurtbemiddelingszaken/open-data",
                officerPost(303), all: 403)
            add("POST", "/plannen/:plan/uitvoering/indicatoren/:indicator/register", "/plannen/\(adopted)/uitvoering/indicatoren/kwetsbare-personen-incidenten/register",
                officerPost(303), all: 403)
            add("GET", "/plannen/:plan/programmas/:programme/activiteiten/nieuw", "/plannen/\(adopted)/programmas/uitvoering-2024/activiteiten/nieuw",
                [.anonymous: 303, .officer: 404, .otherOfficer: 404], all: 403)
            add("POST", "/plannen/:plan/programmas/:programme/activiteiten/nieuw", "/plannen/\(adopted)/programmas/uitvoering-2024/activiteiten/nieuw", officerPost(404), all: 403)
            add("GET", "/plannen/:plan/programmas/:programme/activiteiten/:activity", "/plannen/\(adopted)/programmas/uitvoering-2024/activiteiten/iets",
                [.anonymous: 303, .officer: 404, .otherOfficer: 404], all: 403)
            add("POST", "/plannen/:plan/programmas/:programme/activiteiten/:activity", "/plannen/\(adopted)/programmas/uitvoering-2024/activiteiten/iets", officerPost(404), all: 403)
            add("POST", "/plannen/:plan/programmas/:programme/activiteiten/:activity/verwijderen", "/plannen/\(adopted)/programmas/uitvoering-2024/activiteiten/iets/verwijderen",
                officerPost(404), all: 403)
            // Council documents (issue 16): officers make, edit and send; the sent versions are for
            // every reader; a beheerder sets the house style.
            let packageStatus: UInt = PDFConverter().isAvailable ? 200 : 503
            add("GET", "/css/stuk.css", "/css/stuk.css", signedIn, all: 200)
            add("GET", "/plannen/:plan/stukken", "/plannen/\(adopted)/stukken", readers, all: 200)
            add("GET", "/plannen/:plan/stukken/:stuk/:format", "/plannen/\(adopted)/stukken/raadsvoorstel/html", officerOnly, all: 403)
            add("GET", "/plannen/:plan/stukken/:stuk/bewerken", "/plannen/\(adopted)/stukken/voortgangsrapportage-2024/bewerken", officerOnly, all: 403)
            // Without the revision the page showed, a save or send is refused as a conflict.
            add("POST", "/plannen/:plan/stukken/:stuk/bewerken", "/plannen/\(adopted)/stukken/voortgangsrapportage-2024/bewerken", officerPost(409), all: 403)
            add("POST", "/plannen/:plan/stukken/:stuk/verzenden", "/plannen/\(adopted)/stukken/voortgangsrapportage-2024/verzenden", officerPost(409), all: 403)
            add("GET", "/plannen/:plan/stukken/:stuk/versies", "/plannen/\(adopted)/stukken/voortgangsrapportage-2024/versies", [.anonymous: 303, .officer: 200], all: 404)
            add("GET", "/plannen/:plan/stukken/:stuk/versies/:version/:format", "/plannen/\(adopted)/stukken/plan/versies/1/pdf", [.anonymous: 303], all: 404)
            add("GET", "/plannen/:plan/raadspakket", "/plannen/\(adopted)/raadspakket", [.anonymous: 303, .officer: packageStatus, .otherOfficer: 404], all: 403)
            add("GET", "/plannen/:plan/raadspakket/:municipality", "/plannen/\(adopted)/raadspakket/GM0221", [.anonymous: 303, .officer: 404, .otherOfficer: 404], all: 403)
            add("GET", "/beheer/huisstijl", "/beheer/huisstijl", [.anonymous: 303, .administrator: 200], all: 403)
            add("POST", "/beheer/huisstijl", "/beheer/huisstijl", [.anonymous: post403, .administrator: 415], all: 403)
            add("POST", "/beheer/huisstijl/verwijderen", "/beheer/huisstijl/verwijderen", [.anonymous: post403, .administrator: 200], all: 403)
            add("POST", "/plannen/:plan/programmas/:programme/vaststellen", "/plannen/\(adopted)/programmas/uitvoering-2024/vaststellen", officerPost(404), all: 403)
            // The registers (issue 17): no register exists here, so every register address is
            // "not found" for everyone, exactly as for someone outside an existing one.
            let register = "/registers/6f1c2a4e-0000-4000-8000-000000000001"
            let record = "6f1c2a4e-0000-4000-8000-000000000002"
            add("GET", "/registers", "/registers", signedIn, all: 200)
            // Only an owner of a register answers a subject-access request; nobody owns one here.
            add("POST", "/registers/inzageverzoek", "/registers/inzageverzoek", [.anonymous: post403], all: 403)
            for (pattern, path) in [(":register", ""), (":register/signalen/nieuw", "/signalen/nieuw"), (":register/signalen/:record", "/signalen/\(record)"),
                                    (":register/casustafel/nieuw", "/casustafel/nieuw"), (":register/casustafel/:meeting", "/casustafel/\(record)"),
                                    (":register/incidenten/nieuw", "/incidenten/nieuw"), (":register/incidenten/:record", "/incidenten/\(record)")] {
                add("GET", "/registers/" + pattern, register + path, signedIn, all: 404)
            }
            for (pattern, path) in [(":register/zoeken", "/zoeken"), (":register/signalen", "/signalen"), (":register/signalen/:record/doorbreken", "/signalen/\(record)/doorbreken"),
                                    (":register/signalen/:record/status", "/signalen/\(record)/status"), (":register/signalen/:record/delen", "/signalen/\(record)/delen"),
                                    (":register/casustafel", "/casustafel"), (":register/casustafel/:meeting", "/casustafel/\(record)"),
                                    (":register/incidenten", "/incidenten"), (":register/incidenten/:record/doorbreken", "/incidenten/\(record)/doorbreken"),
                                    (":register/signalen/:record/bewaarplicht", "/signalen/\(record)/bewaarplicht"),
                                    (":register/signalen/:record/inzagebeperking", "/signalen/\(record)/inzagebeperking"),
                                    (":register/incidenten/:record/bewaarplicht", "/incidenten/\(record)/bewaarplicht"),
                                    (":register/incidenten/:record/inzagebeperking", "/incidenten/\(record)/inzagebeperking")] {
                add("POST", "/registers/" + pattern, register + path, [.anonymous: post403], all: 404)
            }
            add("GET", "/beheer/verwerkingsregister", "/beheer/verwerkingsregister", [.anonymous: 303, .administrator: 200], all: 403)
            add("GET", "/beheer/verwerkingsregister.csv", "/beheer/verwerkingsregister.csv", [.anonymous: 303, .administrator: 200], all: 403)
            return rules
        }

        @Test("Every route answers every role as its rule says, and every route has a rule")
        func everyRouteEveryRole() async throws {
            try await withTestApp { app in
                var adopted = try example("stadskanaal-2020-2024.yaml")
                // The action the police lead, so the partner has something of its own.
                adopted.modifyTheme(Key("burenproblematiek")!) { theme in
                    theme.actions.append(Action(key: Key(Self.policeAction)!, description: "Politie pakt burenruzies op", owner: Key("politie")!))
                }
                let draft = Plan(key: Key(Self.draft)!, title: "Proefplan", owner: adopted.owner, period: YearRange(first: 2025, last: 2028)!,
                                 themes: [Theme(key: Key("woninginbraak")!, title: "Woninginbraak", role: .priority)])
                _ = try await app.plans.save([adopted, draft, try example("basisteam-meierij-2023-2026.yaml"), try example("doetinchem-2020-2023.yaml")])

                let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)
                var accounts: [Who: Account] = [:]
                accounts[.administrator] = try await app.createAccount("beheer.a", stadskanaal, [.administrator])
                accounts[.officer] = try await app.createAccount("beleid.a", stadskanaal, [.policyOfficer])
                accounts[.reader] = try await app.createAccount("raad.a", stadskanaal, [.reader])
                accounts[.partner] = try await app.createAccount("politie.a", .organisation(Key("politie-noord-nederland")!), [.partner])
                accounts[.otherOfficer] = try await app.createAccount("beleid.b", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer])
                let rules = Self.rules(otherAccount: accounts[.otherOfficer]!.id)

                var seen: Set<String> = []
                for route in app.routes.all {
                    let pattern = "/" + route.path.map(\.description).joined(separator: "/")
                    let name = "\(route.method.rawValue) \(pattern == "/" ? "/" : pattern)"
                    guard let rule = rules[name] else {
                        Issue.record("Route \(name) has no rule in RouteAccessTests; decide who may use it.")
                        continue
                    }
                    seen.insert(name)
                    for who in Who.allCases {
                        var headers = HTTPHeaders()
                        var csrf = ""
                        if let account = accounts[who] {
                            // A fresh session per request: some routes (logging out) end theirs.
                            let (token, session) = try await SessionStore(database: app.db).create(for: account.id, secondFactorPending: false)
                            headers.add(name: .cookie, value: "\(sessionCookie)=\(token)")
                            csrf = session.csrfToken
                        }
                        let method = route.method
                        var body: ByteBuffer?
                        if method == .POST {
                            headers.contentType = .urlEncodedForm
                            body = ByteBuffer(string: csrf.isEmpty ? "" : "csrf=\(csrf)")
                        }
                        try await app.testing().test(method, rule.path, headers: headers, body: body) { res in
                            #expect(res.status.code == rule.expected(who), "\(name) as \(who): \(res.status.code), expected \(rule.expected(who))")
                            if res.status.code >= 400 {
                                #expect(res.body.string.contains("<html lang=\"nl\">"), "\(name) as \(who): a Dutch page")
                            }
                        }
                    }
                }
                #expect(seen.count == app.routes.all.count)
                for name in rules.keys where !seen.contains(name) {
                    Issue.record("Rule for \(name) matches no route; remove it.")
                }
            }
        }
    }
}
