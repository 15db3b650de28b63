import FluentKit
import FluentSQL

extension Database {
    /// A transaction that writes. On SQLite it begins IMMEDIATE: the write lock is taken at the
    /// start, so two saves that each read the plan before writing it wait for each other instead
    /// of deadlocking (SQLite answers a deferred transaction's late upgrade with "database is
    /// locked"). On PostgreSQL it is an ordinary transaction.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else {
            return try await transaction(body)
        }
        return try await withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return try await connection.transaction(body) }
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
