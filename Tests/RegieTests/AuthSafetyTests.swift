import FluentKit
import Foundation
import NIOCore
import RegieCore
@testable import RegiePersistence
import RegieReports
@testable import RegieWeb
import Testing
import VaporTesting

/// Findings 3, 7, 8, 14 and 16 of the outside attack (issue 10) that need no database.
@Suite("Attack findings 3, 7, 8, 14, 16 without storage")
struct AuthSafetyUnitTests {
    /// Return addresses an attacker might send; every one must fall back to the start page.
    static let hostileReturns = [
        "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/%09/evil.example", "/%0A/evil.example",
        "/%0d%0a/evil.example", "/%2F/evil.example", "/%2F%2Fevil.example", "/%252F%252Fevil.example",
        "/%25252F%25252Fevil.example", "//evil.example", "///evil.example", "/\\evil.example", "/%5Cevil.example",
        "https://evil.example/", "evil.example", " /evil.example", "/ /evil.example", "/%20/evil.example",
        "/\u{00A0}/evil.example", "/\u{2028}/evil.example", "/%E2%80%A8/evil.example", "/%00/evil.example",
        "/\u{0}/evil.example", "/\u{7F}/evil.example", "/" + String(repeating: "a", count: 400), "/inloggen",
        "/inloggen/code", "/uitloggen", "/%", "/%G0", "\u{FF0F}\u{FF0F}evil.example",
    ]

    @Test("Return addresses: only a plain path on this site passes, raw or percent-encoded tricks fall back")
    func returnPathTable() {
        for hostile in Self.hostileReturns {
            #expect(ReturnPath.validated(hostile) == nil, "\(hostile.debugDescription)")
            #expect(ReturnPath.query(hostile) == "", "\(hostile.debugDescription)")
        }
        for fine in ["/", "/plannen/stadskanaal-2020-2024", "/plannen/x/bewerken/themas/y", "/plannen/x?deel=2", "/gemeenten/GM0037"] {
            #expect(ReturnPath.validated(fine) == fine)
        }
        #expect(ReturnPath.query("/plannen/x/samenvatting") == "?terug=/plannen/x/samenvatting")
        #expect(ReturnPath.query("/plannen/x?deel=2") == "?terug=/plannen/x%3Fdeel%3D2")
    }

    @Test("The login form token: made and signed by Regie, valid for two hours; planted, altered or foreign-key tokens fail")
    func loginFormToken() {
        let key = testKeys.loginForm
        let now = Date()
        let token = LoginFormToken.make(key: key, at: now)
        #expect(LoginFormToken.issued(token, key: key, now: now) != nil)
        #expect(LoginFormToken.issued(token, key: key, now: now.addingTimeInterval(3600)) != nil, "an older tab still works")
        #expect(LoginFormToken.issued(token, key: key, now: now.addingTimeInterval(LoginFormToken.lifetime + 1)) == nil, "expired")
        #expect(LoginFormToken.issued(token, key: RegieKeys.ephemeral().loginForm, now: now) == nil, "another key")
        #expect(LoginFormToken.issued(SessionStore.newToken() + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", key: key, now: now) == nil, "a planted value")
        var altered = Array(token)
        altered[10] = altered[10] == "A" ? "B" : "A"
        #expect(LoginFormToken.issued(String(altered), key: key, now: now) == nil, "one character changed")
        #expect(LoginFormToken.make(key: key, at: now) != token, "random per page")
    }

    @Test("Client addresses: IPv4 as it is, IPv6 by its /64, X-Forwarded-For only from a trusted proxy")
    func clientAddresses() {
        #expect(ClientAddress.normalised("192.0.2.7") == "192.0.2.7")
        #expect(ClientAddress.normalised("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(ClientAddress.normalised("2001:db8::1") == "2001:db8::1")
        #expect(ClientAddress.normalised("geen adres") == nil)
        #expect(ClientAddress.network("2001:db8:1:2:aaaa::1") == ClientAddress.network("2001:db8:1:2:bbbb::9"))
        #expect(ClientAddress.network("2001:db8:1:2::1") != ClientAddress.network("2001:db8:1:3::1"))
    }

    @Test("One master key, separate subkeys; a key file is made with mode 0600 and refused when others can read it")
    func keys() throws {
        let master = testKeys
        let bytes = { (key: SymmetricKey) in key.withUnsafeBytes { Data($0) } }
        #expect(Set([bytes(master.auditMAC), bytes(master.oneTimeSecrets), bytes(master.loginForm)]).count == 3)
        #expect(throws: KeyProblem.wrongLength(16)) { try RegieKeys(base64: Data(count: 16).base64EncodedString()) }
        #expect(throws: KeyProblem.notBase64) { try RegieKeys(base64: "geen base64!") }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regie-sleutel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("regie.sleutel").path
        let (created, wasCreated) = try KeyFile.loadOrCreate(path)
        #expect(wasCreated)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (again, createdAgain) = try KeyFile.loadOrCreate(path)
        #expect(!createdAgain)
        #expect(bytes(again.auditMAC) == bytes(created.auditMAC), "the same key on the next start")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: KeyProblem.tooOpen(path: path)) { try KeyFile.loadOrCreate(path) }
    }

    @Test("Configuration: PostgreSQL needs a key outside the database; the SQLite default puts key and anchors beside the file")
    func configuration() throws {
        #expect(throws: (any Error).self) { try RegieConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u:p@localhost/db"]) }
        #expect(throws: (any Error).self) {
            try RegieConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u:p@localhost/db", "REGIE_SLEUTEL": RegieKeys.newMasterKeyText()])
        }
        let withFile = try RegieConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u:p@localhost/db", "REGIE_SLEUTELBESTAND": "/geheim/regie.sleutel"])
        #expect(withFile.anchors == .file("/geheim/regie.anker"))
        let sqlite = try RegieConfiguration.fromEnvironment(["REGIE_SQLITE_PATH": "/data/regie.sqlite"])
        guard case .file(let keyPath) = sqlite.keys else { Issue.record("no key file for SQLite"); return }
        #expect(keyPath == "/data/regie.sleutel")
        #expect(sqlite.anchors == .file("/data/regie.anker"))
        #expect(throws: (any Error).self) {
            try RegieConfiguration.fromEnvironment(["REGIE_SLEUTEL": "x", "REGIE_SLEUTELBESTAND": "/y"])
        }
        #expect(throws: (any Error).self) { try RegieConfiguration.fromEnvironment(["REGIE_VERTROUWDE_PROXIES": "10.0.0.1, proxy.example"]) }
        #expect(try RegieConfiguration.fromEnvironment(["REGIE_VERTROUWDE_PROXIES": "10.0.0.1, ::1"]).trustedProxies == ["10.0.0.1", "::1"])
    }

    @Test("A one-time code's step is the latest that matches, one step either way")
    func oneTimeSteps() {
        let secret = Data("12345678901234567890".utf8).base32EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(OneTimeCodes.step(of: "287082", secret: secret, at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(OneTimeCodes.step(of: "287082", secret: secret, at: Date(timeIntervalSince1970: 89)) == 1)
        #expect(OneTimeCodes.step(of: "287082", secret: secret, at: Date(timeIntervalSince1970: 150)) == nil)
        #expect(OneTimeCodes.step(of: "28708", secret: secret, at: Date(timeIntervalSince1970: 59)) == nil)
    }
}

extension DatabaseTests {
    @Suite("Attack findings 3, 7, 8, 14, 16")
    struct AuthSafetyTests {
        static let stadskanaal = Tenant.municipality(MunicipalityCode("GM0037")!)

        // MARK: Helpers

        /// A request from `address`, as a real connection would bring it.
        func send(_ app: Application, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
                  from address: String = "192.0.2.10") async throws -> Response {
            try await app.asyncBoot()
            var headers = headers
            if body != nil, headers.contentType == nil { headers.contentType = .urlEncodedForm }
            let request = Request(application: app, method: method, url: URI(string: path), headers: headers, collectedBody: body,
                                  remoteAddress: try SocketAddress(ipAddress: address, port: 40_000), on: app.eventLoopGroup.next())
            return try await app.responder.respond(to: request).get()
        }

        /// The login page's token and the cookie header that goes with it.
        func loginForm(_ app: Application, cookie: String? = nil, from address: String = "192.0.2.10") async throws -> (token: String, cookie: String) {
            var headers = HTTPHeaders()
            if let cookie { headers.add(name: .cookie, value: cookie) }
            let res = try await send(app, .GET, "/inloggen", headers: headers, from: address)
            let token = res.headers.setCookie?[loginFormCookie]?.string ?? ""
            #expect(res.bodyText.contains("name=\"csrf\" value=\"\(token)\""))
            return (token, "\(loginFormCookie)=\(token)")
        }

        /// Posts the login form (with a fresh form token) and returns the response.
        func login(_ app: Application, _ username: String, _ password: String = testPassword, terug: String? = nil,
                   from address: String = "192.0.2.10") async throws -> Response {
            let (token, cookie) = try await loginForm(app, from: address)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: cookie)
            var fields = [("csrf", token), ("gebruikersnaam", username), ("wachtwoord", password)]
            if let terug { fields.append(("terug", terug)) }
            return try await send(app, .POST, "/inloggen", headers: headers, body: form(nil, fields), from: address)
        }

        /// A session waiting for its code, after the password step.
        func pendingSession(_ app: Application, _ username: String) async throws -> TestUser {
            let res = try await login(app, username)
            #expect(res.headers.first(name: .location) == "/inloggen/code")
            let token = try #require(res.headers.setCookie?[sessionCookie]?.string)
            return try await testUser(app, token: token)
        }

        func testUser(_ app: Application, token: String) async throws -> TestUser {
            let session = try #require(try await SessionStore(database: app.db).find(token: token))
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(sessionCookie)=\(token)")
            let account = try #require(try await app.accounts.account(session.accountID)?.0)
            return TestUser(account: account, csrf: session.csrfToken, headers: headers)
        }

        func postCode(_ app: Application, _ user: TestUser, _ code: String, query: String = "") async throws -> Response {
            try await send(app, .POST, "/inloggen/code" + query, headers: user.formHeaders, body: form(user, [("code", code)]))
        }

        /// An account with two-factor login on; returns it and its secret.
        func twoFactorAccount(_ app: Application, _ username: String) async throws -> (Account, String) {
            let account = try await app.createAccount(username, Self.stadskanaal, [.policyOfficer])
            let secret = OneTimeCodes.newSecret()
            try await app.accounts.setTOTPSecret(account.id, secret, acceptedStep: nil, audit: AuditEntry(
                actor: account.id, actorName: account.displayName, municipalities: [], action: .twoFactorEnabled, object: username, subject: account.id))
            return (account, secret)
        }

        // MARK: 3. The two-factor lockout binds the account; a code works once; turning it off asks for both factors

        @Test("Five wrong codes lock the account: other waiting sessions accept no code, not even the right one, until the lock ends")
        func lockBindsTheAccount() async throws {
            try await withTestApp { app in
                let (account, secret) = try await twoFactorAccount(app, "beleid.tweestaps")
                let first = try await pendingSession(app, "beleid.tweestaps")
                let second = try await pendingSession(app, "beleid.tweestaps")
                for attempt in 1...5 {
                    let res = try await postCode(app, first, "000000" == OneTimeCodes.code(secret: secret) ? "111111" : "000000")
                    #expect(res.status == .unauthorized, "attempt \(attempt)")
                }
                #expect(try await app.accounts.account(account.id)?.1.isLocked(at: Date()) == true)
                // The second session, opened before the lock, now gets nowhere with the right code.
                let res = try await postCode(app, second, try #require(OneTimeCodes.code(secret: secret)))
                #expect(res.status != .seeOther)
                #expect(res.headers.setCookie?[sessionCookie] == nil)
                #expect(try await SessionStore(database: app.db).find(token: second.headers.first(name: .cookie)!.components(separatedBy: "=")[1]) == nil,
                        "locking ended the waiting session")
                // A session that slipped in around the lock: the right code is refused and the session ends.
                let (token, _) = try await SessionStore(database: app.db).create(for: account.id, secondFactorPending: true)
                let late = try await testUser(app, token: token)
                let refused = try await postCode(app, late, try #require(OneTimeCodes.code(secret: secret)))
                #expect(refused.status == .unauthorized)
                #expect(refused.bodyText.contains("tijdelijk) geblokkeerd"))
                #expect(try await SessionStore(database: app.db).find(token: token) == nil)
                #expect(try await app.accounts.account(account.id)?.0.lastLogin == nil, "never logged in")
                let trail = try await app.accounts.auditTrail(about: account.id, byOthers: false, limit: 20).map(\.entry)
                #expect(trail.contains { $0.action == .accountLocked })
                #expect(trail.contains { $0.object == "code tijdens blokkade" })

                // When the lock has ended, the password and the right code work again.
                try await AccountRecord.query(on: app.db).filter(\.$id == account.id).set(\.$lockedUntil, to: Date().addingTimeInterval(-1)).update()
                let again = try await pendingSession(app, "beleid.tweestaps")
                let done = try await postCode(app, again, try #require(OneTimeCodes.code(secret: secret)))
                #expect(done.status == .seeOther)
                #expect(done.headers.first(name: .location) == "/")
            }
        }

        @Test("A code is accepted once: the same code, or one of an earlier step, is refused afterwards, also from another session")
        func codeWorksOnce() async throws {
            try await withTestApp { app in
                let (_, secret) = try await twoFactorAccount(app, "beleid.eenmalig")
                let now = Date()
                let code = try #require(OneTimeCodes.code(secret: secret, at: now))
                let earlier = try #require(OneTimeCodes.code(secret: secret, at: now.addingTimeInterval(-30)))
                let first = try await pendingSession(app, "beleid.eenmalig")
                #expect(try await postCode(app, first, code).status == .seeOther)
                let second = try await pendingSession(app, "beleid.eenmalig")
                for replay in Set([code, earlier]) {
                    let res = try await postCode(app, second, replay)
                    #expect(res.status == .unauthorized)
                    // On a loaded machine the 30-second step can pass during the test: the earlier
                    // code then falls outside the accepted window and is refused as wrong instead.
                    let step = { (date: Date) in Int(date.timeIntervalSince1970) / 30 }
                    if step(Date()) == step(now) || replay == code {
                        #expect(res.bodyText.contains("Deze code is al gebruikt") || step(Date()) > step(now) + 1)
                    }
                }
                let session = try await SessionStore(database: app.db).find(token: second.headers.first(name: .cookie)!.components(separatedBy: "=")[1])
                #expect(session?.secondFactorPending == true, "still waiting for a fresh code")
            }
        }

        @Test("Two sessions sending the same right code at the same moment: exactly one gets in")
        func simultaneousCodes() async throws {
            try await withTestApp { app in
                let (_, secret) = try await twoFactorAccount(app, "beleid.tegelijk")
                let one = try await pendingSession(app, "beleid.tegelijk")
                let two = try await pendingSession(app, "beleid.tegelijk")
                let code = try #require(OneTimeCodes.code(secret: secret))
                async let a = postCode(app, one, code)
                async let b = postCode(app, two, code)
                let statuses = try await [a.status, b.status]
                #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            }
        }

        @Test("Turning two-factor login off asks for the password and a current code")
        func disablingNeedsBothFactors() async throws {
            try await withTestApp { app in
                let (account, secret) = try await twoFactorAccount(app, "beleid.uitzetten")
                let (token, session) = try await SessionStore(database: app.db).create(for: account.id, secondFactorPending: false)
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(sessionCookie)=\(token)")
                let user = TestUser(account: account, csrf: session.csrfToken, headers: headers)
                let page = try await send(app, .GET, "/account", headers: headers)
                #expect(page.bodyText.contains("name=\"wachtwoord\""))
                #expect(page.bodyText.contains("name=\"code\""))
                let code = try #require(OneTimeCodes.code(secret: secret))
                for (password, typed, field) in [("", "", "wachtwoord"), ("niet mijn wachtwoord", code, "wachtwoord"), (testPassword, "000000" == code ? "111111" : "000000", "code")] {
                    let res = try await send(app, .POST, "/account/tweestapsverificatie/uitzetten", headers: user.formHeaders,
                                             body: form(user, [("wachtwoord", password), ("code", typed)]))
                    #expect(res.status == .unprocessableEntity, "\(field)")
                    #expect(res.bodyText.contains(field == "code" ? "Deze code klopt niet" : "Uw wachtwoord klopt niet"))
                    #expect(try await app.accounts.account(account.id)?.0.twoFactorEnabled == true)
                }
                let res = try await send(app, .POST, "/account/tweestapsverificatie/uitzetten", headers: user.formHeaders,
                                         body: form(user, [("wachtwoord", testPassword), ("code", code)]))
                #expect(res.status == .seeOther)
                #expect(try await app.accounts.account(account.id)?.0.twoFactorEnabled == false)
            }
        }

        // MARK: 8. Return addresses

        @Test("Hostile return addresses fall back to / in the Location after the password step and after the code step")
        func hostileReturnAddresses() async throws {
            try await withTestApp { app in
                app.security.maxFailedLoginsPerAddress = 1_000
                _ = try await app.createAccount("beleid.terug", Self.stadskanaal, [.policyOfficer])
                let (account, secret) = try await twoFactorAccount(app, "beleid.code")
                for hostile in AuthSafetyUnitTests.hostileReturns {
                    let plain = try await login(app, "beleid.terug", terug: hostile)
                    #expect(plain.headers.first(name: .location) == "/", "after the password: \(hostile.debugDescription)")
                    let pending = try await login(app, "beleid.code", terug: hostile)
                    #expect(pending.headers.first(name: .location) == "/inloggen/code", "to the code step: \(hostile.debugDescription)")
                    let user = try await testUser(app, token: try #require(pending.headers.setCookie?[sessionCookie]?.string))
                    let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    let page = try await send(app, .GET, "/inloggen/code?terug=" + encoded, headers: user.headers)
                    #expect(!page.bodyText.contains("terug="), "the code form does not carry it: \(hostile.debugDescription)")
                    // Every round needs a fresh code: forget the step used before.
                    try await AccountRecord.query(on: app.db).filter(\.$id == account.id).set(\.$totpLastStep, to: nil).update()
                    let done = try await postCode(app, user, try #require(OneTimeCodes.code(secret: secret)), query: "?terug=" + encoded)
                    #expect(done.headers.first(name: .location) == "/", "after the code: \(hostile.debugDescription)")
                }
                // A safe address still leads back, through both steps.
                #expect(try await login(app, "beleid.terug", terug: "/plannen/x").headers.first(name: .location) == "/plannen/x")
                let pending = try await login(app, "beleid.code", terug: "/plannen/x")
                #expect(pending.headers.first(name: .location) == "/inloggen/code?terug=/plannen/x")
                // The login page never offers a hostile address back either.
                let page = try await send(app, .GET, "/inloggen?terug=%2F%09%2Fevil.example")
                #expect(!page.bodyText.contains("name=\"terug\""))
                // Sent away to log in from a path that decodes to //: no return address at all.
                let away = try await send(app, .GET, "/plannen/%2F%2Fevil.example")
                #expect(away.headers.first(name: .location) == "/inloggen")
            }
        }

        // MARK: 14. The login form's token comes from the server only; __Host- cookies

        @Test("A planted login-form cookie is never reused or accepted; Regie's own token works, also from an older tab")
        func plantedLoginToken() async throws {
            try await withTestApp { app in
                _ = try await app.createAccount("beleid.token", Self.stadskanaal, [.policyOfficer])
                let planted = String(repeating: "A", count: 43)
                let page = try await send(app, .GET, "/inloggen", headers: ["Cookie": "\(loginFormCookie)=\(planted)"])
                let issued = try #require(page.headers.setCookie?[loginFormCookie])
                #expect(issued.string != planted, "a value Regie did not make is replaced")
                #expect(!page.bodyText.contains(planted))
                #expect(issued.isSecure && issued.isHTTPOnly && issued.path == "/" && issued.domain == nil, "__Host- needs Secure, Path=/ and no Domain")
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(loginFormCookie)=\(planted)")
                let forged = try await send(app, .POST, "/inloggen", headers: headers,
                                            body: form(nil, [("csrf", planted), ("gebruikersnaam", "beleid.token"), ("wachtwoord", testPassword)]))
                #expect(forged.status == .forbidden)
                #expect(forged.headers.setCookie?[sessionCookie] == nil)
                // A validly made token of another key, or an expired one of this key: refused too.
                for token in [LoginFormToken.make(key: RegieKeys.ephemeral().loginForm),
                              LoginFormToken.make(key: testKeys.loginForm, at: Date().addingTimeInterval(-3 * 3600))] {
                    var headers = HTTPHeaders()
                    headers.add(name: .cookie, value: "\(loginFormCookie)=\(token)")
                    let res = try await send(app, .POST, "/inloggen", headers: headers,
                                             body: form(nil, [("csrf", token), ("gebruikersnaam", "beleid.token"), ("wachtwoord", testPassword)]))
                    #expect(res.status == .forbidden)
                }
                // An older tab: the second login page keeps the first one's token, and it logs in.
                let (token, cookie) = try await loginForm(app)
                let (again, _) = try await loginForm(app, cookie: cookie)
                #expect(again == token)
                var valid = HTTPHeaders()
                valid.add(name: .cookie, value: cookie)
                let ok = try await send(app, .POST, "/inloggen", headers: valid,
                                        body: form(nil, [("csrf", token), ("gebruikersnaam", "beleid.token"), ("wachtwoord", testPassword)]))
                #expect(ok.status == .seeOther)
                let session = try #require(ok.headers.setCookie?[sessionCookie])
                #expect(session.isSecure && session.path == "/" && session.domain == nil, "the session cookie is a __Host- cookie too")
            }
        }

        // MARK: 16. User names, throttling, resets by the beheerder, TOTP secrets at rest

        @Test("A taken user name gets the same refusal wherever it is taken, is recorded, and after five a day the beheerder pauses")
        func userNameProbing() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.probe", Self.stadskanaal, [.administrator])
                _ = try await app.createAccount("eigen.collega", Self.stadskanaal, [.reader])
                _ = try await app.createAccount("elders.bekend", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer])
                func create(_ name: String) async throws -> Response {
                    try await send(app, .POST, "/beheer/accounts/nieuw", headers: admin.formHeaders,
                                   body: form(admin, [("naam", "Nieuwe Collega"), ("gebruikersnaam", name), ("rollen", "reader"),
                                                      ("wachtwoord", "een lange zin als eerste wachtwoord")]))
                }
                let own = try await create("eigen.collega")
                let elsewhere = try await create("elders.bekend")
                #expect(own.status == .unprocessableEntity && elsewhere.status == .unprocessableEntity)
                let refusal = "Deze gebruikersnaam is niet beschikbaar"
                #expect(own.bodyText.contains(refusal) && elsewhere.bodyText.contains(refusal))
                #expect(!elsewhere.bodyText.contains("bestaat al"))
                #expect(!elsewhere.bodyText.contains("GM0222"))
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 20).map(\.entry)
                #expect(trail.filter { $0.action == .usernameRefused && $0.actor == admin.account.id }.count == 2)
                for n in 0..<3 { _ = try await create(n == 0 ? "elders.bekend" : "eigen.collega") }
                // Five refusals today: no more accounts from this beheerder until tomorrow, whatever the name.
                let paused = try await create("nog.vrij")
                #expect(paused.status == .tooManyRequests)
                #expect(paused.bodyText.contains("tot morgen geen accounts aanmaken"))
                #expect(try await app.accounts.account(named: "nog.vrij") == nil)
            }
        }

        @Test("Failed logins from one address are throttled with a Dutch 429; X-Forwarded-For counts only from a trusted proxy")
        func loginThrottle() async throws {
            try await withTestApp { app in
                app.security.maxFailedLoginsPerAddress = 3
                _ = try await app.createAccount("beleid.rem", Self.stadskanaal, [.policyOfficer])
                for n in 0..<3 {
                    #expect(try await login(app, "niemand.\(n)", "fout wachtwoord", from: "198.51.100.1").status == .unauthorized)
                }
                let blocked = try await login(app, "beleid.rem", testPassword, from: "198.51.100.1")
                #expect(blocked.status == .tooManyRequests)
                #expect(blocked.bodyText.contains("Vanaf uw adres is te vaak zonder succes geprobeerd in te loggen"))
                #expect(Int(blocked.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
                #expect(blocked.headers.setCookie?[sessionCookie] == nil)
                // Another address is not affected; a forwarded header from an untrusted client changes nothing.
                #expect(try await login(app, "beleid.rem", testPassword, from: "198.51.100.2").status == .seeOther)
                let (token, cookie) = try await loginForm(app, from: "198.51.100.1")
                let spoofed = try await send(app, .POST, "/inloggen", headers: ["Cookie": cookie, "X-Forwarded-For": "203.0.113.9"],
                                             body: form(nil, [("csrf", token), ("gebruikersnaam", "beleid.rem"), ("wachtwoord", testPassword)]),
                                             from: "198.51.100.1")
                #expect(spoofed.status == .tooManyRequests)
                // Behind a trusted proxy the client is the address it forwards.
                app.storage[TrustedProxiesKey.self] = ["10.0.0.1"]
                for n in 0..<3 {
                    let (token, cookie) = try await loginForm(app, from: "10.0.0.1")
                    _ = try await send(app, .POST, "/inloggen", headers: ["Cookie": cookie, "X-Forwarded-For": "203.0.113.5"],
                                       body: form(nil, [("csrf", token), ("gebruikersnaam", "niemand.p\(n)"), ("wachtwoord", "fout")]), from: "10.0.0.1")
                }
                func viaProxy(_ client: String) async throws -> HTTPStatus {
                    let (token, cookie) = try await loginForm(app, from: "10.0.0.1")
                    return try await send(app, .POST, "/inloggen", headers: ["Cookie": cookie, "X-Forwarded-For": "\(client), 10.0.0.1"],
                                          body: form(nil, [("csrf", token), ("gebruikersnaam", "beleid.rem"), ("wachtwoord", testPassword)]),
                                          from: "10.0.0.1").status
                }
                #expect(try await viaProxy("203.0.113.5") == .tooManyRequests)
                #expect(try await viaProxy("203.0.113.6") == .seeOther)
            }
        }

        @Test("Failed logins of unknown names are counted, not one entry each; the interval becomes one entry in the trail")
        func unknownNamesCounted() async throws {
            try await withTestApp { app in
                app.security.maxFailedLoginsPerAddress = 1_000
                let before = try await app.accounts.auditTrail(for: nil, limit: 1_000).count
                for n in 0..<30 { _ = try await login(app, "bestaat.niet.\(n)", "fout wachtwoord") }
                // At most one entry (when the 30 tries happened to straddle the hour), not thirty.
                #expect(try await app.accounts.auditTrail(for: nil, limit: 1_000).count <= before + 1, "no entry per guess")
                #expect(try await app.accounts.pendingUnknownLogins() >= 1)
                // The next interval's first failure writes the ended intervals' counts.
                try await app.accounts.recordUnknownLogin(at: Date().addingTimeInterval(2 * 3600))
                let summaries = try await app.accounts.auditTrail(for: nil, limit: 1_000).map(\.entry).filter { $0.action == .unknownLoginsCounted }
                #expect((1...2).contains(summaries.count))
                let counted = summaries.compactMap { $0.after.first { $0.label == "Aantal" }.flatMap { Int($0.value) } }.reduce(0, +)
                #expect(counted == 30)
                #expect(summaries.allSatisfy { $0.object.contains("mislukte inlogpogingen met een gebruikersnaam zonder account") })
                #expect(try await app.accounts.pendingUnknownLogins() == 1)
                #expect(try await app.accounts.checkWholeAuditChain().intact)
            }
        }

        @Test("A temporary password from the beheerder: in the trail as a reset of that account by the beheerder, and shown to the holder at the next login")
        func resetIsShownToTheHolder() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.reset", Self.stadskanaal, [.administrator])
                let officer = try await app.createAccount("beleid.reset", Self.stadskanaal, [.policyOfficer])
                let temporary = "tijdelijk wachtwoord voor vandaag"
                let res = try await send(app, .POST, "/beheer/accounts/\(officer.id.uuidString.lowercased())/wachtwoord", headers: admin.formHeaders,
                                         body: form(admin, [("tijdelijk-wachtwoord", temporary)]))
                #expect(res.status == .seeOther)
                let trail = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 10).map(\.entry)
                let reset = try #require(trail.first { $0.action == .passwordReset })
                #expect(reset.actor == admin.account.id && reset.subject == officer.id)
                let logboek = try await send(app, .GET, "/beheer/logboek", headers: admin.headers)
                #expect(logboek.bodyText.contains("wachtwoord opnieuw ingesteld door een ander"))

                let login = try await login(app, "beleid.reset", temporary)
                #expect(login.headers.first(name: .location) == "/account", "first to the account page")
                let holder = try await testUser(app, token: try #require(login.headers.setCookie?[sessionCookie]?.string))
                let page = try await send(app, .GET, "/account", headers: holder.headers).bodyText
                #expect(page.contains("Uw wachtwoord is op "))
                #expect(page.contains("door Test beheer.reset opnieuw ingesteld"))
                #expect(page.contains("meld het dan"))
                #expect(page.contains("Door anderen aan uw account gedaan"))
                #expect(page.contains("wachtwoord opnieuw ingesteld door een ander"))
                #expect(!page.contains("<td>ingelogd</td>"), "the holder's own logins are not in that list")
            }
        }

        @Test("TOTP secrets are stored sealed with AES-GCM; plain ones from before still work and the migration seals them")
        func secretsSealed() async throws {
            try await withTestApp { app in
                let (account, secret) = try await twoFactorAccount(app, "beleid.geheim")
                let stored = try #require(try await AccountRecord.find(account.id, on: app.db)?.totpSecret)
                #expect(stored.hasPrefix("enc1:"))
                #expect(!stored.contains(secret))
                #expect(try await app.accounts.account(account.id)?.1.totpSecret == secret)
                // A sealed secret copied to another account does not open there.
                let other = try await app.createAccount("beleid.ander", Self.stadskanaal, [.policyOfficer])
                try await AccountRecord.query(on: app.db).filter(\.$id == other.id).set(\.$totpSecret, to: stored).update()
                await #expect(throws: (any Error).self) { try await app.accounts.account(other.id) }
                // A plain secret, as before migration 010: read as it is, and a login with its code works.
                let plain = OneTimeCodes.newSecret()
                try await AccountRecord.query(on: app.db).filter(\.$id == other.id).set(\.$totpSecret, to: plain).update()
                #expect(try await app.accounts.account(other.id)?.1.totpSecret == plain)
                let pending = try await pendingSession(app, "beleid.ander")
                #expect(try await postCode(app, pending, try #require(OneTimeCodes.code(secret: plain))).status == .seeOther)
                // The migration seals it, its revert opens it again; the first account's stays as it was.
                let migration = EncryptOneTimeSecrets(box: SecretBox(key: testKeys.oneTimeSecrets))
                try await migration.prepare(on: app.db)
                let sealed = try #require(try await AccountRecord.find(other.id, on: app.db)?.totpSecret)
                #expect(sealed.hasPrefix("enc1:"))
                #expect(try await app.accounts.account(other.id)?.1.totpSecret == plain)
                #expect(try await AccountRecord.find(account.id, on: app.db)?.totpSecret == stored)
                try await migration.revert(on: app.db)
                #expect(try await AccountRecord.find(other.id, on: app.db)?.totpSecret == plain)
                try await migration.prepare(on: app.db)
            }
        }

        // MARK: 7. The audit chain: keyed, anchored, checked as a whole

        func entry(_ n: Int, municipality: String = "GM0037") -> AuditEntry {
            AuditEntry(actor: nil, actorName: "test", municipalities: [MunicipalityCode(municipality)!], action: .planPartChanged, object: "regel \(n)")
        }

        @Test("An entry rewritten and the chain hashed again after it (plain SHA-256, or HMAC with another key) is found")
        func rehashedEntries() async throws {
            for attack in ["sha256", "anderesleutel"] {
                try await withTestApp { app in
                    for n in 1...6 { try await app.accounts.record(entry(n)) }
                    #expect(try await app.accounts.checkWholeAuditChain().intact)
                    // Someone with write access to the database, but not the key, changes entry 3 and
                    // recomputes every hash from there, the way the old chain allowed.
                    let records = try await AuditRecord.query(on: app.db).sort(\.$sequence).all()
                    let foreign = RegieKeys.ephemeral().auditMAC
                    var previous = records[1].hash
                    for record in records[2...] {
                        if record.sequence == 3 { record.object = "vervalst" }
                        if attack == "sha256" { record.scheme = AuditWriter.legacyScheme }
                        record.hash = AuditWriter.hash(record, previous: previous, key: foreign)
                        previous = record.hash
                        try await record.update(on: app.db)
                    }
                    let check = try await app.accounts.checkWholeAuditChain()
                    #expect(!check.intact)
                    #expect(check.firstProblem?.sequence == 3, "\(attack)")
                    #expect(AuditTexts.check(check).contains { $0.contains("Eerste regel die niet klopt: regel 3") })
                    let shown = try await app.accounts.auditTrail(for: MunicipalityCode("GM0037")!, limit: 10)
                    #expect(shown.first { $0.sequence == 3 }?.intact == false)
                }
            }
        }

        @Test("Removing the newest entries is found: the anchored head is missing")
        func removedNewestEntries() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regie-anker-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let anchorPath = folder.appendingPathComponent("regie.anker").path
            try await withTestApp(anchors: .file(anchorPath)) { app in
                for n in 1...5 { try await app.accounts.record(entry(n)) }
                let first = try await app.accounts.checkWholeAuditChain()
                #expect(first.intact && first.headSequence == 5)
                // The check recorded the head outside the database.
                let lines = try String(contentsOfFile: anchorPath, encoding: .utf8).split(separator: "\n")
                #expect(lines.last?.hasPrefix("regie-anker 1 5 2 ") == true)
                try await AuditRecord.query(on: app.db).filter(\.$sequence >= 4).delete()
                let check = try await app.accounts.checkWholeAuditChain()
                #expect(check.firstProblem == nil, "what is left fits together")
                #expect(check.newestRemoved && check.highestAnchored == 5 && check.headSequence == 3)
                #expect(AuditTexts.check(check).contains { $0.hasPrefix("De nieuwste regels zijn verwijderd") })
                // The trail page says so too.
                let admin = try await app.signIn("beheer.anker", Self.stadskanaal, [.administrator])
                let page = try await send(app, .GET, "/beheer/logboek", headers: admin.headers).bodyText
                #expect(page.contains("De nieuwste regels zijn verwijderd"))
                // A line added to the anchor file by someone without the key is noticed.
                try "regie-anker 1 9 2 \(String(repeating: "0", count: 64)) 0 \(String(repeating: "f", count: 64))\n"
                    .appendLine(to: anchorPath)
                #expect(try await app.accounts.checkWholeAuditChain().anchorProblems.contains { $0.kind == .anchorForged })
            }
        }

        @Test("Heads are anchored every hundred entries without any check")
        func periodicAnchors() async throws {
            try await withTestApp { app in
                for n in 1...230 { try await app.accounts.record(entry(n)) }
                let anchors = try app.auditChain.recordedAnchors()
                #expect(anchors.count == 2, "\(anchors.map(\.anchor.sequence))")
                #expect(anchors.allSatisfy { $0.genuine })
                #expect(anchors.map(\.anchor.sequence) == [100, 200])
            }
        }

        @Test("Entries of the old SHA-256 chain stay verifiable, and a rewrite of one is found through the keyed entry after them")
        func legacyEntries() async throws {
            try await withTestApp { app in
                var previous = ""
                for n in 1...3 {
                    let record = AuditRecord()
                    record.sequence = n
                    record.scheme = AuditWriter.legacyScheme
                    record.at = Date(timeIntervalSince1970: 1_790_000_000 + Double(n))
                    record.actorName = "opdrachtregel"
                    record.municipalities = ",GM0037,"
                    record.action = AuditAction.accountCreated.rawValue
                    record.object = "account oud.\(n)"
                    record.before = "[]"
                    record.after = "[]"
                    record.hash = AuditWriter.hash(record, previous: previous, key: testKeys.auditMAC)
                    previous = record.hash
                    try await record.create(on: app.db)
                }
                for n in 4...5 { try await app.accounts.record(entry(n)) }
                let check = try await app.accounts.checkWholeAuditChain()
                #expect(check.intact)
                #expect(check.legacyEntries == 3)
                let keyed = try await AuditRecord.query(on: app.db).filter(\.$sequence == 4).first()
                #expect(keyed?.scheme == AuditWriter.keyedScheme)
                // Rewriting old entry 2 and hashing 2 and 3 again, as SHA-256 allows: entry 4's MAC no longer fits.
                let old = try await AuditRecord.query(on: app.db).filter(\.$sequence <= 3).sort(\.$sequence).all()
                old[1].object = "vervalst"
                old[1].hash = AuditWriter.hash(old[1], previous: old[0].hash, key: testKeys.auditMAC)
                old[2].hash = AuditWriter.hash(old[2], previous: old[1].hash, key: testKeys.auditMAC)
                try await old[1].update(on: app.db)
                try await old[2].update(on: app.db)
                #expect(try await app.accounts.checkWholeAuditChain().firstProblem?.sequence == 4)
            }
        }

        @Test("The beheerder's trail page checks the whole chain, not only the 300 entries it shows, and from a marker afterwards")
        func trailPageChecksEverything() async throws {
            try await withTestApp { app in
                let admin = try await app.signIn("beheer.keten", Self.stadskanaal, [.administrator])
                for n in 1...320 { try await app.accounts.record(entry(n)) }
                let intact = try await send(app, .GET, "/beheer/logboek", headers: admin.headers).bodyText
                #expect(intact.contains("Het logboek is in orde"))
                let marker = try #require(try await AuditCheckRecord.query(on: app.db).first())
                #expect(marker.verifiedThrough == 321)
                // Entries after the marker are checked from it, not from the first.
                try await app.accounts.record(entry(321))
                let status = try await app.accounts.auditChainStatus(fullCheckAfter: 3600)
                #expect(status.check.intact && status.check.checkedFrom == 322 && status.check.entriesChecked == 1)
                // An old entry, far from the newest 300, is changed in the database; the next whole check finds it.
                try await AuditRecord.query(on: app.db).filter(\.$sequence == 3).set(\.$object, to: "vervalst").update()
                app.security.fullAuditCheckInterval = 0
                let page = try await send(app, .GET, "/beheer/logboek", headers: admin.headers).bodyText
                #expect(page.contains("Het logboek klopt niet"))
                #expect(page.contains("Eerste regel die niet klopt: regel 3"))
            }
        }

        @Test("regie audit controleer: reads the whole chain of a database file with its key file, reports the first broken entry, and refuses a lost key")
        func commandLineCheck() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regie-controle-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("regie.sqlite").path
            let configuration = try RegieConfiguration.fromEnvironment(["REGIE_SQLITE_PATH": database])
            let app = try await Application.makeRegie(configuration, environment: .testing)
            do {
                for n in 1...1_500 { try await app.accounts.record(entry(n)) }
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            let keyFile = folder.appendingPathComponent("regie.sleutel").path
            #expect(FileManager.default.fileExists(atPath: keyFile), "the key file was made beside the database")
            #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)

            let report = try await RegieRuntime.checkAuditTrail(configuration)
            #expect(report.intact)
            #expect(report.lines.first == "Het logboek is in orde: alle 1.500 regels kloppen met de keten en met de vastgelegde ankers.")

            let tamper = try await Application.makeRegie(configuration, environment: .testing)
            try await AuditRecord.query(on: tamper.db).filter(\.$sequence == 2).set(\.$actorName, to: "iemand anders").update()
            try await tamper.asyncShutdown()
            let broken = try await RegieRuntime.checkAuditTrail(configuration)
            #expect(!broken.intact)
            #expect(broken.lines.contains("Eerste regel die niet klopt: regel 2 (de inhoud of de controlewaarde is gewijzigd)."))

            // The key file lost: Regie does not start with a new key on a database sealed with the old one.
            try FileManager.default.removeItem(atPath: keyFile)
            await #expect(throws: (any Error).self) { try await RegieRuntime.checkAuditTrail(configuration) }
            #expect(!FileManager.default.fileExists(atPath: keyFile), "the new key file was removed again")
        }
    }
}

private extension String {
    func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}

private extension Response {
    /// The body as text (empty when there is none).
    var bodyText: String { body.string ?? "" }
}
