import Crypto
import FluentKit
import FluentSQL
import Foundation
import RegieCore

/// Appends to the audit trail and reads it back. Entries are chained: each hash covers the
/// entry and the hash before it, so a changed or removed entry breaks the chain visibly.
enum AuditWriter {
    static func append(_ entries: [AuditEntry], on db: any Database) async throws {
        guard !entries.isEmpty else { return }
        // On PostgreSQL, appends from concurrent transactions take turns (a transaction-scoped
        // advisory lock), so each reads the true last entry and the chain never forks. SQLite
        // runs one writing transaction at a time anyway.
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(7265676965)").run()
        }
        let last = try await AuditRecord.query(on: db).sort(\.$sequence, .descending).first()
        var sequence = last?.sequence ?? 0
        var previous = last?.hash ?? ""
        for entry in entries {
            sequence += 1
            let record = AuditRecord()
            record.sequence = sequence
            // Whole seconds: both databases keep them exactly, so the hash can be checked later.
            record.at = Date(timeIntervalSince1970: entry.at.timeIntervalSince1970.rounded(.down))
            record.actorID = entry.actor
            record.actorName = entry.actorName
            record.municipalities = "," + entry.municipalities.map(\.rawValue).joined(separator: ",") + ","
            record.action = entry.action.rawValue
            record.object = entry.object
            record.before = encode(entry.before)
            record.after = encode(entry.after)
            record.hash = hash(record, previous: previous)
            try await record.create(on: db)
            previous = record.hash
        }
    }

    static func hash(_ record: AuditRecord, previous: String) -> String {
        let fields = [previous, String(record.sequence), String(Int(record.at.timeIntervalSince1970)),
                      record.actorID?.uuidString ?? "", record.actorName, record.municipalities, record.action,
                      record.object, record.before, record.after]
        return hex(SHA256Digest.of(fields.joined(separator: "\u{1f}")))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }

    static func encode(_ values: [AuditValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [AuditValue] {
        (try? JSONDecoder().decode([AuditValue].self, from: Data(text.utf8))) ?? []
    }

    /// The entries `municipality` may read, newest first, each checked against the entry before
    /// it in the whole chain.
    static func entries(for municipality: MunicipalityCode?, limit: Int, on db: any Database) async throws -> [StoredAuditEntry] {
        let query = AuditRecord.query(on: db).sort(\.$sequence, .descending).limit(limit)
        if let municipality {
            query.filter(\.$municipalities, .contains(inverse: false, .anywhere), ",\(municipality.rawValue),")
        }
        let records = try await query.all()
        var result: [StoredAuditEntry] = []
        for record in records {
            let previous = record.sequence == 1 ? nil
                : try await AuditRecord.query(on: db).filter(\.$sequence == record.sequence - 1).first()
            let intact = (record.sequence == 1 || previous != nil) && hash(record, previous: previous?.hash ?? "") == record.hash
            let entry = AuditEntry(at: record.at, actor: record.actorID, actorName: record.actorName,
                                   municipalities: record.municipalities.split(separator: ",").compactMap { MunicipalityCode(String($0)) },
                                   action: AuditAction(rawValue: record.action) ?? .planPartChanged, object: record.object,
                                   before: decode(record.before), after: decode(record.after))
            result.append(StoredAuditEntry(sequence: record.sequence, entry: entry, hash: record.hash, intact: intact))
        }
        return result
    }
}

enum SHA256Digest {
    static func of(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }
}
