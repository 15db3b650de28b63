import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import RegieCore
import RegiePersistence
import SQLKit
import Vapor

extension Application {
    /// Builds a Regie application: database, migrations, middleware and routes. Production, the
    /// command line and the tests all start here.
    public static func makeRegie(_ configuration: RegieConfiguration, environment: Environment,
                                 migrate: Bool = true) async throws -> Application {
        let app = try await Application.make(environment)
        do {
            try await app.configureRegie(configuration, migrate: migrate)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    func configureRegie(_ configuration: RegieConfiguration, migrate: Bool) async throws {
        // No personal data in logs: below info, lines carry query values.
        if !configuration.allowDebugLogs, logger.logLevel < .info { logger.logLevel = .info }
        databases.use(try configuration.database.configuration(), as: configuration.database.isPostgres ? .psql : .sqlite)
        if case .sqliteFile = configuration.database, let sql = db as? any SQLDatabase {
            // Write-ahead logging: readers (the web pages) are never blocked by a writer (an
            // import in another process), and a writer holds the lock only while it commits.
            // The mode is kept in the file; setting it again changes nothing.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        migrations.add(RegieMigrations.all)
        if migrate { try await autoMigrate() }

        storage[PlanWriteLocksKey.self] = KeyedLocks()
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
        EditorController().boot(routes: signedIn)
        PageController().boot(routes: signedIn)
        try signedIn.register(collection: AnalysisController())
        AdminController().boot(routes: signedIn)
    }

    /// The plan repository on this application's database.
    public var plans: any PlanRepository { FluentPlanRepository(database: db) }

    /// The repository of imported statistics on this application's database.
    public var statistics: any StatisticsRepository { FluentStatisticsRepository(database: db) }

    /// Accounts, partner organisations and the audit trail on this application's database.
    public var accounts: any AccountRepository { FluentAccountRepository(database: db) }
}

extension Request {
    /// The plan repository on this request's database.
    var plans: any PlanRepository { FluentPlanRepository(database: db) }

    /// The repository of imported statistics on this request's database.
    var statistics: any StatisticsRepository { FluentStatisticsRepository(database: db) }
}
