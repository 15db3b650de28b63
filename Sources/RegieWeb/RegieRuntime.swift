import Foundation
import RegieCore
import RegieRegisters
import RegieReports
import Vapor

/// Starting and stopping Regie for the command line, so the executable needs no web types.
public enum RegieRuntime {
    /// Builds the application on the configured database (migrating it), runs `body` with the
    /// plan repository and always shuts down.
    public static func withRepository<T>(_ configuration: RegieConfiguration,
                                         _ body: (any PlanRepository) async throws -> T) async throws -> T {
        try await withApplication(configuration) { try await body($0.plans) }
    }

    /// As ``withRepository(_:_:)``, with the repository of imported statistics.
    public static func withStatistics<T>(_ configuration: RegieConfiguration,
                                         _ body: (any StatisticsRepository) async throws -> T) async throws -> T {
        try await withApplication(configuration) { try await body($0.statistics) }
    }

    /// As ``withRepository(_:_:)``, with the accounts and the plans (for municipality names, and
    /// for imports that are audited with the account that runs them).
    public static func withAccounts<T>(_ configuration: RegieConfiguration,
                                       _ body: (any AccountRepository, any PlanRepository) async throws -> T) async throws -> T {
        try await withApplication(configuration) { try await body($0.accounts, $0.plans) }
    }

    /// Checks the whole audit trail and its anchors (`regie audit controleer`): the Dutch report,
    /// line by line, and whether it is intact.
    public static func checkAuditTrail(_ configuration: RegieConfiguration) async throws -> (lines: [String], intact: Bool) {
        try await withApplication(configuration) { app in
            let check = try await app.accounts.checkWholeAuditChain()
            var lines = AuditTexts.check(check)
            let pending = try await app.accounts.pendingUnknownLogins()
            if pending > 0 {
                lines.append("Geteld maar nog niet als regel in het logboek: \(pending) mislukte inlogpoging\(pending == 1 ? "" : "en") met een onbekende gebruikersnaam (ze komen erin als één regel per uur, zodra het uur om is en er opnieuw zo'n poging is).")
            }
            return (lines, check.intact)
        }
    }

    /// A line for the person at the command line, on standard error so that output such as an
    /// exported plan stays clean.
    @Sendable private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func withApplication<T>(_ configuration: RegieConfiguration,
                                           _ body: (Application) async throws -> T) async throws -> T {
        var environment = try Environment.detect(arguments: ["regie"])
        environment.arguments = ["regie"]
        let app = try await Application.makeRegie(configuration, environment: environment, announce: say)
        // The command line answers in Dutch; the log's English lines (such as the audit trail's
        // anchoring) are for the server's operators, so only warnings and errors come through.
        if !configuration.allowDebugLogs { app.logger.logLevel = max(app.logger.logLevel, .warning) }
        do {
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Serves the web application until stopped. `prepare` runs after migration, before the
    /// server accepts requests (the demo data is loaded there).
    public static func serve(_ configuration: RegieConfiguration, hostname: String, port: Int,
                             prepare: (any PlanRepository, any StatisticsRepository, any AccountRepository, RegisterService) async throws -> Void) async throws {
        var environment = try Environment.detect(arguments: ["regie"])
        environment.arguments = ["regie", "serve", "--hostname", hostname, "--port", String(port)]
        let app = try await Application.makeRegie(configuration, environment: environment, announce: say)
        do {
            try await prepare(app.plans, app.statistics, app.accounts, app.registers)
            app.startReminders(configuration)
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
