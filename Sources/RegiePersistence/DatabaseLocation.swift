import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Where Regie keeps its data: an SQLite file (the default, no set-up), an in-memory SQLite
/// database (tests), or a PostgreSQL server (production).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(URL)

    /// Chooses from a `DATABASE_URL`-style value: a `postgres://` or `postgresql://` URL selects
    /// PostgreSQL, `sqlite:PATH` or a missing value an SQLite file.
    public static func from(url: String?, defaultSQLitePath: String = "regie.sqlite") -> DatabaseLocation? {
        guard let url, !url.isEmpty else { return .sqliteFile(defaultSQLitePath) }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return URL(string: url).map(DatabaseLocation.postgres)
        }
        if url == "sqlite::memory:" { return .sqliteMemory }
        if url.hasPrefix("sqlite:") { return .sqliteFile(String(url.dropFirst("sqlite:".count))) }
        return nil
    }

    /// The Fluent configuration for this location. SQL carries plan texts and names in its bound
    /// values: SQLite never logs it, PostgreSQL only at trace level, which Regie does not allow
    /// outside development (see `RegieConfiguration.allowDebugLogs`).
    public func configuration() throws -> DatabaseConfigurationFactory {
        switch self {
        case .sqliteFile(let path):
            return .sqlite(.file(path), sqlLogLevel: nil)
        case .sqliteMemory:
            return .sqlite(.memory, sqlLogLevel: nil)
        case .postgres(let url):
            // Four connections per event loop (eight on two cores): with one, 64 readers queued
            // for two connections while each query waited on its round trip.
            return .postgres(configuration: try SQLPostgresConfiguration(url: url), maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace)
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// A description without secrets: the password of a PostgreSQL URL is never shown.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return "SQLite-bestand \(path)"
        case .sqliteMemory: return "SQLite in het geheugen"
        case .postgres(let url):
            return "PostgreSQL op \(url.host ?? "localhost")\(url.port.map { ":\($0)" } ?? "")\(url.path)"
        }
    }
}
