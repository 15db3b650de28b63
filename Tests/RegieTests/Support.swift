import Foundation
import RegieCore
import NIOCore
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

/// The repository's root, found from this file, so tests can read `examples/`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Paths of the example plan files.
func examplePaths() throws -> [String] {
    try PlanFiles.examples(in: repositoryRoot.appendingPathComponent("examples").path)
}

/// Reads an example plan by file name, failing the test when it does not read.
func example(_ name: String) throws -> Plan {
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("examples/\(name)"))
    return try PlanFileReader.read(data)
}

/// The text of an example plan file.
func exampleText(_ name: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("examples/\(name)"), encoding: .utf8)
}

/// The first `lines` lines of `text`, each with its line end: a file cut off at a line end,
/// which reads as valid YAML.
func firstLines(_ text: String, _ lines: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n") + "\n"
}

/// The problems `text` has as a plan file; empty when it reads.
func problems(in text: String) -> [PlanFileProblem] {
    do {
        _ = try PlanFileReader.read(text)
        return []
    } catch {
        return error.problems
    }
}

/// The database the persistence and web tests run on: in-memory SQLite, or PostgreSQL when
/// `REGIE_TEST_DATABASE_URL` is set (as `.ci/run` does in its second pass).
var testDatabase: DatabaseLocation {
    if let url = ProcessInfo.processInfo.environment["REGIE_TEST_DATABASE_URL"], !url.isEmpty,
       let location = DatabaseLocation.from(url: url) {
        return location
    }
    return .sqliteMemory
}

/// The session cookie and the login form's cookie, with the `__Host-` prefix browsers enforce.
let sessionCookie = "__Host-regie_sessie"
let loginFormCookie = "__Host-regie_inlogformulier"

/// One fixed master key for every test run: on PostgreSQL a test reverts what the test before
/// it migrated, the TOTP encryption included, which needs the same key. Not a secret: it guards
/// nothing but test databases.
let testKeys = RegieKeys(master: SymmetricKey(data: SHA256.hash(data: Data("regie-testsleutel".utf8))))

/// Builds the application on a fresh, migrated test database, runs `body`, shuts down.
/// `anchors` is where the audit chain's heads go (in memory unless a test gives a file).
func withTestApp(anchors: RegieConfiguration.AnchorLocation = .memory, _ body: (Application) async throws -> Void) async throws {
    let location = testDatabase
    let app = try await Application.makeRegie(RegieConfiguration(database: location, keys: .fixed(testKeys), anchors: anchors),
                                              environment: .testing, migrate: false)
    do {
        if location.isPostgres {
            // One shared server: start every test from an empty schema.
            try await app.autoRevert()
        }
        try await app.autoMigrate()
        try await body(app)
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// A small valid plan file to vary in tests. It ends with a line end, as every saved plan file
/// does (a file whose last, indented line has none reads as cut off).
let minimalPlanFile = """
sleutel: proefstad-2024-2027
soort: integraal-veiligheidsplan
titel: Veilig Proefstad
eigenaar:
  gemeente: { code: GM9999, naam: Proefstad, inwoners: 12000 }
periode: 2024-2027
status: concept
themas:
  - sleutel: woninginbraak
    titel: Woninginbraak
    rol: prioriteit
    doelen:
      - sleutel: minder-inbraken
        titel: Minder woninginbraken
    acties:
      - sleutel: buurtpreventie
        omschrijving: Buurtpreventieteams ondersteunen
        planning: 2025
        trekker: gemeente
        partners: [politie]
        doel: minder-inbraken
partners:
  - sleutel: gemeente
    naam: Gemeente Proefstad
    soort: gemeente
  - sleutel: politie
    naam: Politie basisteam
    soort: politie

"""

/// A signed-in test account: the cookie header for its session and the session's CSRF token.
struct TestUser {
    var account: Account
    var csrf: String
    var headers: HTTPHeaders

    /// Headers for a form post: the session cookie and the form content type.
    var formHeaders: HTTPHeaders {
        var headers = headers
        headers.contentType = .urlEncodedForm
        return headers
    }
}

/// The password every test account gets; its hash is made once (bcrypt is slow on purpose).
let testPassword = "lange zin als test wachtwoord"
let testPasswordHash: String = try! Passwords.hash(testPassword)

extension Application {
    /// Creates an account (and its municipality or organisation when missing) with a session,
    /// without going through the login form.
    func signIn(_ username: String, _ tenant: Tenant, _ roles: Set<Role>) async throws -> TestUser {
        let account = try await createAccount(username, tenant, roles)
        let (token, session) = try await SessionStore(database: db).create(for: account.id, secondFactorPending: false)
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(sessionCookie)=\(token)")
        return TestUser(account: account, csrf: session.csrfToken, headers: headers)
    }

    func createAccount(_ username: String, _ tenant: Tenant, _ roles: Set<Role>) async throws -> Account {
        switch tenant {
        case .municipality(let code):
            try await accounts.ensure(Municipality(code: code, name: "Gemeente \(code.rawValue)"))
        case .organisation(let key):
            if try await accounts.organisation(key) == nil {
                try await accounts.save(Organisation(key: key, name: "Organisatie \(key.rawValue)", type: .police))
            }
        }
        let account = Account(id: UUID(), username: username, displayName: "Test \(username)", tenant: tenant, roles: roles)
        try await accounts.create(account, passwordHash: testPasswordHash,
                                  audit: AuditEntry(actor: nil, actorName: "test", municipalities: [], action: .accountCreated, object: username))
        return account
    }

    /// A policy officer of the plan's (first) municipality, made once per municipality.
    func officer(for plan: Plan) async throws -> TestUser {
        let code = plan.owner.municipalities[0].code
        let username = "beleid.\(code.rawValue.lowercased())"
        if let existing = testUsers.value[username] { return existing }
        let user = try await signIn(username, .municipality(code), [.policyOfficer])
        testUsers.value[username] = user
        return user
    }

    private var testUsers: TestUserCache {
        if let cache = storage[TestUserCacheKey.self] { return cache }
        let cache = TestUserCache()
        storage[TestUserCacheKey.self] = cache
        return cache
    }
}

final class TestUserCache: @unchecked Sendable { var value: [String: TestUser] = [:] }
struct TestUserCacheKey: StorageKey { typealias Value = TestUserCache }

/// A form body with the CSRF token, URL-encoded.
func form(_ user: TestUser?, _ fields: [(String, String)]) -> ByteBuffer {
    let all = (user.map { [("csrf", $0.csrf)] } ?? []) + fields
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    let text = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&")
    return ByteBuffer(string: text)
}

/// Posts a form as `user`: the status, the body and the redirect target.
func post(_ app: Application, _ user: TestUser, _ path: String, _ fields: [(String, String)]) async throws -> (HTTPStatus, String, String) {
    var result: (HTTPStatus, String, String) = (.ok, "", "")
    try await app.testing().test(.POST, path, headers: user.formHeaders, body: form(user, fields)) { res in
        result = (res.status, res.body.string, res.headers.first(name: .location) ?? "")
    }
    return result
}

/// The editor page's fingerprint and body.
func editorPage(_ app: Application, _ user: TestUser, _ key: Key, _ path: String = "") async throws -> (fingerprint: String, body: String) {
    var result = ("", "")
    try await app.testing().test(.GET, "/plannen/\(key)/bewerken\(path)", headers: user.headers) { res in
        #expect(res.status == .ok)
        let body = res.body.string
        let marker = "name=\"vorige\" value=\""
        if let range = body.range(of: marker) {
            result.0 = String(body[range.upperBound...].prefix { $0 != "\"" })
        }
        result.1 = body
    }
    return result
}
