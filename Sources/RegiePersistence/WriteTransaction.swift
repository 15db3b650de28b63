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

extension Database {
    /// A write transaction for data nobody reads yet (an import's staging area): its commit
    /// does not wait for the disk. On SQLite (WAL) the commit skips the sync of the log; on
    /// PostgreSQL it is an asynchronous commit. Nothing is lost that matters: the transaction
    /// that publishes the data commits as usual, and its sync makes everything written before it
    /// durable too. A crash before that leaves staged rows at most, which the next import removes.
    func stagingTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, !inTransaction else { return try await writeTransaction(body) }
        if sql.dialect.name == "postgresql" {
            return try await transaction { db in
                try await (db as! any SQLDatabase).raw("SET LOCAL synchronous_commit = off").run()
                return try await body(db)
            }
        }
        guard sql.dialect.name == "sqlite" else { return try await writeTransaction(body) }
        return try await withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return try await connection.transaction(body) }
            // The level can only be changed outside a transaction; the connection gets its own back.
            let level = try await sql.raw("PRAGMA synchronous").first().map { try $0.decode(column: "synchronous", as: Int.self) } ?? 2
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                let result: T
                do {
                    result = try await body(connection)
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
                try await sql.raw("PRAGMA synchronous = \(unsafeRaw: String(level))").run()
                return result
            } catch {
                try? await sql.raw("PRAGMA synchronous = \(unsafeRaw: String(level))").run()
                throw error
            }
        }
    }
}
