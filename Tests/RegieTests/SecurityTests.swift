import Foundation
import Logging
import RegieCore
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    /// Logging in, sessions, CSRF, and the attacks the issue lists: each refused with the right
    /// status and a Dutch page, and nothing changed.
    @Suite("Accounts and security")
    struct SecurityTests {
        static let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)

        /// The login form's CSRF token and cookie.
        func loginToken(_ app: Application) async throws -> (token: String, cookie: String) {
            var result = ("", "")
            try await app.testing().test(.GET, "/inloggen") { res in
                let cookie = res.headers.setCookie?[loginFormCookie]?.string ?? ""
                result = (cookie, "\(loginFormCookie)=\(cookie)")
                #expect(res.body.string.contains("value=\"\(cookie)\""))
            }
            return result
        }

        func login(_ app: Application, _ username: String, _ password: String) async throws -> (status: HTTPStatus, session: String?, body: String, location: String?) {
            let (token, cookie) = try await loginToken(app)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: cookie)
            headers.contentType = .urlEncodedForm
            var result: (HTTPStatus, String?, String, String?) = (.ok, nil, "", nil)
            try await app.testing().test(.POST, "/inloggen", headers: headers,
                                         body: form(nil, [("csrf", token), ("gebruikersnaam", username), ("wachtwoord", password)])) { res in
                result = (res.status, res.headers.setCookie?[sessionCookie]?.string, res.body.string, res.headers.first(name: .location))
                if let session = res.headers.setCookie?[sessionCookie] {
                    #expect(session.isHTTPOnly && session.isSecure && session.sameSite == .lax, "secure, HttpOnly, SameSite cookie")
                }
            }
            return result
        }

        @Test("A right password signs in with a secure session cookie; a wrong one gets one Dutch message and no session")
        func loginAndWrongPassword() async throws {
            try await withTestApp { app in
                _ = try await app.createAccount("beleid.a", Self.stadskanaal, [.policyOfficer])
                let good = try await login(app, "beleid.a", testPassword)
                #expect(good.status == .seeOther)
                let session = try #require(good.session)
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(sessionCookie)=\(session)")
                try await app.testing().test(.GET, "/account", headers: headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("beleid.a"))
                }
                let wrong = try await login(app, "beleid.a", "niet het goede wachtwoord")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.session == nil)
                #expect(wrong.body.contains("De gebruikersnaam of het wachtwoord klopt niet"))
                let unknown = try await login(app, "niemand", "niet het goede wachtwoord")
                #expect(unknown.status == .unauthorized)
                #expect(unknown.body.contains("De gebruikersnaam of het wachtwoord klopt niet"), "the same message: no hint which names exist")
            }
        }

        @Test("Five wrong passwords lock the account; then even the right one is refused, and the beheerder sees it in the trail")
        func lockout() async throws {
            try await withTestApp { app in
                _ = try await app.createAccount("beleid.a", Self.stadskanaal, [.policyOfficer])
                for _ in 0..<5 { _ = try await login(app, "beleid.a", "fout fout fout fout") }
                let locked = try await login(app, "beleid.a", testPassword)
                #expect(locked.status == .unauthorized)
                #expect(locked.session == nil)
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 50)
                #expect(trail.contains { $0.entry.action == .accountLocked })
                #expect(trail.filter { $0.entry.action == .loginFailed }.count >= 4)
                #expect(trail.allSatisfy { $0.intact }, "the chain of the trail holds")
            }
        }

        @Test("The login form needs its CSRF token, and goes back only to an address on this site")
        func loginCSRFAndReturn() async throws {
            try await withTestApp { app in
                _ = try await app.createAccount("beleid.a", Self.stadskanaal, [.policyOfficer])
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                try await app.testing().test(.POST, "/inloggen", headers: headers,
                                             body: form(nil, [("gebruikersnaam", "beleid.a"), ("wachtwoord", testPassword)])) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("Dit formulier is verlopen of komt niet van Regie"))
                    #expect(res.headers.setCookie?[sessionCookie] == nil)
                }
                let (token, cookie) = try await loginToken(app)
                headers.add(name: .cookie, value: cookie)
                for (target, expected) in [("//evil.example/", "/"), ("/plannen/x", "/plannen/x"), ("https://evil.example", "/")] {
                    try await app.testing().test(.POST, "/inloggen", headers: headers,
                                                 body: form(nil, [("csrf", token), ("gebruikersnaam", "beleid.a"), ("wachtwoord", testPassword), ("terug", target)])) { res in
                        #expect(res.headers.first(name: .location) == expected)
                    }
                }
            }
        }

        @Test("A session ends after 30 minutes without activity; a post then changes nothing and says why")
        func expiredSession() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                #expect(SecuritySettings().idleTimeout == 30 * 60)
                // Time does not pass in a test: every moment without a request counts as too long.
                app.security.idleTimeout = 0
                try await app.testing().test(.GET, "/plannen/\(plan.key)/bewerken", headers: officer.headers) { res in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location)?.hasPrefix("/inloggen?terug=/plannen/\(plan.key)/bewerken") == true)
                    #expect(res.headers.first(name: .location)?.contains("verlopen=1") == true)
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: officer.formHeaders,
                                             body: form(officer, [("titel", "Gewijzigd")])) { res in
                    // The session is gone, so its CSRF token is no longer valid either.
                    #expect(res.status == .forbidden || res.status == .unauthorized)
                    #expect(res.body.string.contains("<html lang=\"nl\">"))
                }
                #expect(try await app.plans.plan(plan.key)?.title == plan.title)
            }
        }

        @Test("Missing or wrong CSRF token: 403 and nothing changed")
        func csrf() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let page = try await editorPage(app, officer, plan.key)
                for token in ["", "verkeerd"] {
                    try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: officer.formHeaders,
                                                 body: form(nil, [("csrf", token), ("vorige", page.fingerprint), ("titel", "Gekaapt")])) { res in
                        #expect(res.status == .forbidden)
                        #expect(res.body.string.contains("Dit formulier is verlopen of komt niet van Regie"))
                    }
                }
                #expect(try await app.plans.plan(plan.key)?.title == plan.title)
            }
        }

        @Test("Script typed into a field is stored as text and shown escaped")
        func scriptIsText() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let page = try await editorPage(app, officer, plan.key, "/themas/woninginbraak")
                let script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: officer.formHeaders,
                                             body: form(officer, [("vorige", page.fingerprint), ("titel", script), ("rol", "priority")])) { res in
                    #expect(res.status == .seeOther)
                }
                #expect(try await app.plans.plan(plan.key)?.themes[0].title == script)
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/woninginbraak", headers: officer.headers) { res in
                    #expect(!res.body.string.contains("<script>alert"))
                    #expect(!res.body.string.contains("<img src=x"))
                    #expect(res.body.string.contains("&lt;script&gt;alert"))
                }
            }
        }

        @Test("Over-long input and a missing title: 422, Dutch messages by the fields, typed text kept, nothing changed")
        func badInputKeepsTyping() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let officer = try await app.officer(for: plan)
                let page = try await editorPage(app, officer, plan.key)
                let long = String(repeating: "lang ", count: 5_000)
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: officer.formHeaders,
                                             body: form(officer, [("vorige", page.fingerprint), ("titel", ""), ("soort", "integralSafetyPlan"),
                                                                  ("periode", "2027-2024"), ("voorwoord", long), ("inleiding", "Mijn getypte inleiding")])) { res in
                    #expect(res.status == .unprocessableEntity)
                    let body = res.body.string
                    #expect(body.contains("Vul titel in; dit veld is verplicht."))
                    #expect(body.contains("ligt het laatste jaar voor het eerste"))
                    #expect(body.contains("in dit veld passen er maximaal 20.000"))
                    #expect(body.contains("aria-invalid=\"true\""))
                    #expect(body.contains("Mijn getypte inleiding"), "what was typed stays in the form")
                    #expect(body.contains("href=\"#veld-titel\""), "the summary links to the field")
                }
                #expect(try await app.plans.plan(plan.key) == plan)
            }
        }

        @Test("Two people edit the same part: the second save is refused with the other's version, the first's work stays")
        func concurrentEdits() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let anna = try await app.officer(for: plan)
                let bert = try await app.signIn("beleid.bert", .municipality(plan.owner.municipalities[0].code), [.policyOfficer])
                let annasForm = try await editorPage(app, anna, plan.key, "/themas/woninginbraak")
                let bertsForm = try await editorPage(app, bert, plan.key, "/themas/woninginbraak")
                // Someone changes another part in between: that is no conflict.
                let planForm = try await editorPage(app, bert, plan.key)
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: bert.formHeaders,
                                             body: form(bert, [("vorige", planForm.fingerprint), ("titel", "Veilig Proefstad"), ("soort", "integralSafetyPlan"),
                                                               ("periode", "2024-2027"), ("monitoring", "Jaarlijks verslag aan de raad.")])) { res in
                    #expect(res.status == .seeOther)
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: anna.formHeaders,
                                             body: form(anna, [("vorige", annasForm.fingerprint), ("titel", "Woninginbraak en diefstal"), ("rol", "priority")])) { res in
                    #expect(res.status == .seeOther)
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: bert.formHeaders,
                                             body: form(bert, [("vorige", bertsForm.fingerprint), ("titel", "Inbraak"), ("rol", "priority"), ("samenvatting", "Bert typte dit")])) { res in
                    #expect(res.status == .conflict)
                    let body = res.body.string
                    #expect(body.contains("Iemand anders heeft dit onderdeel intussen gewijzigd"))
                    #expect(body.contains("Woninginbraak en diefstal"), "the other's version is shown")
                    #expect(body.contains("Bert typte dit"), "Bert's typing is kept")
                }
                let stored = try #require(try await app.plans.plan(plan.key))
                #expect(stored.themes[0].title == "Woninginbraak en diefstal")
                #expect(stored.monitoring == "Jaarlijks verslag aan de raad.")
            }
        }

        @Test("Saves of different parts at the same moment both land: no update is lost", arguments: [1, 2, 3])
        func simultaneousSaves(round: Int) async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let anna = try await app.officer(for: plan)
                let bert = try await app.signIn("beleid.bert", .municipality(plan.owner.municipalities[0].code), [.policyOfficer])
                let themeForm = try await editorPage(app, anna, plan.key, "/themas/woninginbraak")
                let goalForm = try await editorPage(app, bert, plan.key, "/themas/woninginbraak/doelen/minder-inbraken")
                let tester = try app.testing()
                async let first: HTTPStatus = {
                    var status = HTTPStatus.ok
                    try await tester.test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: anna.formHeaders,
                                          body: form(anna, [("vorige", themeForm.fingerprint), ("titel", "Inbraak \(round)"), ("rol", "priority")])) { status = $0.status }
                    return status
                }()
                async let second: HTTPStatus = {
                    var status = HTTPStatus.ok
                    try await tester.test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak/doelen/minder-inbraken", headers: bert.formHeaders,
                                          body: form(bert, [("vorige", goalForm.fingerprint), ("titel", "Minder inbraken \(round)")])) { status = $0.status }
                    return status
                }()
                let statuses = try await [first, second]
                #expect(statuses == [.seeOther, .seeOther])
                let stored = try #require(try await app.plans.stored(plan.key))
                #expect(stored.plan.themes[0].title == "Inbraak \(round)")
                #expect(stored.plan.themes[0].goals[0].title == "Minder inbraken \(round)")
                #expect(stored.revision == 3)
            }
        }

        @Test("A reader posting to an edit address, and an officer of another municipality guessing a draft: refused, nothing changed")
        func wrongTenantsAndRoles() async throws {
            try await withTestApp { app in
                let plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let code = plan.owner.municipalities[0].code
                let officer = try await app.officer(for: plan)
                let page = try await editorPage(app, officer, plan.key)
                let reader = try await app.signIn("raad.a", .municipality(code), [.reader])
                let stranger = try await app.signIn("beleid.b", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer])
                let body = [("vorige", page.fingerprint), ("titel", "Overgenomen"), ("soort", "integralSafetyPlan"), ("periode", "2024-2027")]
                // The draft does not exist for either of them: 404, as for a plan that does not exist.
                for user in [reader, stranger] {
                    try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken", headers: user.formHeaders, body: form(user, body)) { res in
                        #expect(res.status == .notFound)
                        #expect(res.body.string.contains("Pagina niet gevonden"))
                    }
                    for path in ["/plannen/\(plan.key)", "/plannen/\(plan.key)/planbestand.yaml", "/plannen/\(plan.key)/themas/woninginbraak"] {
                        try await app.testing().test(.GET, path, headers: user.headers) { res in #expect(res.status == .notFound, "\(path)") }
                    }
                    try await app.testing().test(.GET, "/", headers: user.headers) { res in
                        #expect(!res.body.string.contains(plan.title), "a draft is not listed")
                    }
                }
                #expect(try await app.plans.plan(plan.key) == plan)
            }
        }

        @Test("An adopted plan: readers see it without contact persons, cannot edit; the partner updates only its own action")
        func adoptedPlanAndPartner() async throws {
            try await withTestApp { app in
                var plan = try example("stadskanaal-2020-2024.yaml")
                let theme = plan.themes[0].key
                plan.modifyTheme(theme) { theme in
                    theme.actions.append(Action(key: Key("politie-actie")!, description: "Extra surveillance", owner: Key("politie")!))
                    theme.actions.append(Action(key: Key("gemeente-actie")!, description: "Brief aan bewoners", owner: Key("gemeente")!))
                }
                _ = try await app.plans.save(plan)
                let reader = try await app.signIn("raad.a", Self.stadskanaal, [.reader])
                let partner = try await app.signIn("politie.a", .organisation(Key("politie-noord-nederland")!), [.partner])
                let other = try await app.signIn("woco.a", .organisation(Key("woningcorporatie-x")!), [.partner])
                try await app.testing().test(.GET, "/plannen/\(plan.key)/partners", headers: reader.headers) { res in
                    #expect(res.status == .ok)
                    for contact in plan.partners.flatMap(\.contacts) { #expect(!res.body.string.contains(escaped(contact.name)), "no personal data for readers") }
                    #expect(!res.body.string.contains("Bewerken"))
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)/bewerken", headers: reader.headers) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("Geen toegang"))
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/\(theme)", headers: partner.headers) { res in
                    #expect(res.body.string.contains("/plannen/\(plan.key)/acties/politie-actie/voortgang"))
                    #expect(!res.body.string.contains("/plannen/\(plan.key)/acties/gemeente-actie/voortgang"))
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/acties/gemeente-actie/voortgang", headers: partner.formHeaders,
                                             body: form(partner, [("status", "completed"), ("voortgang", "Gedaan")])) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("alleen de voortgang bijwerken van acties die uw organisatie trekt"))
                }
                try await app.testing().test(.GET, "/plannen/\(plan.key)", headers: other.headers) { res in
                    #expect(res.status == .notFound, "a partner not in the plan does not see it")
                }
                try await app.testing().test(.POST, "/plannen/\(plan.key)/acties/politie-actie/voortgang", headers: partner.formHeaders,
                                             body: form(partner, [("status", "inProgress"), ("voortgang", "Twee avonden per week extra surveillance.")])) { res in
                    #expect(res.status == .seeOther)
                }
                let stored = try #require(try await app.plans.plan(plan.key))
                let actions = stored.themes[0].actions
                #expect(actions.first { $0.key.rawValue == "politie-actie" }?.status == .inProgress)
                #expect(actions.first { $0.key.rawValue == "gemeente-actie" }?.status == .planned)
                try await app.testing().test(.GET, "/plannen/\(plan.key)/themas/\(theme)", headers: reader.headers) { res in
                    #expect(res.body.string.contains("Twee avonden per week extra surveillance."))
                }
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 10)
                let update = try #require(trail.first { $0.entry.action == .actionProgressUpdated })
                #expect(update.entry.actorName == "Test politie.a")
                #expect(update.entry.after.contains(AuditValue("Stand van zaken", "In uitvoering")) || update.entry.after.contains { $0.label == "Stand van zaken" })
            }
        }

        @Test("Two-factor login: set up with a code from the app, then every login asks for it")
        func twoFactor() async throws {
            try await withTestApp { app in
                let user = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                var secret = ""
                try await app.testing().test(.GET, "/account/tweestapsverificatie", headers: user.headers) { res in
                    let body = res.body.string
                    let marker = "name=\"sleutel\" value=\""
                    let range = try #require(body.range(of: marker))
                    secret = String(body[range.upperBound...].prefix { $0 != "\"" })
                    #expect(body.contains("otpauth://totp/Regie:beleid.a?secret=\(secret)"))
                }
                try await app.testing().test(.POST, "/account/tweestapsverificatie", headers: user.formHeaders,
                                             body: form(user, [("sleutel", secret), ("code", "000000")])) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.body.string.contains("Deze code klopt niet"))
                }
                let code = try #require(OneTimeCodes.code(secret: secret))
                try await app.testing().test(.POST, "/account/tweestapsverificatie", headers: user.formHeaders,
                                             body: form(user, [("sleutel", secret), ("code", code)])) { res in
                    #expect(res.status == .seeOther)
                }
                let first = try await login(app, "beleid.a", testPassword)
                #expect(first.location == "/inloggen/code")
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(sessionCookie)=\(first.session ?? "")")
                try await app.testing().test(.GET, "/plannen/nieuw", headers: headers) { res in
                    #expect(res.status == .seeOther, "nothing but the code page before the second step")
                    #expect(res.headers.first(name: .location) == "/inloggen/code")
                }
                let session = try #require(try await SessionStore(database: app.db).find(token: first.session ?? ""))
                var form2 = headers
                form2.contentType = .urlEncodedForm
                let pending = TestUser(account: user.account, csrf: session.csrfToken, headers: headers)
                try await app.testing().test(.POST, "/inloggen/code", headers: form2, body: form(pending, [("code", "123456")])) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.body.string.contains("Deze code klopt niet"))
                }
                // The code that turned it on is used up; the app's next code (one step ahead is allowed) logs in.
                try await app.testing().test(.POST, "/inloggen/code", headers: form2,
                                             body: form(pending, [("code", OneTimeCodes.code(secret: secret, at: Date().addingTimeInterval(30)) ?? "")])) { res in
                    #expect(res.status == .seeOther)
                }
                try await app.testing().test(.GET, "/plannen/nieuw", headers: headers) { res in #expect(res.status == .ok) }
            }
        }

        @Test("A beheerder can require two-factor login: accounts without it set it up before anything else, and cannot turn it off")
        func requiredTwoFactor() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.a", Self.stadskanaal, [.administrator])
                let officer = try await app.signIn("beleid.a", Self.stadskanaal, [.policyOfficer])
                let other = try await app.signIn("beleid.b", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer])
                try await app.testing().test(.POST, "/beheer/tweestapsverificatie", headers: admin.formHeaders,
                                             body: form(admin, [("verplicht", "ja")])) { res in #expect(res.status == .seeOther) }
                try await app.testing().test(.GET, "/plannen/nieuw", headers: officer.headers) { res in
                    #expect(res.headers.first(name: .location) == "/account/tweestapsverificatie")
                }
                try await app.testing().test(.POST, "/plannen/nieuw", headers: officer.formHeaders, body: form(officer, [("titel", "x")])) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("Uw gemeente vraagt tweestapsverificatie"))
                }
                try await app.testing().test(.GET, "/plannen/nieuw", headers: other.headers) { res in
                    #expect(res.status == .ok, "another municipality decides for itself")
                }
                var secret = ""
                try await app.testing().test(.GET, "/account/tweestapsverificatie", headers: officer.headers) { res in
                    #expect(res.body.string.contains("Uw gemeente vraagt tweestapsverificatie van elk account"))
                    let body = res.body.string
                    let range = try #require(body.range(of: "name=\"sleutel\" value=\""))
                    secret = String(body[range.upperBound...].prefix { $0 != "\"" })
                }
                try await app.testing().test(.POST, "/account/tweestapsverificatie", headers: officer.formHeaders,
                                             body: form(officer, [("sleutel", secret), ("code", OneTimeCodes.code(secret: secret) ?? "")])) { res in
                    #expect(res.status == .seeOther)
                }
                try await app.testing().test(.GET, "/plannen/nieuw", headers: officer.headers) { res in #expect(res.status == .ok) }
                try await app.testing().test(.POST, "/account/tweestapsverificatie/uitzetten", headers: officer.formHeaders, body: form(officer, [])) { res in
                    #expect(res.status == .forbidden)
                }
                #expect(try await app.accounts.account(officer.account.id)?.0.twoFactorEnabled == true)
            }
        }

        @Test("RFC 6238 test vector: the SHA-1 secret 12345678901234567890 gives 287082 at 59 s (last six digits)")
        func totpVector() throws {
            let secret = Data("12345678901234567890".utf8).base32EncodedString().replacingOccurrences(of: "=", with: "")
            #expect(OneTimeCodes.code(secret: secret, at: Date(timeIntervalSince1970: 59)) == "287082")
            #expect(OneTimeCodes.verify("287082", secret: secret, at: Date(timeIntervalSince1970: 59 + 30)), "one step of clock difference")
            #expect(!OneTimeCodes.verify("287082", secret: secret, at: Date(timeIntervalSince1970: 59 + 90)))
        }
    }
}


/// Every log line the application writes, with its metadata, for checking what logs contain.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: "\n") }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            capture.append("\(level) \(message) \(self.metadata.merging(explicit ?? [:]) { $1 })")
        }
    }
}

extension DatabaseTests.SecurityTests {
    @Test("Logs carry no user names, passwords or form content, even on failures; debug logging is refused")
    func logsWithoutPersonalData() async throws {
        try await withTestApp { app in
            #expect(app.logger.logLevel >= .info, "debug lines describe queries with their values")
            let capture = LogCapture()
            // The level Regie enforces (info); the capture sees every line at that level and above.
            app.logger = Logger(label: "regie-test") { _ in LogCapture.Handler(capture: capture) }
            let plan = try PlanFileReader.read(minimalPlanFile)
            _ = try await app.plans.save(plan)
            _ = try await app.createAccount("piet.geheim", Self.stadskanaal, [.policyOfficer])
            _ = try await login(app, "piet.geheim", "Mijn-Geheime-Wachtwoordzin")
            _ = try await login(app, "onbekende.persoon", "Nog-Een-Geheime-Zin")
            let officer = try await app.officer(for: plan)
            let page = try await editorPage(app, officer, plan.key, "/themas/woninginbraak")
            try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: officer.formHeaders,
                                         body: form(officer, [("vorige", page.fingerprint), ("titel", "Vertrouwelijke titel Jansen"),
                                                              ("rol", "priority"), ("samenvatting", String(repeating: "x", count: 30_000))])) { res in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.POST, "/plannen/\(plan.key)/bewerken/themas/woninginbraak", headers: officer.formHeaders,
                                         body: form(officer, [("vorige", page.fingerprint), ("titel", "Vertrouwelijke titel Jansen"), ("rol", "priority")])) { res in
                #expect(res.status == .seeOther)
            }
            let logs = capture.all
            #expect(!logs.isEmpty, "the capture works")
            for secret in ["piet.geheim", "Mijn-Geheime-Wachtwoordzin", "onbekende.persoon", "Nog-Een-Geheime-Zin", "Vertrouwelijke titel", "Jansen", "xxxxxxxxxx"] {
                #expect(!logs.contains(secret), "\(secret) appears in the logs")
            }
        }
    }
}
