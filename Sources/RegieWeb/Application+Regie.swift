import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import RegieCore
import RegiePersistence
import RegieRegisters
import SQLKit
import RegieReports
import Vapor

extension Application {
    /// Builds a Regie application: database, migrations, middleware and routes. Production, the
    /// command line and the tests all start here.
    ///
    /// `announce` receives the Dutch lines for the person who starts Regie (a new key file, the
    /// number of migration steps run); without it they go to the log as notices.
    public static func makeRegie(_ configuration: RegieConfiguration, environment: Environment,
                                 migrate: Bool = true, announce: (@Sendable (String) -> Void)? = nil) async throws -> Application {
        let app = try await Application.make(environment)
        do {
            try await app.configureRegie(configuration, migrate: migrate, announce: announce)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    func configureRegie(_ configuration: RegieConfiguration, migrate: Bool, announce: (@Sendable (String) -> Void)? = nil) async throws {
        // No personal data in logs: below info, lines carry query values.
        if !configuration.allowDebugLogs, logger.logLevel < .info { logger.logLevel = .info }
        let logger = self.logger
        let announce = announce ?? { logger.notice("\($0)") }
        // Fluent's English lines per migration step ("Starting prepare") only in debug logs; the
        // person starting Regie gets one Dutch line when something was migrated.
        fluent.migrationLogLevel = .debug
        regieToday = configuration.today
        databases.use(try configuration.database.configuration(), as: configuration.database.isPostgres ? .psql : .sqlite)

        // The keys outside the database (docs/adr/0008): audit MAC, TOTP encryption, login form.
        let (keys, createdKeyFile) = try configuration.loadKeys()
        if let createdKeyFile {
            announce("Nieuw sleutelbestand aangemaakt: \(createdKeyFile) (alleen leesbaar voor de eigenaar). Bewaar het apart van de database en maak er een reservekopie van: zonder dit bestand werkt de tweestapsverificatie niet meer en is het logboek niet meer te controleren.")
        }
        let anchors: any AuditAnchorStore = switch configuration.anchors {
        case .file(let path): AnchorFile(path: path)
        case .memory: MemoryAnchors()
        }
        storage[RegieKeysKey.self] = keys
        // The register keys (docs/adr/0015): a missing or wrong key file stops the start.
        let (registerKeys, createdRegisterKeyFile) = try configuration.loadRegisterKeys()
        storage[RegisterKeysKey.self] = registerKeys
        storage[AuditChainKey.self] = AuditChain(key: keys.auditMAC, anchors: anchors)
        storage[LoginThrottleKey.self] = LoginThrottle()
        storage[TrustedProxiesKey.self] = Set(configuration.trustedProxies.compactMap(ClientAddress.normalised))

        if case .sqliteFile = configuration.database, let sql = db as? any SQLDatabase {
            // Write-ahead logging: readers (the web pages) are never blocked by a writer (an
            // import in another process), and a writer holds the lock only while it commits.
            // The mode is kept in the file; setting it again changes nothing.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        migrations.add(RegieMigrations.all(keys: keys))
        if migrate {
            try await migrator.setupIfNeeded().get()
            let steps = try await migrator.previewPrepareBatch().get().count
            try await autoMigrate()
            if steps > 0 { announce("Database bijgewerkt (\(steps) \(steps == 1 ? "stap" : "stappen")).") }
        }
        // A new key file beside a database already sealed with another key: the old one was lost.
        // Stop before anything is written with the wrong key.
        if let createdKeyFile, migrate, try await FluentAccountRepository.holdsKeyedData(on: db) {
            try? FileManager.default.removeItem(atPath: createdKeyFile)
            throw ConfigurationError.keyFileLost(createdKeyFile)
        }

        if migrate {
            let sealed = try await registerStore.sealedKeyIDs()
            if let createdRegisterKeyFile, !sealed.isEmpty {
                try? FileManager.default.removeItem(atPath: createdRegisterKeyFile)
                throw RegisterKeyProblem.keyFileMissing(path: createdRegisterKeyFile)
            }
            let missing = registerKeys.missing(sealed)
            if !missing.isEmpty {
                throw RegisterKeyProblem.missingKeys(ids: missing, source: configuration.registerKeySourceName)
            }
            if let createdRegisterKeyFile {
                announce("Nieuw bestand met registersleutels aangemaakt: \(createdRegisterKeyFile) (alleen leesbaar voor de eigenaar). Bewaar het apart van de database en maak er een reservekopie van: zonder dit bestand zijn de gegevens in de registers niet te lezen.")
            }
        }

        storage[PlanWriteLocksKey.self] = KeyedLocks()
        storage[PlanDocumentCacheKey.self] = PlanDocumentCache()
        storage[AnalysisMemoKey.self] = AnalysisMemo()
        storage[FigureImportsKey.self] = FigureImports()
        security.maxUploadBytes = configuration.maxUploadBytes
        lifecycle.use(FigureImportsLifecycle())
        lifecycle.use(DocumentsLifecycle())
        // Replace Vapor's default error middleware: users get Dutch pages, never internals.
        middleware = Middlewares()
        // Outermost first: security headers also cover the error pages.
        middleware.use(SecurityHeadersMiddleware())
        middleware.use(RequestLogMiddleware())
        middleware.use(RegieErrorMiddleware())
        // Sessions are read for every request; state-changing requests need a CSRF token.
        middleware.use(SessionLoader())
        middleware.use(CSRFMiddleware())
        // Forms with long texts are larger than Vapor's default of 16 kB.
        routes.defaultMaxBodySize = "1mb"

        // Open to everyone: the login pages and the stylesheet. Everything else needs an account.
        try register(collection: LoginController())
        PageController().bootPublic(routes: routes)
        let signedIn = routes.grouped(RequireAccount())
        LoginController().bootSignedIn(routes: signedIn)
        // The editor's and workflow's fixed paths (`plannen/nieuw`) go before the plan pages' parameters.
        WorkflowController().boot(routes: signedIn)
        RunningController().boot(routes: signedIn)
        DocumentsController().boot(routes: signedIn)
        EditorController().boot(routes: signedIn)
        PageController().boot(routes: signedIn)
        try signedIn.register(collection: AnalysisController())
        AdminController().boot(routes: signedIn)
        FiguresController().boot(routes: signedIn)
        RegistersController().boot(routes: signedIn)
    }

    /// The plan repository on this application's database.
    public var plans: any PlanRepository { FluentPlanRepository(database: db, chain: auditChain, documents: planDocuments) }

    /// The repository of imported statistics on this application's database.
    public var statistics: any StatisticsRepository { FluentStatisticsRepository(database: db) }
    /// Scheduled runs and reminder digests (issue 15).
    public var schedule: any ScheduleStore { FluentScheduleStore(database: db) }
    public var councilDocuments: any CouncilDocumentStore { FluentCouncilDocumentStore(database: db, chain: auditChain) }
    /// The registers with personal data (issue 17): the store sees sealed content only.
    public var registerStore: any RegisterStore { FluentRegisterStore(database: db, chain: auditChain, logKeys: processingLogKeys) }
    /// The registers' rules: access, sealing, the processing log.
    public var registers: RegisterService {
        RegisterService(store: registerStore, sealer: FieldSealer(ring: registerKeys), logKeys: processingLogKeys)
    }
    var processingLogKeys: ProcessingLogKeys { ProcessingLogKeys(mac: keys.processingLogMAC, pseudonym: keys.dataSubjectPseudonyms) }
    var registerKeys: RegisterKeyRing {
        guard let ring = storage[RegisterKeysKey.self] else { fatalError("Regie's register keys are read before the application is configured") }
        return ring
    }

    /// Accounts, partner organisations and the audit trail on this application's database.
    public var accounts: any AccountRepository { accounts(on: db) }

    func accounts(on database: any Database) -> any AccountRepository {
        FluentAccountRepository(database: database, chain: auditChain, secrets: SecretBox(key: keys.oneTimeSecrets),
                                unknownLoginSummary: { AuditTexts.unknownLogins(count: $0, from: $1, to: $2) })
    }

    /// The keys derived from the master key (set up by ``configureRegie(_:migrate:)``).
    var keys: RegieKeys {
        guard let keys = storage[RegieKeysKey.self] else { fatalError("Regie's keys are read before the application is configured") }
        return keys
    }

    /// The keyed audit chain with its anchors.
    var auditChain: AuditChain {
        guard let chain = storage[AuditChainKey.self] else { fatalError("the audit chain is used before the application is configured") }
        return chain
    }

    /// Decoded plan documents by revision, for every request of this process (see ``PlanDocumentCache``).
    var planDocuments: PlanDocumentCache? { storage[PlanDocumentCacheKey.self] }

    /// Analyses worked out from the imported figures, by the figures' state (see ``AnalysisMemo``).
    var analysisMemo: AnalysisMemo? { storage[AnalysisMemoKey.self] }

    var loginThrottle: LoginThrottle { storage[LoginThrottleKey.self] ?? LoginThrottle() }
    var trustedProxies: Set<String> { storage[TrustedProxiesKey.self] ?? [] }
}

struct RegieKeysKey: StorageKey { typealias Value = RegieKeys }
struct RegisterKeysKey: StorageKey { typealias Value = RegisterKeyRing }
struct AuditChainKey: StorageKey { typealias Value = AuditChain }
struct LoginThrottleKey: StorageKey { typealias Value = LoginThrottle }
struct PlanDocumentCacheKey: StorageKey { typealias Value = PlanDocumentCache }
struct AnalysisMemoKey: StorageKey { typealias Value = AnalysisMemo }
struct TrustedProxiesKey: StorageKey { typealias Value = Set<String> }

extension Request {
    /// The plan repository on this request's database.
    var plans: any PlanRepository {
        FluentPlanRepository(database: db, chain: application.auditChain, documents: application.planDocuments)
    }

    /// The repository of imported statistics on this request's database.
    var statistics: any StatisticsRepository { FluentStatisticsRepository(database: db) }
}
