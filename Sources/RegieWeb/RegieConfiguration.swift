import Foundation
import RegiePersistence

/// Everything Regie reads from its environment, read once at start-up and passed down.
public struct RegieConfiguration: Sendable {
    public var database: DatabaseLocation
    /// Whether log levels below info are allowed. Debug and trace lines describe database
    /// queries with their values (plan texts, names), so they are refused unless a developer
    /// asks for them with `REGIE_DEBUG_LOGS=1`.
    public var allowDebugLogs: Bool

    public init(database: DatabaseLocation, allowDebugLogs: Bool = false) {
        self.database = database
        self.allowDebugLogs = allowDebugLogs
    }

    /// Reads `DATABASE_URL` (a `postgres://` URL selects PostgreSQL; absent means the SQLite
    /// file `regie.sqlite`, or `REGIE_SQLITE_PATH` when set).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RegieConfiguration {
        let sqlitePath = environment["REGIE_SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "regie.sqlite"
        guard let location = DatabaseLocation.from(url: environment["DATABASE_URL"], defaultSQLitePath: sqlitePath) else {
            throw ConfigurationError.invalidDatabaseURL
        }
        return RegieConfiguration(database: location, allowDebugLogs: environment["REGIE_DEBUG_LOGS"] == "1")
    }
}

public enum ConfigurationError: Error, CustomStringConvertible {
    case invalidDatabaseURL

    public var description: String {
        switch self {
        case .invalidDatabaseURL:
            "DATABASE_URL is geen geldige database-URL; gebruik postgres://gebruiker:wachtwoord@host:5432/database of laat de variabele weg voor SQLite"
        }
    }
}
